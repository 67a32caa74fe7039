// The platform's Keycloak (components/identity/keycloak.ts) under Pulumi's mocks:
// what reaches the cluster (Deployment, Service, Secrets), that every secret stays
// out of the realm file and every plain value, and that each placeholder of the
// realm file has its value in the container's environment.
//
// Nothing here runs Keycloak (Debian has none): the environment variable names,
// the import at start and the placeholder substitution are read from Keycloak's
// documentation and sources (see the component), not observed.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Keycloak, realmFileName, type KeycloakArgs } from "../components/identity/keycloak";
import type { PlatformKeycloak } from "../components/identity/provider";
import { placeholderValue, realmPlaceholders, buildRealm } from "../components/identity/realm";
import { images } from "../components/versions";
import { evaluateProgram, type Plan } from "../tools/plan/evaluate";
import { maskedSecret } from "../tools/plan/masking";
import { generatedSecretStandIns, project, resource, resourcesOfType, types } from "./support/plan";
import { validateObject } from "./support/schemas";
import { unwrapped } from "./support/site-mocks";
import { standInPublicKeyPem } from "../tools/plan/stand-in-public-key";

type Json = Record<string, any>;

const hostname = "pacs.hospital.example";
// Secrets from the site's configuration, as the site's secret config keys would pass them.
const ldapBindPassword = 'canary-ldap-"bind"-password';
const oidcClientSecret = "canary-oidc-client-secret";

const noGroups = { viewer: [], technologist: [], admin: [] };
const sites: Record<string, { identity: PlatformKeycloak; oidc?: boolean }> = {
    laptop: { identity: { kind: "platform", roleGroups: noGroups, testUsers: true } },
    ldap: {
        identity: {
            kind: "platform",
            upstream: {
                kind: "ldap",
                url: "ldaps://dc1.hospital.example:636",
                startTls: false,
                vendor: "ad",
                bindDn: "CN=svc-keycloak,DC=hospital,DC=example",
                bindPassword: pulumi.secret(ldapBindPassword),
                usersDn: "OU=People,DC=hospital,DC=example",
                groupsDn: "OU=Groups,DC=hospital,DC=example",
            },
            roleGroups: { viewer: ["PACS-Readers"], technologist: ["PACS-Techs"], admin: ["PACS-Admins"] },
            testUsers: false,
        },
    },
    oidc: {
        identity: {
            kind: "platform",
            upstream: {
                kind: "oidc",
                displayName: "Hospital account",
                issuer: "https://login.microsoftonline.com/tenant/v2.0",
                clientId: "imaging",
                clientSecret: pulumi.secret(oidcClientSecret),
                groupsClaim: "groups",
            },
            roleGroups: { viewer: ["g-1"], technologist: ["g-2"], admin: ["g-3"] },
            testUsers: false,
        },
        oidc: true,
    },
};

function keycloakArgs(site: string): KeycloakArgs {
    return {
        namespace: "identity",
        hostname,
        identity: sites[site].identity,
        ...(sites[site].oidc
            ? {
                  oidcEndpoints: {
                      authorizationUrl: "https://login.microsoftonline.com/tenant/oauth2/v2.0/authorize",
                      tokenUrl: "https://login.microsoftonline.com/tenant/oauth2/v2.0/token",
                      jwksUrl: "https://login.microsoftonline.com/tenant/discovery/v2.0/keys",
                  },
              }
            : {}),
        database: {
            host: "postgres-rw.imaging.svc",
            port: 5432,
            database: "keycloak",
            credentialsSecretName: "postgres-keycloak",
            caSecretName: "postgres-ca",
        },
    };
}

// The component's outputs become the stack's, so the plan shows how they are kept.
function planKeycloak(site: string): Promise<Plan> {
    return evaluateProgram({ project, stack: `keycloak-${site}`, stackConfig: { config: {}, secretKeys: [] } }, () => {
        const keycloak = new Keycloak("keycloak", keycloakArgs(site));
        return {
            admin: keycloak.admin,
            breakGlass: keycloak.breakGlass,
            testUsers: keycloak.testUsers,
            scriptsClient: keycloak.scriptsClient,
            issuerUrl: keycloak.issuerUrl,
            realmFile: keycloak.realmFile,
            publicUrl: keycloak.publicUrl,
            realmUrlInCluster: keycloak.realmUrlInCluster,
        };
    });
}

interface Sent {
    secrets: Record<string, Json>;
    outputs: Record<string, unknown>;
}

