// site.identity: who signs people in to Orthanc (components/identity/provider.ts
// says why it is always a Keycloak realm). Default: a Keycloak the platform runs,
// with only its own accounts.
import { z } from "zod";
import { platformRoles } from "../../components/identity/roles";
import { flag, matching, oneOf, section, text } from "./fields";

const httpsUrl = (example: string) => matching(/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, `an https:// URL such as ${example}`);
// A distinguished name: attribute=value pairs separated by commas.
const distinguishedName = (example: string) => matching(/^[A-Za-z][A-Za-z0-9-]*=[^,]+(,\s*[A-Za-z][A-Za-z0-9-]*=[^,]+)*$/, `a distinguished name such as ${example}`);
const groupList = z.array(text("a group name (Entra ID: the group's object ID)"), { error: "expected a list of group names" });

const ldap = section({
    kind: z.literal("ldap"),
    // ldaps://, or ldap:// with startTls: the bind password and people's passwords cross the network.
    url: matching(/^ldaps?:\/\/[^\s/]+\/?$/, "an LDAP URL such as ldaps://dc1.hospital.example:636"),
    startTls: flag().default(false),
    // Active Directory (sAMAccountName, objectGUID) or another LDAP server (uid, entryUUID).
    vendor: oneOf(["ad", "other"] as const).default("ad"),
    bindDn: distinguishedName("CN=svc-pacs,OU=Service Accounts,DC=hospital,DC=example"),
    usersDn: distinguishedName("OU=Staff,DC=hospital,DC=example"),
    groupsDn: distinguishedName("OU=Groups,DC=hospital,DC=example"),
});

const oidc = section({
    kind: z.literal("oidc"),
    displayName: text("the name on the sign-in button, such as Hospital account").default("Hospital account"),
    issuer: httpsUrl("https://login.microsoftonline.com/<tenant-id>/v2.0"),
    clientId: text("the client (application) ID registered for the platform"),
    groupsClaim: text("the name of the token claim that lists the person's groups").default("groups"),
    // The provider's endpoints, as its /.well-known/openid-configuration lists them:
    // Keycloak does not discover them for an imported broker (components/identity/realm.ts).
    authorizationUrl: httpsUrl("https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/authorize"),
    tokenUrl: httpsUrl("https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/token"),
    jwksUrl: httpsUrl("https://login.microsoftonline.com/<tenant-id>/discovery/v2.0/keys"),
    logoutUrl: httpsUrl("https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/logout").optional(),
});

const roleGroups = section(Object.fromEntries(platformRoles.map((role) => [role, groupList.default([])])) as Record<(typeof platformRoles)[number], z.ZodDefault<typeof groupList>>);

const platformKeycloak = section({
    provider: z.literal("platform"),
    upstream: z.discriminatedUnion("kind", [ldap, oidc], { error: "expected a mapping with kind ldap or oidc" }).optional(),
    roleGroups: roleGroups.prefault({}),
    testUsers: flag().default(false),
    // The one role the integration scripts' client-credentials client gets.
    scriptsRole: oneOf(platformRoles).default("viewer"),
});

const existingKeycloak = section({
    provider: z.literal("keycloak"),
    keycloak: section({
        url: httpsUrl("https://sso.hospital.example/"),
        realm: matching(/^[A-Za-z0-9._-]+$/, "a realm name (letters, digits, '.', '_' and '-')"),
        clientId: text("the public client created for Orthanc Explorer 2").default("orthanc"),
    }),
});

export const identity = z
    .discriminatedUnion("provider", [platformKeycloak, existingKeycloak], { error: "expected a mapping with provider platform or keycloak" })
    .superRefine((value, ctx) => {
        if (value.provider !== "platform") {
            return;
        }
        const mapped = platformRoles.filter((role) => value.roleGroups[role].length > 0);
        if (value.upstream !== undefined && mapped.length === 0) {
            ctx.addIssue({
                code: "custom",
                path: ["roleGroups"],
                input: value.roleGroups,
                message: `expected the ${value.upstream.kind === "ldap" ? "directory's" : "provider's"} groups of at least one role (${platformRoles.join(", ")}): without them nobody who signs in gets any rights`,
            });
        }
        if (value.upstream === undefined && mapped.length > 0) {
            ctx.addIssue({ code: "custom", path: ["roleGroups"], input: value.roleGroups, message: "expected no groups without an upstream (there is no directory to read them from)" });
        }
        if (value.upstream !== undefined && value.testUsers) {
            ctx.addIssue({ code: "custom", path: ["testUsers"], input: value.testUsers, message: "expected false with an upstream: test accounts belong on a laptop or test site that signs people in itself" });
        }
        if (value.upstream?.kind === "ldap" && value.upstream.url.startsWith("ldap://") && !value.upstream.startTls) {
            ctx.addIssue({
                code: "custom",
                path: ["upstream", "url"],
                input: value.upstream.url,
                message: "expected ldaps://, or startTls: true with ldap:// (passwords would cross the network in clear)",
            });
        }
    });

export type IdentityConfig = z.output<typeof identity>;
