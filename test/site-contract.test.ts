// The platform reads what it knows about the site's cluster from the site
// contract alone: planned here with a contract no committed site has (another
// DNS domain, the API server on 443 only, an internal load balancer), the
// platform's host names, workload identities, flows and gateway follow it.
import { strict as assert } from "assert";
import { Provider } from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import { parseSiteConfig } from "../stacks/config/load";
import { evaluateProgram, type Plan } from "../tools/plan/evaluate";
import { Platform } from "../stacks/platform";
import { localSiteWith, resource, resourcesOfType, types } from "./support/plan";

type Json = Record<string, any>;

describe("the site contract", () => {
    let plan: Plan;
    before(async () => {
        plan = await evaluateProgram({ project: "imaging-platform", stack: "contract", stackConfig: { config: {}, secretKeys: [] } }, () => {
            const provider = new Provider("cluster", {});
            const contract = {
                provider,
                distribution: "k3s" as const,
                clusterDomain: "hospital.internal",
                apiServerPorts: [443],
                gatewayService: { type: "LoadBalancer" as const, annotations: { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" } },
                egress: {},
            };
            new Platform("platform", { settings: parseSiteConfig(localSiteWith({})), contract }, { providers: [provider, new random.Provider("random", {}), new tls.Provider("tls", {})] });
        });
    });

    it("names Services in the contract's cluster domain", () => {
        const dicom = resource(plan, "kubernetes:cert-manager.io/v1:Certificate", "orthanc-dicom-server").inputs as Json;
        assert.deepEqual(dicom.spec.dnsNames, ["pacs.local.test", "orthanc.imaging.svc.hospital.internal", "orthanc.imaging.svc"]);
    });

    it("names workload identities in it, and sets the mesh's trust domain to it", () => {
        const istiod = resource(plan, types.release, "istiod").inputs as Json;
        assert.equal(istiod.values.meshConfig.trustDomain, "hospital.internal");
        assert.deepEqual(istiod.values.global, { platform: "k3s" });
        const principals = resourcesOfType(plan, "kubernetes:security.istio.io/v1:AuthorizationPolicy")
            .flatMap((r) => JSON.stringify(r.inputs).match(/"[a-z.]+\/ns\/[a-z-]+\/sa\/[a-z0-9-]+"/g) ?? []);
        assert.ok(principals.length >= 3, `principals found: ${principals.join(", ")}`);
        for (const principal of principals) {
            assert.match(principal, /^"hospital\.internal\/ns\//);
        }
    });

    it("gives the gateway's Service the contract's type and load-balancer annotations, not the site configuration's", () => {
        const gateway = resource(plan, types.release, "imaging-gateway").inputs as Json;
        // The local site's configuration says NodePort; the contract says LoadBalancer.
        assert.equal(gateway.values.service.type, "LoadBalancer");
        assert.deepEqual(gateway.values.service.annotations, { "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal" });
        assert.ok(gateway.values.service.ports.every((port: Json) => port.nodePort === undefined));
    });

    it("opens the API server's ports the contract gives, and no other", () => {
        const policies = resourcesOfType(plan, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => r.inputs as Json);
        const toApi = policies.filter((p) => p.metadata.name.endsWith("-to-api-egress"));
        assert.ok(toApi.length >= 6);
        for (const policy of toApi) {
            assert.deepEqual(
                policy.spec.egress[0].ports.map((port: Json) => port.port),
                [443],
                policy.metadata.name,
            );
        }
    });
});