// What the SDK really sends, secrets unwrapped, each generated password distinct.
async function sentUnderMocks(site: string): Promise<Sent> {
    const secrets: Record<string, Json> = {};
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                if (args.type === types.secret) {
                    secrets[args.inputs.metadata.name] = unwrapped(args.inputs.stringData) as Json;
                }
                const computed =
                    args.type === "random:index/randomPassword:RandomPassword"
                        ? { result: `generated-${args.name}` }
                        : args.type === "random:index/randomString:RandomString"
                          ? { result: "abcdefgh" }
                          : args.type === "tls:index/privateKey:PrivateKey"
                            ? { privateKeyPemPkcs8: `-----BEGIN PRIVATE KEY-----\ngenerated${args.name.replace(/-/g, "")}\n-----END PRIVATE KEY-----\n`, publicKeyPem: standInPublicKeyPem }
                            : {};
                return { id: `${args.name}-id`, state: { ...args.inputs, ...computed } };
            },
            call: () => {
                throw new Error("no look-ups");
            },
        },
        project,
        `keycloak-sent-${site}`,
        false,
    );
    const outputs: Record<string, unknown> = {};
    await pulumi.runtime.runInPulumiStack(async () => {
        const keycloak = new Keycloak("keycloak", keycloakArgs(site));
        for (const name of ["admin", "breakGlass", "testUsers", "scriptsClient"] as const) {
            (keycloak[name] as pulumi.Output<unknown>).apply((value) => (outputs[name] = value));
        }
    });
    await pulumi.runtime.disconnect();
    return { secrets, outputs };
}

function container(plan: Plan): Json {
    return (resource(plan, types.deployment, "keycloak").inputs as Json).spec.template.spec.containers[0];
}

function env(plan: Plan): Record<string, Json> {
    return Object.fromEntries((container(plan).env as Json[]).map((e) => [e.name, e]));
}

function leaves(value: unknown): unknown[] {
    if (Array.isArray(value)) return value.flatMap(leaves);
    if (value !== null && typeof value === "object") return Object.values(value).flatMap(leaves);
    return [value];
}

