// The site's S3 buckets, one for DICOM files and one for the database backups:
// each with its own KMS key, versioning, no public access, TLS only, and a
// lifecycle for old versions. Two buckets rather than two prefixes: their
// retention differs, each policy names one bucket whole, and a leaked Orthanc
// role cannot reach the backups (nor the backups' role the images).
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/aws/provider";
import { Alias, Key } from "@pulumi/aws/kms";
import {
    Bucket,
    BucketLifecycleConfiguration,
    BucketOwnershipControls,
    BucketPolicy,
    BucketPublicAccessBlock,
    BucketServerSideEncryptionConfiguration,
    BucketVersioning,
} from "@pulumi/aws/s3";

export interface EksBucketArgs {
    /** The site's AWS provider: its region and tags. */
    provider: Provider;
    /** The ARN partition of the region (aws, aws-cn, aws-us-gov). */
    partition: string;
    /** The bucket's globally unique name. */
    bucketName: string;
    /** What the bucket holds, for descriptions. */
    purpose: string;
    /** Days an overwritten or deleted object's old version is kept. */
    oldVersionDays: number;
}

export class EksBucket extends pulumi.ComponentResource {
    readonly bucketName: string;
    readonly bucketArn: string;
    readonly keyArn: pulumi.Output<string>;
    /** The bucket and its settings: nothing should write before they all hold. */
    readonly ready: pulumi.Resource[];

    constructor(name: string, args: EksBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:EksBucket", name, {}, opts);
        const child = { parent: this, provider: args.provider };
        this.bucketName = args.bucketName;
        this.bucketArn = `arn:${args.partition}:s3:::${args.bucketName}`;

        // Deleting the key would make every object in the bucket unreadable.
        const key = new Key(name, { description: `${args.purpose} in s3://${args.bucketName}`, enableKeyRotation: true, deletionWindowInDays: 30 }, { ...child, protect: true });
        new Alias(name, { name: `alias/${args.bucketName}`, targetKeyId: key.keyId }, child);
        this.keyArn = key.arn;

        const bucket = new Bucket(name, { bucket: args.bucketName, forceDestroy: false }, { ...child, protect: true });
        const ready: pulumi.Resource[] = [
            bucket,
            // ACLs off: the bucket policy and IAM alone decide who reads.
            new BucketOwnershipControls(name, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, child),
            new BucketPublicAccessBlock(name, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, child),
            new BucketVersioning(name, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, child),
            new BucketServerSideEncryptionConfiguration(
                name,
                {
                    bucket: bucket.id,
                    // Bucket keys: one KMS call per bucket key period instead of one per object.
                    rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
                },
                child,
            ),
            new BucketPolicy(
                name,
                {
                    bucket: bucket.id,
                    policy: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            {
                                Sid: "DenyWithoutTls",
                                Effect: "Deny",
                                Principal: "*",
                                Action: "s3:*",
                                Resource: [this.bucketArn, `${this.bucketArn}/*`],
                                Condition: { Bool: { "aws:SecureTransport": "false" } },
                            },
                        ],
                    }),
                },
                child,
            ),
            new BucketLifecycleConfiguration(
                name,
                {
                    bucket: bucket.id,
                    rules: [
                        {
                            id: "expire-old-versions",
                            status: "Enabled",
                            filter: {},
                            noncurrentVersionExpiration: { noncurrentDays: args.oldVersionDays },
                            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                        },
                        // A delete leaves a marker over the expired versions; clear the marker too.
                        { id: "remove-expired-delete-markers", status: "Enabled", filter: {}, expiration: { expiredObjectDeleteMarker: true } },
                    ],
                },
                child,
            ),
        ];
        this.ready = ready;
        this.registerOutputs({ bucket: this.bucketName });
    }
}
