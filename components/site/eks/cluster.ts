// The EKS control plane: its role, the customer-managed key that envelope-encrypts
// Kubernetes Secrets, the audit trail in CloudWatch, who may administer it
// (access entries, nothing in aws-auth), and the OIDC provider that workload
// identities (IRSA) federate through.
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/aws/provider";
import { LogGroup } from "@pulumi/aws/cloudwatch";
import { AccessEntry, AccessPolicyAssociation, Cluster } from "@pulumi/aws/eks";
import { OpenIdConnectProvider, Role, RolePolicy, RolePolicyAttachment } from "@pulumi/aws/iam";
import { Alias, Key } from "@pulumi/aws/kms";
import { managedPolicyArn, serviceTrustPolicy } from "./iam";

// The control-plane logs every site keeps: the API requests, the audit trail and who authenticated.
export const controlPlaneLogTypes = ["api", "audit", "authenticator"];

export interface EksClusterArgs {
    /** The site's AWS provider: its region and tags. */
    provider: Provider;
    /** The ARN partition of the region (aws, aws-cn, aws-us-gov). */
    partition: string;
    /** The cluster's name (also in the kubeconfig and the subnets' tags). */
    clusterName: string;
    /** Kubernetes minor version, such as "1.34". */
    kubernetesVersion: string;
    /** Private subnets, one per zone: the control plane's network interfaces go there. */
    subnetIds: pulumi.Input<string>[];
    /** The cluster's Service network (kube-proxy's ClusterIPs). */
    serviceCidr: string;
    /**
     * Networks that reach the API endpoint from the internet; empty: the endpoint is private (VPC only).
     */
    publicAccessCidrs: string[];
    /** Days CloudWatch keeps the control-plane logs. */
    logRetentionDays: number;
    /** Principals (IAM role or user ARNs) granted cluster admin through access entries, by a stable resource name. */
    admins: Record<string, pulumi.Input<string>>;
}

export class EksCluster extends pulumi.ComponentResource {
    readonly cluster: Cluster;
    readonly name: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly certificateAuthority: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcIssuerUrl: pulumi.Output<string>;
    /** The access entries and their policy associations: nothing may reach the API before these exist. */
    readonly access: pulumi.Resource[];

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:EksCluster", name, {}, opts);
        const child = { parent: this, provider: args.provider };

        const role = new Role("cluster", { assumeRolePolicy: serviceTrustPolicy("eks.amazonaws.com"), description: `EKS control plane of ${args.clusterName}` }, child);
        const clusterPolicy = new RolePolicyAttachment("cluster", { role: role.name, policyArn: managedPolicyArn(args.partition, "AmazonEKSClusterPolicy") }, child);

        // Deleting the key would make every Secret in etcd unreadable.
        const secretsKey = new Key(
            "secrets",
            { description: `Envelope encryption of Kubernetes Secrets in ${args.clusterName}`, enableKeyRotation: true, deletionWindowInDays: 30 },
            { ...child, protect: true },
        );
        new Alias("secrets", { name: `alias/${args.clusterName}-secrets`, targetKeyId: secretsKey.keyId }, child);
        const keyUse = new RolePolicy(
            "cluster-secrets-key",
            {
                role: role.name,
                policy: secretsKey.arn.apply((arn) =>
                    JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: arn }],
                    }),
                ),
            },
            child,
        );

        // Created before the cluster, so EKS writes into a group with the site's retention
        // instead of creating one that keeps the logs forever.
        const logs = new LogGroup("control-plane", { name: `/aws/eks/${args.clusterName}/cluster`, retentionInDays: args.logRetentionDays }, child);

        const publicAccessCidrs = args.publicAccessCidrs;
        this.cluster = new Cluster(
            "cluster",
            {
                name: args.clusterName,
                version: args.kubernetesVersion,
                roleArn: role.arn,
                accessConfig: {
                    authenticationMode: "API",
                    // Every admin is an access entry below, visible in the plan; none is implicit.
                    bootstrapClusterCreatorAdminPermissions: false,
                },
                encryptionConfig: { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] },
                enabledClusterLogTypes: controlPlaneLogTypes,
                vpcConfig: {
                    subnetIds: args.subnetIds,
                    endpointPrivateAccess: true,
                    endpointPublicAccess: publicAccessCidrs.length > 0,
                    ...(publicAccessCidrs.length > 0 ? { publicAccessCidrs } : {}),
                },
                kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: args.serviceCidr },
                // The add-ons are EKS-managed resources of this program, pinned in versions.ts.
                bootstrapSelfManagedAddons: false,
                deletionProtection: true,
            },
            { ...child, protect: true, dependsOn: [clusterPolicy, keyUse, logs] },
        );
        this.name = this.cluster.name;
        this.endpoint = this.cluster.endpoint;
        this.certificateAuthority = this.cluster.certificateAuthority.apply((ca) => ca.data ?? "");
        this.oidcIssuerUrl = this.cluster.identities.apply((identities) => identities[0]?.oidcs?.[0]?.issuer ?? "");

        // IAM trusts the issuer's certificate chain itself for EKS issuers: no thumbprint to pin or rotate.
        const oidc = new OpenIdConnectProvider("cluster", { url: this.oidcIssuerUrl, clientIdLists: ["sts.amazonaws.com"] }, child);
        this.oidcProviderArn = oidc.arn;

        this.access = Object.entries(args.admins).flatMap(([entryName, principalArn]) => {
            const entry = new AccessEntry(entryName, { clusterName: this.cluster.name, principalArn, type: "STANDARD" }, child);
            const association = new AccessPolicyAssociation(
                entryName,
                {
                    clusterName: this.cluster.name,
                    principalArn: entry.principalArn,
                    policyArn: `arn:${args.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
                    accessScope: { type: "cluster" },
                },
                child,
            );
            return [entry, association];
        });

        this.registerOutputs({ name: this.name, endpoint: this.endpoint });
    }
}
