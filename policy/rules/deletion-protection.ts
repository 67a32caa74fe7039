import { safeguards, type ResourceRule } from "../support/rule";

// Resources whose deletion loses patient data, its keys or the machines holding it.
const stateful = new Set([
    "aws:s3/bucket:Bucket",
    "aws:kms/key:Key",
    "aws:eks/cluster:Cluster",
    "azure-native:storage:StorageAccount",
    "azure-native:storage:BlobContainer",
    "azure-native:containerservice:ManagedCluster",
    "kubernetes:postgresql.cnpg.io/v1:Cluster",
    "kubernetes:core/v1:PersistentVolumeClaim",
    "vsphere:index/virtualMachine:VirtualMachine",
    "proxmoxve:index/vmLegacy:VmLegacy",
    "proxmoxve:index/vm:Vm",
]);

/** A change cannot delete a database, a bucket, a key or a VM as a side effect. */
export const rule: ResourceRule = {
    name: "deletion-protection",
    description: "Stateful resources (databases, buckets, storage accounts and containers, KMS keys, clusters, VMs, volume claims) carry `protect: true`, and an EKS cluster deletionProtection too.",
    safeguard: safeguards.integrity,
    enforcement: "advisory",
    scope: "resource",
    check(resource) {
        if (!stateful.has(resource.type)) {
            return [];
        }
        const problems = resource.protect === true ? [] : [`${resource.name} can be deleted by a change: give it the resource option protect: true`];
        if (resource.type === "aws:eks/cluster:Cluster" && resource.inputs.deletionProtection !== true) {
            problems.push("set deletionProtection to true");
        }
        if (resource.type === "aws:s3/bucket:Bucket" && resource.inputs.forceDestroy === true) {
            problems.push("remove forceDestroy: it deletes every object with the bucket");
        }
        return problems;
    },
};
