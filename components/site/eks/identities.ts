// The two object-store users' AWS identities (IRSA): Orthanc's service account
// may read and write the DICOM objects only, the backups' service account the
// backup objects only. Each role trusts exactly one service account of one
// cluster; no access key exists anywhere.
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/aws/provider";
import { Role, RolePolicy } from "@pulumi/aws/iam";
import { serviceAccountTrustPolicy, type ServiceAccountRef } from "./iam";

/** What one workload may do in one bucket. */
export interface BucketGrant {
    /** The Kubernetes service account that assumes the role. */
    serviceAccount: ServiceAccountRef;
    bucketArn: string;
    /** The bucket's KMS key. */
    keyArn: pulumi.Input<string>;
    /** Actions on the bucket's objects (`<bucket ARN>/*`). */
    objectActions: string[];
    /** Actions on the bucket itself (listing, location). */
    bucketActions: string[];
}

export interface EksWorkloadIdentityArgs {
    /** The site's AWS provider: its region and tags. */
    provider: Provider;
    /** The cluster's IAM OIDC provider and its issuer URL (IRSA). */
    oidcProviderArn: pulumi.Input<string>;
    oidcIssuerUrl: pulumi.Input<string>;
    /** The one bucket and what the role may do in it. */
    grant: BucketGrant;
}

export class EksWorkloadIdentity extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: EksWorkloadIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:EksWorkloadIdentity", name, {}, opts);
        const child = { parent: this, provider: args.provider };
        const { grant } = args;
        const role = new Role(
            name,
            {
                assumeRolePolicy: serviceAccountTrustPolicy(args.oidcProviderArn, args.oidcIssuerUrl, grant.serviceAccount),
                description: `${grant.serviceAccount.namespace}/${grant.serviceAccount.name}: ${grant.bucketArn}`,
                // The credentials last as long as STS allows for web identities by default.
                maxSessionDuration: 3600,
            },
            child,
        );
        new RolePolicy(
            name,
            {
                role: role.name,
                policy: pulumi.output(grant.keyArn).apply((keyArn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [
                            { Sid: "Objects", Effect: "Allow", Action: grant.objectActions, Resource: `${grant.bucketArn}/*` },
                            { Sid: "Bucket", Effect: "Allow", Action: grant.bucketActions, Resource: grant.bucketArn },
                            // SSE-KMS: writing needs a data key, reading needs it decrypted.
                            { Sid: "BucketKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: keyArn },
                        ],
                    }),
                ),
            },
            child,
        );
        this.roleArn = role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
