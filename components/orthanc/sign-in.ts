// Orthanc's part of single sign-on: the authorization plugin asks the auth
// service about every token, and Orthanc Explorer 2 signs people in with
// Keycloak. Both ship in the pinned orthancteam image (authorization plugin
// 0.10.1, Orthanc Explorer 2 1.9.2); their keys are those of the plugin's
// Plugin/DefaultConfiguration.json and OE2's Plugin/DefaultConfiguration.json at
// those versions. The orthanc-team setups (orthanc-auth-service's minimal-setup/
// keycloak) turn Orthanc's own basic authentication off: the plugin decides.
import type { OrthancJson } from "./config";
import { placeholder, secretEnv } from "./paths";
import { metricsPath } from "./request-filter";

export interface OrthancSignIn {
    /** The auth service as Orthanc reaches it, ending in '/'. */
    authServiceUrl: string;
    /** The account the plugin calls it with; the password comes from secretEnv.authServicePassword. */
    authServiceUsername: string;
    /** The Keycloak realm browsers sign in at: base URL ending in '/', realm, public client. */
    keycloak: { url: string; realm: string; clientId: string };
}

export function signInSections(input: OrthancSignIn): OrthancJson {
    if (!input.authServiceUrl.endsWith("/") || !input.keycloak.url.endsWith("/")) {
        // The plugin appends its routes (user/get-profile) and keycloak-js its paths to these.
        throw new Error(`the auth service and Keycloak URLs must end in '/' (${input.authServiceUrl}, ${input.keycloak.url})`);
    }
    return {
        AuthenticationEnabled: false,
        Authorization: {
            WebServiceRootUrl: input.authServiceUrl,
            WebServiceUsername: input.authServiceUsername,
            WebServicePassword: placeholder(secretEnv.authServicePassword),
            // Orthanc Explorer 2's files and its pre-login settings load before
            // sign-in, and its tokens arrive in the "token" header.
            StandardConfigurations: ["orthanc-explorer-2"],
            // Permissions follow studies: a series or instance is allowed when its study is.
            CheckedLevel: "studies",
            // The plugin's table has no pattern for the metrics (0.10.3 adds one):
            // Prometheus is let through here and held to that one route by the Lua
            // filter and by the mesh's policy, which admits only Prometheus to it.
            UncheckedResources: [metricsPath],
        },
        OrthancExplorer2: {
            Enable: true,
            IsDefaultUI: true,
            UiOptions: {
                // Links that publish a study outside the hospital: no role has "share".
                EnableShares: false,
                // The plugin's audit log is off (it writes modified tags, patient
                // names among them, to Orthanc's log); the Lua filter's audit is kept.
                EnableAuditLogs: false,
                EnableApiViewMenu: false,
            },
            Keycloak: { Enable: true, Url: input.keycloak.url, Realm: input.keycloak.realm, ClientId: input.keycloak.clientId },
        },
    };
}
