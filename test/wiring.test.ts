// Pieces of the platform's wiring that no committed site exercises: the NetworkPolicy
// builder's refusals and markings, the node-exporter flow a monitoring stack with
// node-exporter would need, and the audit policy in Orthanc's request filter.
import { strict as assert } from "assert";
import { networkPolicies, type Flow } from "../components/security/network-policies";
import { buildRequestFilterLua } from "../components/orthanc/request-filter";
import { localSiteWith, planSite, resource } from "./support/plan";
import { kubePrometheusStackMonitoring, monitoringFlows, type PlatformFlowsInput } from "../stacks/network-flows";

const flow = (changes: Partial<Flow>): Flow => ({
    name: "a-to-b",
    from: { namespace: "imaging", pods: { app: "a" } },
    to: { namespace: "imaging", pods: { app: "b" } },
    ports: [8042],
    why: "a calls b",
    ...changes,
});

describe("network policies: the builder's refusals and markings", () => {
    it("refuses an address peer without addresses, naming it: an empty ipBlock list would mean any address", () => {
        assert.throws(
            () => networkPolicies(["imaging"], [flow({ to: { cidrs: [], what: "the site's object store" } })]),
            /a-to-b: the site's object store has no addresses/,
        );
    });

    it("labels each policy with its flow and annotates it with why, under the platform's own keys", () => {
        const policies = networkPolicies(["imaging"], [flow({})]).filter((p) => p.metadata.name.startsWith("a-to-b"));
        assert.deepEqual(policies.map((p) => p.metadata.name).sort(), ["a-to-b-egress", "a-to-b-ingress"]);
        for (const p of policies) {
            assert.equal(p.metadata.labels["imaging-platform/flow"], "a-to-b");
            assert.equal(p.metadata.annotations?.["imaging-platform/why"], "a calls b");
        }
    });
});

describe("network flows: monitoring with node-exporter", () => {
    const platform: PlatformFlowsInput = {
        namespaces: {
            imaging: "imaging",
            postgresOperator: "cnpg-system",
            certManager: "cert-manager",
            reloader: "reloader",
            istio: "istio-system",
            istioCni: "istio-cni",
            ingress: "istio-ingress",
            monitoring: "monitoring",
        },
        orthanc: { pods: { app: "orthanc" }, httpPort: 8042, dicomPort: 4242, auditMetricsPort: 3903 },
        identity: { authService: { pods: { app: "orthanc-auth" }, port: 8000 } },
        postgres: { pods: { "cnpg.io/cluster": "orthanc-db" }, port: 5432, statusPort: 8000, metricsPort: 9187 },
        gateway: { pods: { istio: "ingressgateway" }, dicomPort: 11112 },
        apiServerPorts: [443, 6443],
    };
    const toNodes = (nodeExporter: boolean) =>
        monitoringFlows(platform, kubePrometheusStackMonitoring("monitoring", nodeExporter)).find((f) => f.name === "prometheus-to-nodes")!;

    it("lets Prometheus scrape node-exporter on the nodes' port 9100 only when the stack runs it", () => {
        assert.deepEqual(toNodes(true).ports, [10250, 9100]);
        assert.deepEqual(toNodes(false).ports, [10250]);
        assert.match(toNodes(true).why, /node-exporter/);
        assert.doesNotMatch(toNodes(false).why, /node-exporter/);
    });
});

describe("ingress: Prometheus' query API on a hostname of its own", () => {
    it("routes the hostname through the gateway to the authenticating query proxy", async () => {
        const local = localSiteWith({}) as { ingress: Record<string, unknown> };
        const plan = await planSite(localSiteWith({ ingress: { ...local.ingress, prometheusHostname: "prometheus.local.test" } }));
        const spec = (resource(plan, "kubernetes:networking.istio.io/v1:VirtualService", "prometheus-query").inputs as Record<string, any>).spec;
        assert.deepEqual(spec.hosts, ["prometheus.local.test"]);
        assert.deepEqual(spec.http.map((h: Record<string, any>) => h.route[0].destination), [
            { host: "prometheus-query.monitoring.svc.cluster.local", port: { number: 9090 } },
        ]);
    });
});

describe("Orthanc's request filter: the audit policy", () => {
    const lua = buildRequestFilterLua("metrics");

    // Orthanc Explorer searches with POST /tools/find and /tools/lookup: reads, not audited.
    it("leaves out of the audit the searches Orthanc Explorer sends as POST", () => {
        assert.match(lua, /^local searches = \{ "\/tools\/find", "\/tools\/lookup" \}$/m);
        assert.match(lua, /if listed\(uri, searches\) then return nil end/);
    });

    // GET .../archive (ZIP), .../media (DICOMDIR ZIP) and .../file (one DICOM file) hand out data.
    it("audits the GETs that export DICOM data", () => {
        assert.match(lua, /^local exports = \{ "\/archive", "\/media", "\/file" \}$/m);
        assert.match(lua, /method == "GET" and exported\(uri\)/);
    });

    it("reads the person from the token headers Orthanc Explorer 2 and scripts send, by the claim the identity roles name", () => {
        assert.match(lua, /^local tokenHeaders = \{ "token", "authorization" \}$/m);
        assert.match(lua, /^local identityClaim = "preferred_username"$/m);
        // Bulk deletion is a POST, and a deletion.
        assert.match(lua, /^local deletePosts = \{ "\/tools\/bulk-delete" \}$/m);
        // The metrics password comes from the container's environment, never from the generated source.
        assert.match(lua, /^local metricsPassword = os.getenv\("ORTHANC_METRICS_PASSWORD"\)$/m);
        assert.doesNotMatch(lua, /ORTHANC_ADMIN/);
    });

    it("keeps the audit file between 4 KiB and what the site's volume allows, 1 MiB unless told", () => {
        assert.match(buildRequestFilterLua("metrics", { auditFileMaxBytes: 65536 }), /^local auditFileMaxBytes = 65536$/m);
        for (const bad of [0, 4095, 4096.5, Number.NaN]) {
            assert.throws(() => buildRequestFilterLua("metrics", { auditFileMaxBytes: bad }), /auditFileMaxBytes must be a whole number of bytes, at least 4096/);
        }
    });

    it("starts every audit line with AUDIT, the person and the action, which the log collector, mtail and people read", () => {
        assert.match(lua, /local line = "AUDIT user=" \.\. who\(username, httpHeaders\) \.\. " action=" \.\. kind \.\. " ip="/);
        assert.match(lua, /print\(line\)\n\s+appendToAuditFile\(line\)/);
    });
});
