// Where pods may connect outside the cluster, on the plan. Without the site's
// ranges (the committed local stack), the API server's ports and the object
// store's port are open to any address, as the reachability tests show. With
// egress.apiServerRanges, nodeRanges and objectStoreRanges, those flows name exactly
// the site's networks, and only the destinations that are not the site's to list
// (its alert webhook, its own certificate issuer) stay open to any address.
import { strict as assert } from "assert";
import type { Plan } from "../tools/plan/evaluate";
import { localSiteWith, planSite, planStack, resource, resourcesOfType, types } from "./support/plan";

type Json = Record<string, any>;

const networkPolicy = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const apiServerRanges = ["172.18.0.2/32", "10.96.0.1/32"];
const objectStoreRanges = ["10.40.0.0/24"];
const nodeRanges = ["172.18.0.0/24"];

// Each egress policy's destinations outside the pod network: policy -> port -> CIDRs.
function addressEgress(plan: Plan): Record<string, Record<string, string[]>> {
    const found: Record<string, Record<string, string[]>> = {};
    for (const policy of resourcesOfType(plan, networkPolicy).map((r) => r.inputs as Json)) {
        for (const rule of (policy.spec.egress ?? []) as Json[]) {
            const cidrs = (rule.to as Json[]).filter((peer) => peer.ipBlock).map((peer) => peer.ipBlock.cidr as string);
            if (cidrs.length === 0) continue;
            const name = `${policy.metadata.namespace}/${policy.metadata.name}`;
            for (const port of rule.ports as Json[]) {
                found[name] = { ...found[name], [String(port.port)]: cidrs };
            }
        }
    }
    return found;
}

