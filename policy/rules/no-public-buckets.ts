import { safeguards, type ResourceRule } from "../support/rule";

const publicAccessBlockFlags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/** No bucket or blob container is readable by anyone on the internet. */
export const rule: ResourceRule = {
    name: "no-public-buckets",
    description: "S3 buckets block every kind of public access and grant no public ACL; Azure storage forbids public blob access and no container is public.",
    safeguard: safeguards.accessControl,
    enforcement: "mandatory",
    scope: "resource",
    check(resource) {
        const inputs = resource.inputs;
        switch (resource.type) {
            case "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":
                return publicAccessBlockFlags.filter((flag) => inputs[flag] !== true).map((flag) => `set ${flag} to true`);
            case "aws:s3/bucket:Bucket":
            case "aws:s3/bucketAcl:BucketAcl":
                return typeof inputs.acl === "string" && inputs.acl.startsWith("public-") ? [`acl is ${inputs.acl}: remove it (objects are private; the bucket owner owns them)`] : [];
            case "azure-native:storage:StorageAccount":
                return inputs.allowBlobPublicAccess === false ? [] : ["set allowBlobPublicAccess to false"];
            case "azure-native:storage:BlobContainer":
                return inputs.publicAccess === undefined || inputs.publicAccess === "None" ? [] : [`publicAccess is ${String(inputs.publicAccess)}: set it to None`];
            default:
                return [];
        }
    },
};
