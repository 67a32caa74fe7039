// Orthanc's sign-in sections: what the authorization plugin and Orthanc Explorer 2 are told.
import { strict as assert } from "assert";
import { signInSections } from "../components/orthanc/sign-in";

const input = {
    authServiceUrl: "http://orthanc-auth.imaging.svc.cluster.local:8000/",
    authServiceUsername: "orthanc",
    keycloak: { url: "https://pacs.site-a.example/keycloak/", realm: "imaging", clientId: "orthanc" },
};

describe("Orthanc's sign-in sections", () => {
    const sections = signInSections(input) as Record<string, any>;

    it("hands every decision to the authorization plugin and the auth service", () => {
        assert.equal(sections.AuthenticationEnabled, false);
        assert.deepEqual(sections.Authorization, {
            WebServiceRootUrl: "http://orthanc-auth.imaging.svc.cluster.local:8000/",
            WebServiceUsername: "orthanc",
            WebServicePassword: "${ORTHANC_AUTH_SERVICE_PASSWORD}",
            StandardConfigurations: ["orthanc-explorer-2"],
            CheckedLevel: "studies",
            UncheckedResources: ["/tools/metrics-prometheus"],
        });
    });

    it("signs people in to Orthanc Explorer 2 at the realm, and offers no shares", () => {
        assert.deepEqual(sections.OrthancExplorer2.Keycloak, { Enable: true, Url: "https://pacs.site-a.example/keycloak/", Realm: "imaging", ClientId: "orthanc" });
        assert.equal(sections.OrthancExplorer2.UiOptions.EnableShares, false);
        assert.equal(sections.OrthancExplorer2.IsDefaultUI, true);
    });

    it("carries no password, only the placeholder the image fills from the pod's Secret", () => {
        assert.doesNotMatch(JSON.stringify(sections), /"WebServicePassword":"[^$]/);
    });

    it("refuses URLs the plugin and keycloak-js would append to wrongly", () => {
        assert.throws(() => signInSections({ ...input, authServiceUrl: "http://orthanc-auth:8000" }), /must end in '\/'/);
        assert.throws(() => signInSections({ ...input, keycloak: { ...input.keycloak, url: "https://pacs.site-a.example/keycloak" } }), /must end in '\/'/);
    });
});
