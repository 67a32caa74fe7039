// A site whose people sign in at the hospital's own Keycloak (identity.provider:
// keycloak): the platform runs no Keycloak, and Orthanc, its auth service, the
// mesh and the outputs all point at the hospital's realm.
import { strict as assert } from "assert";
import type { Plan } from "../tools/plan/evaluate";
import { localSiteWith, planSite, planStack, resource, resourcesOfType, tryResource, types } from "./support/plan";

type Json = Record<string, any>;

const networkPolicy = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const serviceEntry = "kubernetes:networking.istio.io/v1:ServiceEntry";
const virtualService = "kubernetes:networking.istio.io/v1:VirtualService";
const authorizationPolicy = "kubernetes:security.istio.io/v1:AuthorizationPolicy";

// Written without the trailing slash and on a port of its own, as a hospital may.
const hospitalRealm = { provider: "keycloak", keycloak: { url: "https://sso.hospital.example:8443", realm: "hospital" } };

function orthancJson(plan: Plan): Json {
    return JSON.parse((resource(plan, types.configMap, "orthanc-config").inputs as Json).data["orthanc.json"]);
}

function authServiceEnv(plan: Plan): Record<string, unknown> {
    const container = (resource(plan, types.deployment, "orthanc-auth").inputs as Json).spec.template.spec.containers[0];
    return Object.fromEntries((container.env as Json[]).map((e) => [e.name, e.value ?? e.valueFrom]));
}

describe("a site that signs people in at the hospital's Keycloak", () => {
    let plan: Plan;
    let local: Plan;
    before(async () => {
        plan = await planSite(localSiteWith({ identity: hospitalRealm }));
        local = await planStack("local");
    });

    it("signs Orthanc Explorer 2 in at the hospital's realm, under a base URL that ends in '/'", () => {
        assert.deepEqual(orthancJson(plan).OrthancExplorer2.Keycloak, { Enable: true, Url: "https://sso.hospital.example:8443/", Realm: "hospital", ClientId: "orthanc" });
    });

    it("has the auth service read the realm's keys from the hospital's realm URL", () => {
        assert.equal(authServiceEnv(plan).KEYCLOAK_URI, "https://sso.hospital.example:8443/realms/hospital/");
        assert.match(String(authServiceEnv(local).KEYCLOAK_URI), /^http:\/\/keycloak\.imaging\.svc\.cluster\.local:\d+\/keycloak\/realms\/imaging\/$/);
    });

    it("runs no Keycloak, no Keycloak database or role, and no mesh check of a realm key it does not hold", () => {
        for (const [type, name] of [
            [types.deployment, "keycloak"],
            ["kubernetes:postgresql.cnpg.io/v1:Database", "keycloak-db"],
            ["kubernetes:security.istio.io/v1:RequestAuthentication", "orthanc-tokens"],
        ]) {
            assert.ok(tryResource(local, type, name), `local has ${type} ${name}`);
            assert.equal(tryResource(plan, type, name), undefined, `${type} ${name}`);
        }
        const roles = (plan: Plan) => ((resource(plan, types.cnpgCluster, "orthanc-db").inputs as Json).spec.managed?.roles ?? []).map((r: Json) => r.name);
        assert.ok(roles(local).includes("keycloak"));
        assert.ok(!roles(plan).includes("keycloak"), `managed roles: ${roles(plan).join(", ")}`);
    });

    it("routes nothing to a Keycloak at the gateway, and leaves no path open to writes for one", () => {
        const routes = JSON.stringify(resourcesOfType(plan, virtualService).map((r) => r.inputs));
        assert.match(JSON.stringify(resourcesOfType(local, virtualService).map((r) => r.inputs)), /\/keycloak\//);
        assert.doesNotMatch(routes, /keycloak/);
        const writeRules = (plan: Plan) =>
            ((resource(plan, authorizationPolicy, "imaging-admin-routes").inputs as Json).spec.rules[0].to as Json[])
                .filter((to) => to.operation.methods !== undefined)
                .map((to) => to.operation.notPaths);
        assert.deepEqual(writeRules(local), [["/keycloak/*"], ["/tools/find", "/tools/lookup", "/keycloak/*"]]);
        assert.deepEqual(writeRules(plan), [undefined, ["/tools/find", "/tools/lookup"]]);
    });

    it("lets the auth service alone out to the hospital's realm, on its port, with TLS passed through", () => {
        assert.deepEqual(
            resourcesOfType(plan, serviceEntry).map((r) => (r.inputs as Json).spec),
            [{ hosts: ["sso.hospital.example"], exportTo: ["."], location: "MESH_EXTERNAL", ports: [{ number: 8443, name: "tls", protocol: "TLS" }], resolution: "DNS" }],
        );
        const egress = resourcesOfType(plan, networkPolicy).filter((r) => r.name.includes("hospital-realm"));
        assert.deepEqual(
            egress.map((r) => r.name),
            ["imaging-auth-service-to-hospital-realm-egress"],
        );
        const spec = (egress[0]!.inputs as Json).spec;
        const authServicePods = (resource(local, networkPolicy, "imaging-auth-service-to-keycloak-egress").inputs as Json).spec.podSelector;
        assert.deepEqual(spec.podSelector, authServicePods);
        assert.deepEqual(spec.egress.map((rule: Json) => rule.ports), [[{ port: 8443, protocol: "TCP" }]]);
    });

    it("hands out no platform accounts: the hospital's Keycloak holds them", () => {
        assert.deepEqual(plan.outputs.signIn, {
            provider: "keycloak",
            url: "https://sso.hospital.example:8443/",
            realm: "hospital",
            clientId: "orthanc",
            accounts: "none: the hospital's Keycloak holds every account",
        });
    });
});