describe("the platform's Keycloak", () => {
    const plans: Record<string, Plan> = {};
    before(async () => {
        for (const site of Object.keys(sites)) {
            plans[site] = await planKeycloak(site);
        }
    });

    it("is one component whose every child names it as parent (the signing key through its own component)", () => {
        for (const plan of Object.values(plans)) {
            const component = resourcesOfType(plan, "imaging:identity:Keycloak");
            assert.equal(component.length, 1);
            const signingKey = resourcesOfType(plan, "imaging:identity:RealmSigningKey");
            assert.equal(signingKey.length, 1);
            assert.equal(signingKey[0].parent, component[0].urn);
            for (const child of plan.resources.filter((r) => r !== component[0] && r.custom && !r.type.startsWith("pulumi:providers:"))) {
                assert.equal(child.parent, child.type === "tls:index/privateKey:PrivateKey" ? signingKey[0].urn : component[0].urn, child.urn);
            }
        }
    });

    it("runs the pinned upstream image, one replica, importing the realm at start", async () => {
        const plan = plans.laptop;
        const deployment = resource(plan, types.deployment, "keycloak").inputs as Json;
        assert.equal(container(plan).image, images.keycloak);
        assert.match(images.keycloak, /^quay\.io\/keycloak\/keycloak:\d+\.\d+\.\d+$/);
        assert.deepEqual(container(plan).args, ["start", "--import-realm"]);
        assert.equal(deployment.spec.replicas, 1);
        assert.equal(env(plan).KC_CACHE.value, "local");
        await validateObject(deployment as { apiVersion: string; kind: string });
    });

    it("meets the restricted Pod Security Standard", () => {
        const deployment = resource(plans.laptop, types.deployment, "keycloak").inputs as Json;
        const pod = deployment.spec.template.spec;
        assert.equal(pod.securityContext.runAsNonRoot, true);
        assert.notEqual(pod.securityContext.runAsUser, 0);
        assert.equal(pod.securityContext.seccompProfile.type, "RuntimeDefault");
        assert.equal(pod.automountServiceAccountToken, false);
        const security = container(plans.laptop).securityContext;
        assert.equal(security.allowPrivilegeEscalation, false);
        assert.equal(security.runAsNonRoot, true);
        assert.deepEqual(security.capabilities, { drop: ["ALL"] });
    });

    it("serves under /keycloak of the Orthanc host name behind the gateway, its database over verified TLS", () => {
        const variables = env(plans.laptop);
        assert.equal(variables.KC_HOSTNAME.value, "https://pacs.hospital.example/keycloak");
        assert.equal(variables.KC_HTTP_RELATIVE_PATH.value, "/keycloak");
        assert.equal(variables.KC_HTTP_ENABLED.value, "true");
        assert.equal(variables.KC_PROXY_HEADERS.value, "xforwarded");
        assert.equal(variables.KC_DB.value, "postgres");
        assert.equal(
            variables.KC_DB_URL.value,
            "jdbc:postgresql://postgres-rw.imaging.svc:5432/keycloak?sslmode=verify-full&sslrootcert=/etc/keycloak/postgres-ca/ca.crt",
        );
        assert.deepEqual(variables.KC_DB_PASSWORD.valueFrom, { secretKeyRef: { name: "postgres-keycloak", key: "password" } });
        const mounts = container(plans.laptop).volumeMounts as Json[];
        const volumes = (resource(plans.laptop, types.deployment, "keycloak").inputs as Json).spec.template.spec.volumes as Json[];
        const caMount = mounts.find((m) => m.mountPath === "/etc/keycloak/postgres-ca");
        assert.deepEqual(volumes.find((v) => v.name === caMount?.name)?.secret, { secretName: "postgres-ca", items: [{ key: "ca.crt", path: "ca.crt" }] });
    });

    it("probes the health endpoints on the management port", () => {
        const probes = container(plans.laptop);
        assert.equal(env(plans.laptop).KC_HEALTH_ENABLED.value, "true");
        assert.equal(env(plans.laptop).KC_HTTP_MANAGEMENT_RELATIVE_PATH.value, "/");
        assert.deepEqual(probes.readinessProbe.httpGet, { path: "/health/ready", port: "management" });
        assert.deepEqual(probes.livenessProbe.httpGet, { path: "/health/live", port: "management" });
        assert.deepEqual(probes.startupProbe.httpGet, { path: "/health/started", port: "management" });
        assert.ok((probes.ports as Json[]).some((p) => p.name === "management" && p.containerPort === 9000));
    });

    it("gives each placeholder of the realm file its value from the realm Secret, and nothing else from it", () => {
        for (const [site, plan] of Object.entries(plans)) {
            const secret = resource(plan, types.secret, "keycloak-realm").inputs as Json;
            // The plan masks the Secret's data whole; the component gives the file as it writes it.
            const realmFile = plan.outputs.realmFile;
            const placeholders = [...new Set([...String(realmFile).matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]))].sort();
            const fromRealmSecret = Object.values(env(plan))
                .filter((e) => e.valueFrom?.secretKeyRef?.name === "keycloak-realm")
                .map((e) => {
                    assert.equal(e.valueFrom.secretKeyRef.key, e.name, e.name);
                    return e.name as string;
                })
                .sort();
            assert.deepEqual(fromRealmSecret, placeholders, site);
            assert.deepEqual(Object.keys(secret.stringData).filter((key) => key !== realmFileName).sort(), placeholders, site);
        }
    });

    it("mounts only the realm file where the import reads it", () => {
        const deployment = resource(plans.laptop, types.deployment, "keycloak").inputs as Json;
        const volume = (deployment.spec.template.spec.volumes as Json[]).find((v) => v.secret?.secretName === "keycloak-realm");
        assert.deepEqual(volume?.secret.items, [{ key: "imaging-realm.json", path: "imaging-realm.json" }]);
        const mount = (container(plans.laptop).volumeMounts as Json[]).find((m) => m.name === volume?.name);
        assert.equal(mount?.mountPath, "/opt/keycloak/data/import");
    });

    it("keeps every generated or configured secret out of the realm file and every plain value", () => {
        for (const [site, plan] of Object.entries(plans)) {
            const text = JSON.stringify(plan);
            for (const secret of [...generatedSecretStandIns, ldapBindPassword, oidcClientSecret]) {
                assert.ok(!text.includes(secret), `${site}: ${secret} in the plan`);
            }
            const secret = resource(plan, types.secret, "keycloak-realm").inputs as Json;
            assert.ok(leaves(secret.stringData).every((leaf) => leaf === maskedSecret), site);
            assert.equal(typeof plan.outputs.realmFile, "string", site);
            for (const configMap of resourcesOfType(plan, types.configMap)) {
                assert.fail(`${site}: a ConfigMap (${configMap.name}) where none was expected`);
            }
        }
    });

    it("keeps the bootstrap administrator's credentials in a basic-auth Secret, never in the Deployment", () => {
        const variables = env(plans.laptop);
        assert.deepEqual(variables.KC_BOOTSTRAP_ADMIN_USERNAME.valueFrom, { secretKeyRef: { name: "keycloak-admin", key: "username" } });
        assert.deepEqual(variables.KC_BOOTSTRAP_ADMIN_PASSWORD.valueFrom, { secretKeyRef: { name: "keycloak-admin", key: "password" } });
        assert.equal((resource(plans.laptop, types.secret, "keycloak-admin").inputs as Json).type, "kubernetes.io/basic-auth");
        for (const variable of Object.values(variables)) {
            assert.ok(variable.value === undefined || !String(variable.value).includes("generated"), variable.name);
        }
    });

    it("makes every credential output a secret, and only the addresses plain", () => {
        for (const [site, plan] of Object.entries(plans)) {
            for (const name of ["admin", "breakGlass", "scriptsClient"]) {
                const output = plan.outputs[name];
                assert.ok(leaves(output).length > 0 && leaves(output).every((leaf) => leaf === maskedSecret), `${site}: ${name} = ${JSON.stringify(output)}`);
            }
            assert.ok(leaves(plan.outputs.testUsers).every((leaf) => leaf === maskedSecret), site);
            assert.equal(plan.outputs.issuerUrl, "https://pacs.hospital.example/keycloak/realms/imaging");
            // What Orthanc Explorer 2 (components/orthanc/sign-in.ts) and the auth service are given.
            assert.equal(plan.outputs.publicUrl, "https://pacs.hospital.example/keycloak/");
            assert.equal(plan.outputs.realmUrlInCluster, "http://keycloak.identity.svc.cluster.local:8080/keycloak/realms/imaging/");
        }
    });
});

