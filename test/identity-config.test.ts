// site.identity: who signs people in, checked before any resource is declared.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { loadSite, parseSiteConfig } from "../stacks/config/load";
import { SiteConfigError } from "../stacks/config/errors";
import { project } from "./support/plan";
import { problemsOf } from "./support/config-problems";
import { activeDirectory as directory, entraId as entra } from "./support/identity-upstreams";

const valid = { name: "site-a", kind: "existing", existing: { context: "site-a" }, objectStore: { type: "none" }, ingress: { hostname: "pacs.site-a.example" } };

describe("identity configuration", () => {
    const refused: Array<[string, unknown, string]> = [
        ["an unknown provider", { provider: "entra" }, 'site.identity.provider: "entra" is not allowed; expected a mapping with provider platform or keycloak'],
        [
            "a directory without the groups of any role",
            { provider: "platform", upstream: directory },
            "site.identity.roleGroups: missing; expected the directory's groups of at least one role (viewer, technologist, admin): without them nobody who signs in gets any rights",
        ],
        [
            "an OIDC provider without the groups of any role",
            { provider: "platform", upstream: entra, roleGroups: { viewer: [] } },
            `site.identity.roleGroups: {"viewer":[]} is not allowed; expected the provider's groups of at least one role (viewer, technologist, admin): without them nobody who signs in gets any rights`,
        ],
        [
            "groups without an upstream",
            { provider: "platform", roleGroups: { admin: ["PACS-Admins"] } },
            'site.identity.roleGroups: {"admin":["PACS-Admins"]} is not allowed; expected no groups without an upstream (there is no directory to read them from)',
        ],
        [
            "test users beside an upstream",
            { provider: "platform", upstream: entra, roleGroups: { viewer: ["g"] }, testUsers: true },
            "site.identity.testUsers: true is not allowed; expected false with an upstream: test accounts belong on a laptop or test site that signs people in itself",
        ],
        [
            "plain LDAP without StartTLS",
            { provider: "platform", upstream: { ...directory, url: "ldap://dc1.hospital.example" }, roleGroups: { viewer: ["g"] } },
            'site.identity.upstream.url: "ldap://dc1.hospital.example" is not allowed; expected ldaps://, or startTls: true with ldap:// (passwords would cross the network in clear)',
        ],
        [
            "an LDAP URL with a path",
            { provider: "platform", upstream: { ...directory, url: "ldaps://dc1.hospital.example/ou=x" }, roleGroups: { viewer: ["g"] } },
            'site.identity.upstream.url: "ldaps://dc1.hospital.example/ou=x" is not allowed; expected an LDAP URL such as ldaps://dc1.hospital.example:636',
        ],
        [
            "a bind account that is not a distinguished name",
            { provider: "platform", upstream: { ...directory, bindDn: "svc-pacs" }, roleGroups: { viewer: ["g"] } },
            'site.identity.upstream.bindDn: "svc-pacs" is not allowed; expected a distinguished name such as CN=svc-pacs,OU=Service Accounts,DC=hospital,DC=example',
        ],
        [
            "an issuer over plain HTTP",
            { provider: "platform", upstream: { ...entra, issuer: "http://adfs.hospital.example/adfs" }, roleGroups: { viewer: ["g"] } },
            'site.identity.upstream.issuer: "http://adfs.hospital.example/adfs" is not allowed; expected an https:// URL such as https://login.microsoftonline.com/<tenant-id>/v2.0',
        ],
        [
            "an OIDC provider without its token endpoint",
            { provider: "platform", upstream: { ...entra, tokenUrl: undefined }, roleGroups: { viewer: ["g"] } },
            "site.identity.upstream.tokenUrl: missing; expected an https:// URL such as https://login.microsoftonline.com/<tenant-id>/oauth2/v2.0/token",
        ],
        [
            "an empty group name",
            { provider: "platform", upstream: directory, roleGroups: { viewer: [""] } },
            `site.identity.roleGroups.viewer.0: "" is not allowed; expected a group name (Entra ID: the group's object ID)`,
        ],
        ["a role the platform does not have", { provider: "platform", roleGroups: { nurse: ["x"] } }, "site.identity.roleGroups.nurse: unknown key; expected one of: admin, technologist, viewer"],
        [
            "a scripts role the platform does not have",
            { provider: "platform", scriptsRole: "robot" },
            'site.identity.scriptsRole: "robot" is not allowed; expected one of: viewer, technologist, admin',
        ],
        [
            "a realm name with a space",
            { provider: "keycloak", keycloak: { url: "https://sso.hospital.example/", realm: "hospital realm" } },
            `site.identity.keycloak.realm: "hospital realm" is not allowed; expected a realm name (letters, digits, '.', '_' and '-')`,
        ],
        [
            "an existing Keycloak over plain HTTP",
            { provider: "keycloak", keycloak: { url: "http://sso.hospital.example/", realm: "hospital" } },
            'site.identity.keycloak.url: "http://sso.hospital.example/" is not allowed; expected an https:// URL such as https://sso.hospital.example/',
        ],
        [
            "platform settings beside an existing Keycloak",
            { provider: "keycloak", keycloak: { url: "https://sso.hospital.example/", realm: "hospital" }, testUsers: true },
            "site.identity.testUsers: unknown key; expected one of: keycloak, provider",
        ],
    ];
    for (const [label, identity, message] of refused) {
        it(`refuses ${label}`, () => {
            assert.deepEqual(problemsOf({ ...valid, identity }), [message]);
        });
    }

    it("runs the platform's Keycloak with its own accounts only when the site says nothing", () => {
        assert.deepEqual(parseSiteConfig(valid).identity, {
            provider: "platform",
            roleGroups: { viewer: [], technologist: [], admin: [] },
            testUsers: false,
            scriptsRole: "viewer",
        });
    });

    it("fills an upstream's defaults", () => {
        const identity = parseSiteConfig({ ...valid, identity: { provider: "platform", upstream: directory, roleGroups: { admin: ["PACS-Admins"] } } }).identity;
        assert.deepEqual(identity.provider === "platform" && identity.upstream, { ...directory, startTls: false, vendor: "ad" });
        const broker = parseSiteConfig({ ...valid, identity: { provider: "platform", upstream: entra, roleGroups: { viewer: ["g"] } } }).identity;
        assert.deepEqual(broker.provider === "platform" && broker.upstream, { ...entra, displayName: "Hospital account", groupsClaim: "groups" });
    });

    it("accepts plain LDAP with StartTLS and an existing Keycloak", () => {
        parseSiteConfig({ ...valid, identity: { provider: "platform", upstream: { ...directory, url: "ldap://dc1.hospital.example:389", startTls: true }, roleGroups: { viewer: ["g"] } } });
        const existing = parseSiteConfig({ ...valid, identity: { provider: "keycloak", keycloak: { url: "https://sso.hospital.example/", realm: "hospital" } } }).identity;
        assert.deepEqual(existing, { provider: "keycloak", keycloak: { url: "https://sso.hospital.example/", realm: "hospital", clientId: "orthanc" } });
    });

    describe("the upstream's secret", () => {
        after(() => pulumi.runtime.setAllConfig({}, []));
        function refusalOf(identity: unknown, secrets: Record<string, string> = {}): string[] {
            pulumi.runtime.setAllConfig(
                { [`${project}:site`]: JSON.stringify({ ...valid, identity }), ...Object.fromEntries(Object.entries(secrets).map(([key, value]) => [`${project}:${key}`, value])) },
                Object.keys(secrets).map((key) => `${project}:${key}`),
            );
            try {
                loadSite(new pulumi.Config(project));
            } catch (error) {
                assert.ok(error instanceof SiteConfigError, `expected a SiteConfigError, got ${error}`);
                return error.problems;
            }
            return [];
        }

        it("asks for the directory's bind password", () => {
            assert.deepEqual(refusalOf({ provider: "platform", upstream: directory, roleGroups: { viewer: ["g"] } }), [
                "imaging-platform:identityLdapBindPassword: missing; expected a secret because site.identity.upstream.kind is ldap (the password of site.identity.upstream.bindDn: pulumi config set --secret identityLdapBindPassword ...)",
            ]);
        });

        it("asks for the OIDC client secret", () => {
            assert.deepEqual(refusalOf({ provider: "platform", upstream: entra, roleGroups: { viewer: ["g"] } }), [
                "imaging-platform:identityOidcClientSecret: missing; expected a secret because site.identity.upstream.kind is oidc (the client secret of site.identity.upstream.clientId: pulumi config set --secret identityOidcClientSecret ...)",
            ]);
        });

        it("takes them when they are set, and asks for none without an upstream", () => {
            assert.deepEqual(refusalOf({ provider: "platform", upstream: directory, roleGroups: { viewer: ["g"] } }, { identityLdapBindPassword: "bind-secret" }), []);
            assert.deepEqual(refusalOf({ provider: "platform", upstream: entra, roleGroups: { viewer: ["g"] } }, { identityOidcClientSecret: "client-secret" }), []);
            assert.deepEqual(refusalOf({ provider: "platform" }), []);
        });
    });
});
