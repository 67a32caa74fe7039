import { label, safeguards, type StackRule, type Violation } from "../support/rule";
import { field, objectName } from "../support/values";

const type = "kubernetes:security.istio.io/v1:PeerAuthentication";
// Istio's root namespace: a PeerAuthentication there without a selector is mesh-wide.
const rootNamespace = "istio-system";

/** Every connection between pods is mutual TLS: mesh-wide STRICT, no workload loosening it. */
export const rule: StackRule = {
    name: "mesh-mtls-strict",
    description: "A mesh-wide Istio PeerAuthentication sets mTLS to STRICT, and no workload's PeerAuthentication sets PERMISSIVE or DISABLE for all its ports.",
    safeguard: safeguards.transmission,
    enforcement: "mandatory",
    scope: "stack",
    check(resources) {
        const peers = resources.filter((r) => r.type === type || r.type === "kubernetes:security.istio.io/v1beta1:PeerAuthentication");
        // A stack without Kubernetes workloads of the mesh has nothing to hold to this.
        if (!resources.some((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "istiod")) {
            return [];
        }
        const violations: Violation[] = [];
        const meshWide = peers.filter((r) => field(r.inputs, "metadata", "namespace") === rootNamespace && field(r.inputs, "spec", "selector") === undefined);
        if (!meshWide.some((r) => field(r.inputs, "spec", "mtls", "mode") === "STRICT")) {
            violations.push({
                resource: "stack",
                message: `no mesh-wide PeerAuthentication with mtls.mode STRICT: declare one in ${rootNamespace} without a selector`,
            });
        }
        for (const peer of peers) {
            const mode = field(peer.inputs, "spec", "mtls", "mode");
            // UNSET inherits the mesh-wide STRICT; port-level exceptions are for
            // probes and metrics the kubelet and Prometheus reach without a sidecar.
            if (mode === "PERMISSIVE" || mode === "DISABLE") {
                violations.push({ resource: label(peer), message: `PeerAuthentication ${objectName(peer.inputs)} sets mtls.mode ${mode}: set it to STRICT and open single ports with portLevelMtls if a plain-text probe needs one` });
            }
        }
        return violations;
    },
};
