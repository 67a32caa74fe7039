// The Orthanc component's single sign-on (OrthancArgs.signIn) under Pulumi's mocks,
// on its own: what the Deployment, its ConfigMap and its Secrets carry, beside the
// auth service's client Secret the platform hands it. What the real Orthanc makes
// of this configuration and filter is in test/conformance/sign-in.test.ts.
import { strict as assert } from "assert";
import * as crypto from "crypto";
import { AuthService } from "../components/identity/auth-service";
import { Orthanc, orthancMetricsUser, type OrthancArgs, type OrthancSignInArgs } from "../components/orthanc/orthanc";
import { containerPaths, secretEnv } from "../components/orthanc/paths";
import { httpAnswersScript, metricsAnswerScript } from "../components/orthanc/probes";
import { metricsPath } from "../components/orthanc/request-filter";
import { placeholdersIn } from "./conformance/localize";
import { evaluateProgram, type Plan } from "../tools/plan/evaluate";
import { maskedSecret } from "../tools/plan/masking";
import { generatedSecretStandIns, project, resource, resourcesOfType, tryResource, types } from "./support/plan";
import { validateObject } from "./support/schemas";

type Json = Record<string, any>;

const keycloak = { url: "https://pacs.site-a.example/keycloak/", realm: "imaging", clientId: "orthanc" };

function orthancArgs(signIn: OrthancSignInArgs): OrthancArgs {
    return {
        namespace: "imaging",
        siteName: "site-a",
        image: "docker.io/orthancteam/orthanc:25.10.0",
        auditMetricsImage: "ghcr.io/google/mtail:3.0.8",
        replicas: 1,
        maxReplicas: 1,
        aeTitle: "SITE_A",
        concurrentJobs: 2,
        resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } },
        storage: { kind: "volume", size: "10Gi" },
        database: { host: "orthanc-db-rw.imaging.svc", port: 5432, database: "orthanc", credentialsSecretName: "orthanc-db-owner", caSecretName: "orthanc-db-ca" },
        dicomTls: { serverSecretName: "orthanc-dicom-server-tls", trustedCaConfigMapName: "orthanc-dicom-trusted-ca" },
        signIn,
    };
}

// The auth service the platform would run beside Orthanc, and Orthanc told to use it.
function planSignInMode(): Promise<Plan> {
    return evaluateProgram({ project, stack: "orthanc-sign-in", stackConfig: { config: {}, secretKeys: [] } }, () => {
        const authService = new AuthService("orthanc-auth", {
            namespace: "imaging",
            image: "docker.io/orthancteam/orthanc-auth-service:25.9.0",
            realmUrl: "http://keycloak.identity.svc.cluster.local:8080/keycloak/realms/imaging/",
        });
        const orthanc = new Orthanc(
            "orthanc",
            orthancArgs({
                authServiceUrl: authService.serviceName.apply((service) => `http://${service}.imaging.svc.cluster.local:${authService.port}/`),
                authServiceUsername: authService.clientUsername,
                authServicePasswordSecretName: authService.clientSecretName,
                keycloak,
            }),
        );
        return { serviceName: orthanc.serviceName };
    });
}

function deployment(plan: Plan): Json {
    return resource(plan, types.deployment, "orthanc").inputs as Json;
}

function container(plan: Plan): Json {
    return (deployment(plan).spec.template.spec.containers as Json[]).find((c) => c.name === "orthanc") as Json;
}

function env(plan: Plan): Record<string, Json> {
    return Object.fromEntries((container(plan).env as Json[]).map((variable) => [variable.name, variable]));
}

function configFiles(plan: Plan): Record<string, string> {
    return (resource(plan, types.configMap, "orthanc-config").inputs as Json).data;
}

function orthancJson(plan: Plan): Json {
    return JSON.parse(configFiles(plan)[containerPaths.configFile]);
}

