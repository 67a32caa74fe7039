import { safeguards, type ResourceRule } from "../support/rule";
import { field, list } from "../support/values";

/** Kubernetes Secrets (database and Orthanc passwords, keys) are envelope-encrypted in etcd. */
export const rule: ResourceRule = {
    name: "eks-secrets-encrypted",
    description: "EKS clusters envelope-encrypt Kubernetes Secrets with a KMS key.",
    safeguard: safeguards.encryptionAtRest,
    enforcement: "mandatory",
    scope: "resource",
    check(resource) {
        if (resource.type !== "aws:eks/cluster:Cluster") {
            return [];
        }
        const config = resource.inputs.encryptionConfig;
        const covered = list(field(config, "resources"));
        if (!covered.includes("secrets") || !field(config, "provider", "keyArn")) {
            return ['set encryptionConfig to { resources: ["secrets"], provider: { keyArn: <the site\'s KMS key> } }'];
        }
        return [];
    },
};
