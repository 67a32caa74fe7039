// Each role's rights on real Orthanc requests: the auth service's role file the
// program writes, read through the permission table of the authorization plugin
// in the pinned Orthanc image (test/schemas/orthanc-authorization-0.10.1.json, with
// its source). The expected rights are written out per request: a change to a
// role, or a plugin whose table moves a route, changes a row here.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as random from "@pulumi/random";
import { Provider } from "@pulumi/kubernetes/provider";
import { AuthService, anonymousProfile, authServicePermissions } from "../components/identity/auth-service";
import { platformRoles, realmRoleNames, type PlatformRole } from "../components/identity/roles";
import { writePlan } from "../tools/plan/artifacts";
import { evaluateProgram, type Plan } from "../tools/plan/evaluate";
import { generatedSecretStandIns, project, resource, resourcesOfType } from "./support/plan";

interface PluginTable {
    permissions: Array<[string, string, string]>;
    singleResourcePatterns: string[];
    standardConfigurations: Record<string, { uncheckedFolders: string[]; uncheckedResources: string[] }>;
}
const table: PluginTable = JSON.parse(fs.readFileSync(path.join(__dirname, "schemas", "orthanc-authorization-0.10.1.json"), "utf8"));
const dicomWebRoot = "dicom-web";

// The plugin's decision for a person holding `held`, as PermissionParser::Parse
// and FilterHttpRequests make it at 0.10.1: the first pattern of the request's
// method that matches the whole URI (boost::regex_match) names the permissions,
// any one of which admits; no pattern, no admission (a user token is no resource
// token). GETs below the unchecked folders and resources pass without a check.
function admitted(method: string, uri: string, held: readonly string[]): boolean {
    const unchecked = table.standardConfigurations["orthanc-explorer-2"];
    if (method === "GET" && (unchecked.uncheckedResources.includes(uri) || unchecked.uncheckedFolders.some((folder) => uri.startsWith(folder)))) {
        return true;
    }
    const patterns = table.permissions.flatMap(([patternMethod, pattern, permissions]) =>
        pattern === "SINGLE_RESOURCE_PATTERNS" ? table.singleResourcePatterns.map((single) => [patternMethod, single, permissions]) : [[patternMethod, pattern, permissions]],
    );
    for (const [patternMethod, pattern, permissions] of patterns) {
        if (patternMethod.toUpperCase() === method && new RegExp(`^(?:${pattern.replace(/DICOM_WEB_ROOT/g, dicomWebRoot)})$`).test(uri)) {
            return permissions.split("|").some((permission) => permission !== "" && held.includes(permission));
        }
    }
    return false;
}

function permissionsOf(role: PlatformRole): string[] {
    return authServicePermissions().roles[realmRoleNames[role]].permissions;
}

const study = "6e2c0a4b-3f8d9e10-2b7c4d5e-9a1f0c3b-8d7e6f5a";
const uid = "1.2.826.0.1.3680043.8.498.1";
// [method, uri, what it is, viewer, technologist, admin]
const requests: Array<[string, string, string, boolean, boolean, boolean]> = [
    ["POST", "/tools/find", "search (Orthanc Explorer 2's study list)", true, true, true],
    ["GET", `/studies/${study}`, "a study's main tags", true, true, true],
    ["GET", `/studies/${study}/archive`, "a study's ZIP, as every GET of a study's own files", true, true, true],
    ["GET", `/${dicomWebRoot}/studies`, "DICOMweb QIDO-RS search", true, true, true],
    ["GET", `/${dicomWebRoot}/studies/${uid}/series/${uid}.2/instances/${uid}.3/frames/1`, "DICOMweb WADO-RS frames", true, true, true],
    ["GET", `/${dicomWebRoot}/studies/${uid}/metadata`, "DICOMweb WADO-RS metadata", true, true, true],
    ["PUT", "/auth/tokens/download-instant-link", "a download link in Orthanc Explorer 2", false, true, true],
    ["POST", "/instances", "upload through the REST API", false, true, true],
    ["POST", `/${dicomWebRoot}/studies`, "DICOMweb STOW-RS", false, true, true],
    ["POST", `/studies/${study}/modify`, "correct a study's tags", false, true, true],
    ["POST", `/studies/${study}/anonymize`, "anonymize a study", false, true, true],
    ["PUT", `/studies/${study}/labels/reviewed`, "label a study", false, true, true],
    ["POST", "/modalities/ct-room-1/store", "send to a modality", false, true, true],
    ["POST", "/modalities/ct-room-1/query", "query a modality", false, true, true],
    ["POST", "/modalities/ct-room-1/move", "retrieve from a modality", false, true, true],
    ["DELETE", `/studies/${study}`, "delete a study", false, false, true],
    ["POST", "/tools/bulk-delete", "delete in bulk", false, false, true],
    ["PUT", "/tools/log-level", "change Orthanc's log level", false, false, true],
    ["GET", "/auth/settings/roles", "read the role editor", false, false, true],
    ["GET", "/auth/audit-logs", "read the plugin's audit log", false, false, true],
    // Shares send studies to people outside the hospital: no role has them.
    ["PUT", "/auth/tokens/stone-viewer-publication", "publish a study by link", false, false, false],
    // Not in the plugin's table at all: refused to everyone, administrators too.
    ["POST", "/tools/execute-script", "run Lua sent over REST", false, false, false],
    ["POST", "/tools/reset", "restart Orthanc", false, false, false],
    ["PUT", "/modalities/ct-room-1", "register a modality over REST", false, false, false],
];

