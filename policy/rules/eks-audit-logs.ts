import { safeguards, type ResourceRule } from "../support/rule";
import { list } from "../support/values";

const required = ["api", "audit", "authenticator"];

/** Who did what to the cluster is recorded. */
export const rule: ResourceRule = {
    name: "eks-audit-logs",
    description: `EKS clusters send the control plane's ${required.join(", ")} logs to CloudWatch.`,
    safeguard: safeguards.audit,
    enforcement: "advisory",
    scope: "resource",
    check(resource) {
        if (resource.type !== "aws:eks/cluster:Cluster") {
            return [];
        }
        const enabled = list(resource.inputs.enabledClusterLogTypes);
        const missing = required.filter((kind) => !enabled.includes(kind));
        return missing.length > 0 ? [`add ${missing.join(", ")} to enabledClusterLogTypes`] : [];
    },
};
