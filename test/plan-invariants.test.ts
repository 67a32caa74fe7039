// Properties every committed stack's plan must keep, whatever the site: the
// wiring a refactor could break without any single setting looking wrong.
import { strict as assert } from "assert";
import * as crypto from "crypto";
import type { Plan } from "../tools/plan/evaluate";
import { committedStacks, localSiteWith, planSite, planStack, resource, types } from "./support/plan";

type Json = Record<string, any>;

function orthancDeployment(plan: Plan): Json {
    return resource(plan, types.deployment, "orthanc").inputs as Json;
}

function configChecksum(plan: Plan): string {
    return orthancDeployment(plan).spec.template.metadata.annotations["imaging-platform/config-sha256"];
}

// What each committed stack's Kubernetes provider knows its cluster by. Without it the
// provider would know the cluster by its kubeconfig, and a rotated credential or a
// new endpoint would replace every Kubernetes object of the site.
const clusterIdentifiers: Record<string, string> = {
    aws: "eks:eu-central-1:stlukes-pacs",
    azure: "cluster-id", // the AKS cluster's resource ID (the plan's stand-in)
    local: "local",
    "onprem-esx": "rke2:vcenter.stmarys.example:stmarys-pacs",
    proxmox: "rke2:pve.stjude.example:8006:stjude-pacs",
};

for (const stack of committedStacks()) {
    describe(`invariants of stack ${stack}`, () => {
        let plan: Plan;
        before(async () => {
            plan = await planStack(stack);
        });

        it("injects Istio's sidecar into the imaging namespace, and Orthanc's pods do not opt out", () => {
            const imaging = resource(plan, types.namespace, "imaging").inputs as Json;
            assert.equal(imaging.metadata.labels["istio-injection"], "enabled");
            const template = orthancDeployment(plan).spec.template.metadata;
            assert.notEqual(template.labels?.["sidecar.istio.io/inject"], "false");
            assert.notEqual(template.annotations?.["sidecar.istio.io/inject"], "false");
        });

        it("declares the DICOM port as opaque TCP, so Envoy does not parse it as HTTP", () => {
            const service = resource(plan, types.service, "orthanc").inputs as Json;
            const dicom = service.spec.ports.find((p: Json) => p.port === 4242);
            assert.ok(dicom, "Orthanc's Service has no port 4242");
            assert.equal(dicom.appProtocol, "tcp");
            assert.match(dicom.name, /^tcp-/);
        });

        it("rolls Orthanc's pods on any change of what they read at start: the checksum is of the ConfigMaps' files", () => {
            const data = (resource(plan, types.configMap, "orthanc-config").inputs as Json).data;
            const program = (resource(plan, types.configMap, "orthanc-audit-metrics").inputs as Json).data["audit.mtail"];
            const expected = crypto.createHash("sha256").update(data["orthanc.json"] + data["request-filter.lua"] + program).digest("hex");
            assert.equal(configChecksum(plan), expected);
        });

        it("names the cluster to its one Kubernetes provider by an identifier that outlives the kubeconfig", () => {
            const providers = plan.resources.filter((r) => r.type === "pulumi:providers:kubernetes");
            assert.deepEqual(providers.map((p) => (p.inputs as Json).clusterIdentifier), [clusterIdentifiers[stack]]);
        });

        it("gives every resource an explicit provider: none falls to the engine's default, configured from whoever runs pulumi up", () => {
            const withDefault = plan.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:") && r.provider === undefined).map((r) => r.urn);
            assert.deepEqual(withDefault, []);
        });
    });
}

describe("the configuration checksum", () => {
    it("changes when orthanc.json changes", async () => {
        const local = await planStack("local");
        const renamedAe = await planSite(localSiteWith({ orthanc: { aeTitle: "PACS_EAST" } }));
        const json = (plan: Plan) => (resource(plan, types.configMap, "orthanc-config").inputs as Json).data["orthanc.json"];
        assert.notEqual(json(renamedAe), json(local));
        assert.notEqual(configChecksum(renamedAe), configChecksum(local));
    });
});

describe("the fences around the patient data", () => {
    it("are protected like the data, so a destroy that spares the data spares them too", async () => {
        const plan = await planStack("local");
        const fenceTypes = [
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            "kubernetes:security.istio.io/v1:AuthorizationPolicy",
            "kubernetes:security.istio.io/v1:PeerAuthentication",
        ];
        const fences = plan.resources.filter((r) => fenceTypes.includes(r.type));
        assert.ok(fences.length > 40, `only ${fences.length} policies`);
        assert.deepEqual(fences.filter((r) => !r.protect).map((r) => `${r.type} ${r.name}`), []);
        for (const data of [types.cnpgCluster, types.pvc]) {
            assert.ok(plan.resources.filter((r) => r.type === data).every((r) => r.protect), data);
        }
    });
});
