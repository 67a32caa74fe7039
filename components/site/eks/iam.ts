// IAM policy documents the EKS site's components share: who may assume a role,
// and the ARNs of things named by the program rather than by AWS.
import * as pulumi from "@pulumi/pulumi";

/** The ARN partition of a region: China and GovCloud have their own. */
export function partitionOf(region: string): string {
    return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

/** An AWS managed policy's ARN. */
export function managedPolicyArn(partition: string, path: string): string {
    return `arn:${partition}:iam::aws:policy/${path}`;
}

/** A trust policy that lets an AWS service (eks.amazonaws.com, ec2.amazonaws.com) assume the role. */
export function serviceTrustPolicy(service: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
    });
}

/** The Kubernetes service account an IAM role for service accounts (IRSA) trusts. */
export interface ServiceAccountRef {
    namespace: string;
    name: string;
}

/**
 * A trust policy for IRSA: only the cluster's OIDC issuer, only tokens minted for
 * STS, only the one service account. The issuer's host (without https://) is how
 * IAM names the token's claims.
 */
export function serviceAccountTrustPolicy(oidcProviderArn: pulumi.Input<string>, issuerUrl: pulumi.Input<string>, account: ServiceAccountRef): pulumi.Output<string> {
    return pulumi.all([oidcProviderArn, issuerUrl]).apply(([arn, url]) => {
        const issuer = url.replace(/^https:\/\//, "");
        return JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: arn },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: {
                            [`${issuer}:sub`]: `system:serviceaccount:${account.namespace}:${account.name}`,
                            [`${issuer}:aud`]: "sts.amazonaws.com",
                        },
                    },
                },
            ],
        });
    });
}