describe("Orthanc in single sign-on mode", () => {
    let sso: Plan;
    before(async () => {
        sso = await planSignInMode();
    });

    it("hands every call to the authorization plugin, which asks the auth service it was given", () => {
        const config = orthancJson(sso);
        assert.equal(config.AuthenticationEnabled, false);
        assert.deepEqual(config.Authorization.WebServiceRootUrl, "http://orthanc-auth.imaging.svc.cluster.local:8000/");
        assert.equal(config.Authorization.WebServiceUsername, "orthanc");
        assert.equal(config.Authorization.WebServicePassword, `\${${secretEnv.authServicePassword}}`);
        assert.deepEqual(config.OrthancExplorer2.Keycloak, { Enable: true, Url: keycloak.url, Realm: keycloak.realm, ClientId: keycloak.clientId });
    });

    it("keeps no users of its own and no shared admin: no RegisteredUsers, no admin Secret, password or variables", () => {
        assert.equal("RegisteredUsers" in orthancJson(sso), false);
        assert.equal(tryResource(sso, types.secret, "orthanc-admin"), undefined);
        // Its only generated secret is the metrics user's password (the auth service makes its own two).
        assert.deepEqual(
            resourcesOfType(sso, "random:index/randomPassword:RandomPassword").map((r) => r.name).sort(),
            ["orthanc-auth-client-password", "orthanc-auth-signing-key", "orthanc-metrics-password"],
        );
        assert.equal(resourcesOfType(sso, "random:index/randomString:RandomString").length, 0);
        assert.deepEqual(Object.keys(env(sso)).filter((name) => /ADMIN/.test(name)), []);
    });

    it("reads the auth service's password from the auth service's client Secret, under the key that Secret has", () => {
        const variable = env(sso)[secretEnv.authServicePassword];
        assert.deepEqual(variable, { name: secretEnv.authServicePassword, valueFrom: { secretKeyRef: { name: "orthanc-auth-client", key: "password" } } });
        const secret = resource(sso, types.secret, "orthanc-auth-client").inputs as Json;
        assert.equal(secret.metadata.namespace, deployment(sso).metadata.namespace);
        assert.ok("password" in secret.stringData, "the client Secret has no key password");
    });

    it("gives every placeholder of orthanc.json and every variable the filter reads a variable of the container", () => {
        const files = configFiles(sso);
        const needed = [
            ...placeholdersIn(JSON.parse(files[containerPaths.configFile])),
            ...[...files[containerPaths.requestFilterFile].matchAll(/os\.getenv\("([A-Z_]+)"\)/g)].map((match) => match[1]),
        ];
        assert.ok(needed.includes(secretEnv.metricsPassword), "the filter does not read the metrics password");
        const missing = needed.filter((name) => env(sso)[name] === undefined);
        assert.deepEqual(missing, []);
        assert.equal(env(sso)[secretEnv.metricsPassword].valueFrom.secretKeyRef.name, "orthanc-metrics");
    });

    it("writes no secret into a ConfigMap, only placeholders and variable names", () => {
        for (const configMap of resourcesOfType(sso, types.configMap)) {
            const text = JSON.stringify(configMap.inputs);
            for (const standIn of [...generatedSecretStandIns, maskedSecret]) {
                assert.ok(!text.includes(standIn), `ConfigMap ${configMap.name} holds ${standIn}`);
            }
        }
        assert.deepEqual(placeholdersIn(orthancJson(sso)).sort(), [secretEnv.authServicePassword, "ORTHANC_DB_PASSWORD", "ORTHANC_DB_USER", "POD_NAME"].sort());
    });

    it("runs the filter that checks the metrics password itself, and rolls the pods when that filter changes", () => {
        const lua = configFiles(sso)[containerPaths.requestFilterFile];
        assert.match(lua, /isMetricsCaller\(httpHeaders\)/);
        const program = (resource(sso, types.configMap, "orthanc-audit-metrics").inputs as Json).data;
        const expected = crypto
            .createHash("sha256")
            .update(configFiles(sso)[containerPaths.configFile] + lua + Object.values(program).join(""))
            .digest("hex");
        assert.equal(deployment(sso).spec.template.metadata.annotations["imaging-platform/config-sha256"], expected);
    });

    it("is ready when the metrics answer with the metrics user, and alive when the filter answers, with no credentials in the probe", () => {
        const probes = container(sso);
        assert.deepEqual(probes.readinessProbe.exec.command, ["python3", "-c", metricsAnswerScript, "8042", orthancMetricsUser]);
        assert.match(metricsAnswerScript, new RegExp(`os\\.environ\\['${secretEnv.metricsPassword}'\\]`));
        assert.match(metricsAnswerScript, /status == 200/);
        for (const probe of [probes.livenessProbe, probes.startupProbe]) {
            assert.deepEqual(probe.exec.command, ["python3", "-c", httpAnswersScript, "8042"]);
            assert.match(httpAnswersScript, new RegExp(`request\\('GET', '${metricsPath}'\\)`));
        }
        const text = JSON.stringify([probes.readinessProbe, probes.livenessProbe, probes.startupProbe]);
        for (const standIn of [...generatedSecretStandIns, maskedSecret]) {
            assert.ok(!text.includes(standIn));
        }
    });

    it("is a valid Deployment", async () => {
        await validateObject(deployment(sso) as { apiVersion: string; kind: string });
    });

    it("refuses URLs the plugin and keycloak-js would append to wrongly", async () => {
        const good = { authServiceUrl: "http://orthanc-auth:8000/", authServiceUsername: "orthanc", authServicePasswordSecretName: "s", keycloak };
        for (const [key, signIn] of [
            ["authServiceUrl", { ...good, authServiceUrl: "http://orthanc-auth:8000" }],
            ["keycloak.url", { ...good, keycloak: { ...keycloak, url: "https://pacs.site-a.example/keycloak" } }],
        ] as const) {
            await assert.rejects(
                evaluateProgram({ project, stack: "orthanc-bad-url", stackConfig: { config: {}, secretKeys: [] } }, () => {
                    new Orthanc("orthanc", orthancArgs(signIn));
                }),
                new RegExp(`signIn\\.${key.replace(".", "\\.")} must end in '/'`),
            );
        }
    });

    it("refuses more than one replica when the DICOM files live on a volume", async () => {
        const good = { authServiceUrl: "http://orthanc-auth:8000/", authServiceUsername: "orthanc", authServicePasswordSecretName: "s", keycloak };
        for (const scaling of [{ replicas: 2, maxReplicas: 2 }, { replicas: 1, maxReplicas: 3 }]) {
            await assert.rejects(
                evaluateProgram({ project, stack: "orthanc-volume-replicas", stackConfig: { config: {}, secretKeys: [] } }, () => {
                    new Orthanc("orthanc", { ...orthancArgs(good), ...scaling });
                }),
                /Orthanc on a volume runs exactly one replica/,
                JSON.stringify(scaling),
            );
        }
    });
});
