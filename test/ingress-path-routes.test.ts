// The sign-in service's path on Orthanc's host: routed before Orthanc, and left
// out of the rule that holds Orthanc's write routes to the admin networks.
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import { IngressRoutes, type IngressRoutesArgs } from "../components/mesh/ingress";
import { evaluateProgram, type Plan } from "../tools/plan/evaluate";
import { project, resourcesOfType } from "./support/plan";

type Json = Record<string, any>;

function planRoutes(change: (args: IngressRoutesArgs) => IngressRoutesArgs): Promise<Plan> {
    return evaluateProgram({ project, stack: "ingress-test", stackConfig: { config: {}, secretKeys: [] } }, () => {
        const provider = new Provider("k8s", {});
        const gateway = new pulumi.ComponentResource("test:index:Gateway", "gateway");
        new IngressRoutes(
            "imaging",
            change({
                gatewayNamespace: "istio-ingress",
                gatewaySelector: { istio: "imaging-gateway" },
                webCertificateSecretName: "imaging-web-tls",
                https: [{ name: "orthanc-web", hostname: "pacs.site-a.example", namespace: "imaging", serviceHost: "orthanc.imaging.svc.cluster.local", servicePort: 8042 }],
                dicom: { port: 11112, namespace: "imaging", serviceHost: "orthanc.imaging.svc.cluster.local", servicePort: 4242 },
                gateway,
                adminRoutes: { port: 443, allowedFrom: [], otherHosts: [], writeMethods: ["DELETE", "PUT", "PATCH"], readOnlyPostPaths: ["/tools/find"], administrativePaths: ["/jobs*"] },
            }),
            { providers: [provider] },
        );
        return {};
    });
}

const keycloak = { prefix: "/keycloak/", serviceHost: "keycloak.imaging.svc.cluster.local", servicePort: 8080 };

describe("a path of Orthanc's host served by another service", () => {
    it("routes the path to its service before everything else goes to Orthanc", async () => {
        const plan = await planRoutes((args) => ({ ...args, https: [{ ...args.https[0], pathRoutes: [keycloak] }] }));
        const service = resourcesOfType(plan, "kubernetes:networking.istio.io/v1:VirtualService").find((r) => r.name === "orthanc-web")!.inputs as Json;
        assert.deepEqual(
            service.spec.http.map((route: Json) => [route.match?.[0].uri.prefix, route.route[0].destination.host]),
            [
                ["/keycloak/", "keycloak.imaging.svc.cluster.local"],
                [undefined, "orthanc.imaging.svc.cluster.local"],
            ],
        );
        assert.ok(service.spec.http.every((route: Json) => route.headers.response.set["Strict-Transport-Security"]));
    });

    it("leaves the path's writes out of the admin-route rule, and only them", async () => {
        const plan = await planRoutes((args) => ({ ...args, adminRoutes: { ...args.adminRoutes, openPathPrefixes: ["/keycloak/"] } }));
        const policy = resourcesOfType(plan, "kubernetes:security.istio.io/v1:AuthorizationPolicy")[0].inputs as Json;
        assert.deepEqual(policy.spec.rules[0].to, [
            { operation: { ports: ["443"], methods: ["DELETE", "PUT", "PATCH"], notPaths: ["/keycloak/*"] } },
            { operation: { ports: ["443"], methods: ["POST"], notPaths: ["/tools/find", "/keycloak/*"] } },
            { operation: { ports: ["443"], paths: ["/jobs*"] } },
        ]);
    });

    it("refuses a prefix without its slashes, which would take other paths from Orthanc", async () => {
        await assert.rejects(
            planRoutes((args) => ({ ...args, https: [{ ...args.https[0], pathRoutes: [{ ...keycloak, prefix: "/keycloak" }] }] })),
            /path route prefix "\/keycloak" must start and end with '\/'/,
        );
    });
});