describe("what the platform's Keycloak really receives", () => {
    it("fills each placeholder with its own secret, escaped for the realm file", async () => {
        const { secrets, outputs } = await sentUnderMocks("ldap");
        const realm = secrets["keycloak-realm"];
        assert.equal(realm.IMAGING_REALM_BREAK_GLASS_PASSWORD, placeholderValue("generated-keycloak-break-glass"));
        assert.equal(realm.IMAGING_REALM_SCRIPTS_CLIENT_SECRET, placeholderValue("generated-keycloak-scripts-client"));
        assert.equal(realm.IMAGING_REALM_LDAP_BIND_PASSWORD, placeholderValue(ldapBindPassword));
        assert.deepEqual(outputs.breakGlass, { username: "break-glass", password: "generated-keycloak-break-glass" });
        assert.deepEqual(outputs.scriptsClient, {
            clientId: "orthanc-scripts",
            clientSecret: "generated-keycloak-scripts-client",
            tokenUrl: "https://pacs.hospital.example/keycloak/realms/imaging/protocol/openid-connect/token",
        });
        assert.deepEqual(secrets["keycloak-admin"], { username: "admin-abcdefgh", password: "generated-keycloak-admin-password" });
        assert.deepEqual(outputs.admin, secrets["keycloak-admin"]);
    });

    it("gives the test users their own passwords, and the OIDC broker the site's client secret", async () => {
        const laptop = await sentUnderMocks("laptop");
        for (const role of ["viewer", "technologist", "admin"]) {
            assert.equal(laptop.secrets["keycloak-realm"][`IMAGING_REALM_TEST_${role.toUpperCase()}_PASSWORD`], `generated-keycloak-test-${role}`);
            assert.deepEqual((laptop.outputs.testUsers as Json)[role], { username: `test-${role}`, password: `generated-keycloak-test-${role}` });
        }
        const oidc = await sentUnderMocks("oidc");
        assert.equal(oidc.secrets["keycloak-realm"].IMAGING_REALM_OIDC_CLIENT_SECRET, oidcClientSecret);
        assert.deepEqual(oidc.outputs.testUsers, {});
    });

    it("writes no secret into the realm file", async () => {
        for (const site of Object.keys(sites)) {
            const { secrets } = await sentUnderMocks(site);
            const file = secrets["keycloak-realm"][realmFileName] as string;
            for (const [key, value] of Object.entries(secrets["keycloak-realm"])) {
                if (key !== realmFileName) {
                    assert.ok(!file.includes(value as string), `${site}: the value of ${key} is in the realm file`);
                }
            }
            assert.deepEqual(
                realmPlaceholders(buildRealm({ ...keycloakArgs(site), keycloak: sites[site].identity })),
                Object.keys(secrets["keycloak-realm"]).filter((key) => key !== realmFileName).sort(),
            );
        }
    });
});
