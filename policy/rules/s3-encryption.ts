import { safeguards, type ResourceRule } from "../support/rule";
import { field, list } from "../support/values";

const type = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";

/** S3 buckets encrypt every object with the site's own KMS key, through a bucket key. */
export const rule: ResourceRule = {
    name: "s3-encrypted-with-kms",
    description: "S3 buckets encrypt objects by default with SSE-KMS under a customer key and use S3 bucket keys.",
    safeguard: safeguards.encryptionAtRest,
    enforcement: "mandatory",
    scope: "resource",
    check(resource) {
        if (resource.type !== type) {
            return [];
        }
        const rules = list(resource.inputs.rules);
        if (rules.length === 0) {
            return ["the bucket's encryption configuration has no rule: add one with sseAlgorithm aws:kms and the site's KMS key"];
        }
        return rules.flatMap((entry, index) => {
            const problems: string[] = [];
            const algorithm = field(entry, "applyServerSideEncryptionByDefault", "sseAlgorithm");
            if (algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") {
                problems.push(`rules[${index}] encrypts with ${String(algorithm)}: set applyServerSideEncryptionByDefault.sseAlgorithm to aws:kms`);
            }
            if (!field(entry, "applyServerSideEncryptionByDefault", "kmsMasterKeyId")) {
                problems.push(`rules[${index}] names no KMS key: set applyServerSideEncryptionByDefault.kmsMasterKeyId to the site's key, not the AWS-managed aws/s3 key`);
            }
            if (field(entry, "bucketKeyEnabled") !== true) {
                problems.push(`rules[${index}] has no bucket key: set bucketKeyEnabled to true`);
            }
            return problems;
        });
    },
};