describe("the platform's roles", () => {
    for (const [method, uri, what, ...expected] of requests) {
        it(`${what} (${method} ${uri.replace(study, "{study}")}): ${platformRoles.filter((_, i) => expected[i]).join(", ") || "nobody"}`, () => {
            assert.deepEqual(
                platformRoles.map((role) => admitted(method, uri, permissionsOf(role))),
                expected,
            );
        });
    }

    it("gives a request without a token nothing, where the image's own anonymous profile grants upload", () => {
        const profile = anonymousProfile() as { permissions: string[] };
        assert.deepEqual(profile.permissions, []);
        assert.equal(admitted("POST", "/instances", profile.permissions), false);
        assert.equal(admitted("GET", `/studies/${study}`, profile.permissions), false);
        // Orthanc Explorer 2's own files load before anyone signs in.
        assert.equal(admitted("GET", "/ui/app/index.html", profile.permissions), true);
    });

    it("grants only permissions the plugin's table asks for, so none is dead", () => {
        const asked = new Set(table.permissions.flatMap(([, , permissions]) => permissions.split("|")));
        for (const role of platformRoles) {
            for (const permission of permissionsOf(role)) {
                assert.ok(asked.has(permission), `${role}: ${permission}`);
            }
        }
    });

    it("names the roles as the realm's roles in the auth service's file, with every label", () => {
        assert.deepEqual(Object.keys(authServicePermissions().roles), ["imaging-viewer", "imaging-technologist", "imaging-admin"]);
        for (const role of Object.values(authServicePermissions().roles)) {
            assert.deepEqual(role["authorized-labels"], ["*"]);
        }
    });
});

describe("the auth service", () => {
    let plan: Plan;
    before(async () => {
        plan = await evaluateProgram({ project, stack: "auth-service-test", stackConfig: { config: {}, secretKeys: [] } }, () => {
            const providers = [new Provider("k8s", {}), new random.Provider("random", {})];
            const service = new AuthService(
                "orthanc-auth",
                { namespace: "imaging", image: "docker.io/orthancteam/orthanc-auth-service:25.9.0", realmUrl: "http://keycloak.imaging.svc.cluster.local:8080/keycloak/realms/imaging/" },
                { providers },
            );
            return { clientPassword: service.clientPassword, clientSecretName: service.clientSecretName };
        });
    });

    it("replaces the image's role and anonymous files with the program's", () => {
        const deployment = resource(plan, "kubernetes:apps/v1:Deployment", "orthanc-auth") as { inputs: any };
        const env = Object.fromEntries(deployment.inputs.spec.template.spec.containers[0].env.map((e: { name: string; value?: string }) => [e.name, e.value]));
        const config = resource(plan, "kubernetes:core/v1:ConfigMap", "orthanc-auth-config") as { inputs: any };
        const mount = deployment.inputs.spec.template.spec.containers[0].volumeMounts.find((m: { name: string }) => m.name === "config").mountPath;
        assert.equal(env.PERMISSIONS_FILE_PATH, `${mount}/permissions.json`);
        assert.equal(env.ANONYMOUS_PROFILE_FILE_PATH, `${mount}/anonymous-profile.json`);
        assert.deepEqual(JSON.parse(config.inputs.data["permissions.json"]), authServicePermissions());
        assert.deepEqual(JSON.parse(config.inputs.data["anonymous-profile.json"]).permissions, []);
        assert.equal(env.ENABLE_KEYCLOAK, "true");
        assert.equal(env.KEYCLOAK_URI, "http://keycloak.imaging.svc.cluster.local:8080/keycloak/realms/imaging/");
    });

    it("keeps the client's password and the signing key in Secrets, out of the plan's files and secret in outputs", () => {
        const deployment = resource(plan, "kubernetes:apps/v1:Deployment", "orthanc-auth") as { inputs: any };
        const fromSecrets = deployment.inputs.spec.template.spec.containers[0].env.filter((e: { valueFrom?: unknown }) => e.valueFrom).map((e: { name: string }) => e.name);
        assert.deepEqual(fromSecrets.sort(), ["SECRET_KEY", "USERS"]);
        assert.equal(resourcesOfType(plan, "kubernetes:core/v1:Secret").length, 2);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "imaging-auth-"));
        try {
            writePlan(plan, dir);
            const written = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => fs.readFileSync(path.join(e.parentPath, e.name), "utf8")).join("\n");
            for (const standIn of generatedSecretStandIns) {
                assert.ok(!written.includes(standIn), standIn);
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("runs two replicas that may not both be evicted, as any non-root user", () => {
        const deployment = resource(plan, "kubernetes:apps/v1:Deployment", "orthanc-auth") as { inputs: any };
        assert.equal(deployment.inputs.spec.replicas, 2);
        assert.equal(deployment.inputs.spec.template.spec.securityContext.runAsNonRoot, true);
        assert.equal((resource(plan, "kubernetes:policy/v1:PodDisruptionBudget", "orthanc-auth") as { inputs: any }).inputs.spec.maxUnavailable, 1);
    });
});
