import { safeguards, type ResourceRule } from "../support/rule";
import { field } from "../support/values";

// What the plan can see of volume encryption: a StorageClass the program declares
// for EBS. AKS managed disks are always encrypted by Azure; on vSphere and Proxmox
// encryption at rest belongs to the datastore (VM encryption, vSAN, encrypted Ceph
// OSDs), which the program does not declare: README, "Compliance policy pack".
const provisioners: Record<string, (parameters: unknown) => string[]> = {
    "ebs.csi.aws.com": (parameters) =>
        field(parameters, "encrypted") === "true" ? [] : ['set parameters.encrypted to "true" (EBS volumes are not encrypted unless asked)'],
    "kubernetes.io/aws-ebs": (parameters) =>
        field(parameters, "encrypted") === "true" ? [] : ['set parameters.encrypted to "true" (EBS volumes are not encrypted unless asked)'],
};

/** Database and DICOM volumes are created encrypted. */
export const rule: ResourceRule = {
    name: "volumes-encrypted",
    description: "StorageClasses the program declares create encrypted volumes (EBS: encrypted \"true\").",
    safeguard: safeguards.encryptionAtRest,
    enforcement: "mandatory",
    scope: "resource",
    check(resource) {
        if (resource.type !== "kubernetes:storage.k8s.io/v1:StorageClass") {
            return [];
        }
        const provisioner = resource.inputs.provisioner;
        const check = typeof provisioner === "string" ? provisioners[provisioner] : undefined;
        return check ? check(resource.inputs.parameters) : [];
    },
};