describe("egress to the site's own networks", () => {
    let plan: Plan;
    before(async () => {
        plan = await planSite(
            localSiteWith({
                objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", endpoint: "https://minio.hospital.example:9000", accessKeyId: "orthanc", backupAccessKeyId: "backups" },
                certificates: { webIssuer: { kind: "ClusterIssuer", name: "letsencrypt" } },
                egress: { apiServerRanges, nodeRanges, objectStoreRanges },
            }),
            { objectStoreSecretAccessKey: "key", objectStoreBackupSecretAccessKey: "backup-key", alertWebhookUrl: "https://alerts.hospital.example/hook" },
        );
    });

    it("reaches the API server only at its ranges, from every namespace that needs it", () => {
        const egress = addressEgress(plan);
        const toApi = Object.entries(egress).filter(([, ports]) => "6443" in ports);
        assert.deepEqual(
            toApi.map(([name]) => name).sort(),
            [
                "cert-manager/cert-manager-to-api-egress",
                "cnpg-system/cnpg-system-to-api-egress",
                "imaging/postgres-to-api-egress",
                "istio-cni/istio-cni-to-api-egress",
                "istio-system/istiod-to-api-egress",
                "monitoring/monitoring-to-api-egress",
                "reloader/reloader-to-api-egress",
            ],
        );
        for (const [name, ports] of toApi) {
            assert.deepEqual(ports, { "443": apiServerRanges, "6443": apiServerRanges }, name);
        }
    });

    it("reaches the object store only at its ranges", () => {
        const egress = addressEgress(plan);
        const toStore = Object.entries(egress).filter(([, ports]) => "9000" in ports);
        // The backups leave from the instances (the plugin's sidecar), not from the plugin's own Deployment.
        assert.deepEqual(toStore.map(([name]) => name).sort(), ["imaging/orthanc-to-object-store-egress", "imaging/postgres-to-object-store-egress"]);
        for (const [name, ports] of toStore) {
            assert.deepEqual(ports, { "9000": objectStoreRanges }, name);
        }
    });

    it("scrapes the kubelets only at the nodes' ranges", () => {
        assert.deepEqual(addressEgress(plan)["monitoring/prometheus-to-nodes-egress"], { "10250": nodeRanges });
    });

    it("leaves only the site's webhook and issuer open to any address", () => {
        const open = Object.entries(addressEgress(plan))
            .filter(([, ports]) => Object.values(ports).some((cidrs) => cidrs.includes("0.0.0.0/0")))
            .map(([name, ports]) => [name, Object.keys(ports)]);
        assert.deepEqual(open.sort(), [
            ["cert-manager/cert-manager-to-issuer-egress", ["443"]],
            ["monitoring/alertmanager-to-webhook-egress", ["443"]],
        ]);
        // The issuer flow is the controller's alone.
        const issuer = resourcesOfType(plan, networkPolicy).map((r) => r.inputs as Json).find((p) => p.metadata.name === "cert-manager-to-issuer-egress");
        assert.deepEqual(issuer?.spec.podSelector, { matchLabels: { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/component": "controller" } });
    });

    it("needs no issuer flow when the site's CA issues the web certificate", async () => {
        const own = await planSite(localSiteWith({ egress: { apiServerRanges } }));
        assert.deepEqual(
            Object.keys(addressEgress(own)).filter((name) => name.includes("issuer")),
            [],
        );
    });
});

describe("the mesh's outbound registry", () => {
    const serviceEntry = "kubernetes:networking.istio.io/v1:ServiceEntry";
    const entries = (plan: Plan) => resourcesOfType(plan, serviceEntry).map((r) => r.inputs as Json);
    const s3 = { type: "s3", bucket: "pacs-archive", region: "eu-central-1" };

    it("lets injected pods reach only registered hosts, and registers none without an object store", async () => {
        const plan = await planStack("local");
        const istiod = resource(plan, types.release, "istiod").inputs as Json;
        assert.deepEqual(istiod.values.meshConfig.outboundTrafficPolicy, { mode: "REGISTRY_ONLY" });
        assert.deepEqual(entries(plan), []);
    });

    it("lets the PostgreSQL instances call each other's status endpoint past their sidecars", async () => {
        const plan = await planStack("local");
        const cluster = resource(plan, types.cnpgCluster, "orthanc-db").inputs as Json;
        assert.deepEqual(cluster.spec.inheritedMetadata.annotations, { "traffic.sidecar.istio.io/excludeOutboundPorts": "8000" });
    });

    const cases: Array<[string, Record<string, unknown>, Record<string, string>, { hosts: string[]; port: number }]> = [
        [
            "an S3-compatible store at its endpoint and port",
            { ...s3, endpoint: "https://minio.hospital.example:9000", accessKeyId: "orthanc", backupAccessKeyId: "backups" },
            { objectStoreSecretAccessKey: "k", objectStoreBackupSecretAccessKey: "b" },
            { hosts: ["minio.hospital.example"], port: 9000 },
        ],
        [
            "AWS S3 with keys: the bucket's host and the regional endpoint",
            { ...s3, accessKeyId: "orthanc", backupAccessKeyId: "backups" },
            { objectStoreSecretAccessKey: "k", objectStoreBackupSecretAccessKey: "b" },
            { hosts: ["pacs-archive.s3.eu-central-1.amazonaws.com", "s3.eu-central-1.amazonaws.com"], port: 443 },
        ],
        [
            "AWS S3 with the cluster's identity: STS too",
            s3,
            {},
            {
                hosts: ["pacs-archive.s3.eu-central-1.amazonaws.com", "s3.eu-central-1.amazonaws.com", "sts.eu-central-1.amazonaws.com", "sts.amazonaws.com"],
                port: 443,
            },
        ],
        [
            "an Azure storage account",
            { type: "azureBlob", storageAccount: "pacsarchive", container: "dicom" },
            { objectStoreConnectionString: "DefaultEndpointsProtocol=https;AccountKey=k", objectStoreBackupConnectionString: "DefaultEndpointsProtocol=https;AccountKey=b" },
            { hosts: ["pacsarchive.blob.core.windows.net"], port: 443 },
        ],
    ];
    for (const [title, objectStore, secrets, expected] of cases) {
        it(`registers ${title}, for imaging alone, with TLS passed through`, async () => {
            const plan = await planSite(localSiteWith({ objectStore }), secrets);
            assert.deepEqual(entries(plan), [
                {
                    apiVersion: "networking.istio.io/v1",
                    kind: "ServiceEntry",
                    metadata: { name: "object-store", namespace: "imaging" },
                    spec: {
                        hosts: expected.hosts,
                        exportTo: ["."],
                        location: "MESH_EXTERNAL",
                        ports: [{ number: expected.port, name: "tls", protocol: "TLS" }],
                        resolution: "DNS",
                    },
                },
            ]);
        });
    }
});
