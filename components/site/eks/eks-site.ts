// An AWS site: the VPC, the EKS cluster and its nodes and add-ons, the buckets
// and the workload identities that reach them, and the Kubernetes provider the
// platform deploys through, which waits until the cluster can run it.
import * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes";
import { StorageClass } from "@pulumi/kubernetes/storage/v1";
import { objectStoreServiceAccounts } from "../contract";
import type { EksAddonPins } from "../../versions";
import { EksNetworkAddons, EksNodeAddons } from "./addons";
import { EksCluster } from "./cluster";
import { partitionOf } from "./iam";
import { EksWorkloadIdentity } from "./identities";
import { deployingPrincipalArn } from "./deployer";
import { eksKubeconfig } from "./kubeconfig";
import { EksNetwork } from "./network";
import { EksNodeGroups } from "./node-groups";
import { EksBucket } from "./object-store";

// The EBS CSI driver's provisioner name.
const ebsCsiProvisioner = "ebs.csi.aws.com";

export interface EksSiteArgs {
    /** AWS region of everything the site builds. */
    region: string;
    /** Tags on every AWS resource (the provider's defaultTags). */
    tags: Record<string, string>;
    /** The EKS cluster's name (the site's name). */
    clusterName: string;
    /** Kubernetes minor, one of components/versions.ts `eksKubernetesVersions`. */
    kubernetesVersion: string;
    /** The add-on builds for that minor. */
    addonVersions: EksAddonPins;
    /** The VPC's IPv4 network. */
    vpcCidr: string;
    /** The cluster's Service network (must not overlap the VPC). */
    serviceCidr: string;
    /** Three zones of `region`. */
    availabilityZones: string[];
    /** @default "perZone" */
    natGateways?: "perZone" | "single";
    /** Networks that reach the API endpoint from the internet; empty: private endpoint only. */
    publicAccessCidrs: string[];
    /** Grant the identity running `pulumi up` cluster admin (an access entry named "deployer"). */
    grantDeployer: boolean;
    /** IAM roles granted cluster admin as well. */
    adminRoleArns: string[];
    /** Days CloudWatch keeps the control plane's logs. */
    controlPlaneLogRetentionDays: number;
    /** Node groups, sizes per zone. */
    nodes: { instanceTypes: string[]; minSize: number; desiredSize: number; maxSize: number; diskSizeGiB: number };
    /** The two buckets' names, and how long they keep previous versions (days). */
    buckets: { dicom: string; backups: string; oldVersionDays: number };
    /** The name of the storage class the program creates for every volume (gp3, encrypted). */
    storageClassName: string;
}

export class EksSite extends pulumi.ComponentResource {
    readonly kubernetesProvider: KubernetesProvider;
    /** The kubeconfig operators use (secret): the cluster's endpoint and CA, a token from `aws eks get-token`. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly storageClassName: pulumi.Output<string>;
    readonly vpcCidr: string;
    readonly buckets: { dicom: EksBucket; backups: EksBucket };
    readonly roles: { orthanc: pulumi.Output<string>; backups: pulumi.Output<string> };
    readonly clusterName: pulumi.Output<string>;

    constructor(name: string, args: EksSiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:EksSite", name, {}, opts);
        // Every AWS resource names this provider: the region and tags are the site's, never the ambient profile's.
        const provider = new AwsProvider(name, { region: args.region, defaultTags: { tags: args.tags } }, { parent: this });
        const partition = partitionOf(args.region);
        this.vpcCidr = args.vpcCidr;

        const network = new EksNetwork(
            "network",
            { provider, region: args.region, vpcCidr: args.vpcCidr, availabilityZones: args.availabilityZones, clusterName: args.clusterName, natGateways: args.natGateways },
            { parent: this },
        );
        const cluster = new EksCluster(
            "cluster",
            {
                provider,
                partition,
                clusterName: args.clusterName,
                kubernetesVersion: args.kubernetesVersion,
                subnetIds: network.privateSubnetIds,
                serviceCidr: args.serviceCidr,
                publicAccessCidrs: args.publicAccessCidrs,
                logRetentionDays: args.controlPlaneLogRetentionDays,
                admins: {
                    ...(args.grantDeployer ? { deployer: deployingPrincipalArn(provider, this) } : {}),
                    ...Object.fromEntries(args.adminRoleArns.map((arn) => [adminEntryName(arn), arn])),
                },
            },
            { parent: this },
        );
        this.clusterName = cluster.name;
        const identityArgs = { provider, partition, clusterName: cluster.name, oidcProviderArn: cluster.oidcProviderArn, oidcIssuerUrl: cluster.oidcIssuerUrl, versions: args.addonVersions };
        const networkAddons = new EksNetworkAddons("network-addons", identityArgs, { parent: this });
        const nodes = new EksNodeGroups(
            "nodes",
            {
                provider,
                partition,
                clusterName: cluster.name,
                kubernetesVersion: args.kubernetesVersion,
                subnets: Object.fromEntries(args.availabilityZones.map((zone, i) => [zone, network.privateSubnetIds[i]!])),
                ...args.nodes,
                after: networkAddons.addons,
            },
            { parent: this },
        );
        const nodeAddons = new EksNodeAddons("node-addons", { ...identityArgs, nodeGroups: nodes.nodeGroups }, { parent: this });

        const bucket = (bucketName: string, purpose: string) =>
            new EksBucket(bucketName, { provider, partition, bucketName, purpose, oldVersionDays: args.buckets.oldVersionDays }, { parent: this });
        this.buckets = { dicom: bucket(args.buckets.dicom, "DICOM files"), backups: bucket(args.buckets.backups, "PostgreSQL backups") };
        const identity = (identityName: string, grant: ConstructorParameters<typeof EksWorkloadIdentity>[1]["grant"]) =>
            new EksWorkloadIdentity(identityName, { provider, oidcProviderArn: cluster.oidcProviderArn, oidcIssuerUrl: cluster.oidcIssuerUrl, grant }, { parent: this });
        this.roles = {
            orthanc: identity("orthanc", {
                serviceAccount: objectStoreServiceAccounts.orthanc,
                bucketArn: this.buckets.dicom.bucketArn,
                keyArn: this.buckets.dicom.keyArn,
                objectActions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                bucketActions: ["s3:ListBucket"],
            }).roleArn,
            // barman-cloud lists, writes, reads (restores) and deletes what the retention policy drops.
            backups: identity("backups", {
                serviceAccount: objectStoreServiceAccounts.backups,
                bucketArn: this.buckets.backups.bucketArn,
                keyArn: this.buckets.backups.keyArn,
                objectActions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                bucketActions: ["s3:ListBucket", "s3:GetBucketLocation"],
            }).roleArn,
        };

        // Everything the platform deploys goes through this provider, so it waits for a
        // cluster that can run it: admins able to authenticate, nodes, DNS and volumes.
        this.kubeconfig = eksKubeconfig({ clusterName: cluster.name, region: args.region, endpoint: cluster.endpoint, certificateAuthority: cluster.certificateAuthority });
        this.kubernetesProvider = new KubernetesProvider(
            name,
            {
                kubeconfig: this.kubeconfig,
                // The cluster's identity: a new CA or endpoint format must not replace every object on it.
                clusterIdentifier: `eks:${args.region}:${args.clusterName}`,
            },
            { parent: this, dependsOn: [...cluster.access, ...nodes.nodeGroups, ...networkAddons.addons, ...nodeAddons.addons] },
        );
        const storageClass = new StorageClass(
            args.storageClassName,
            {
                metadata: { name: args.storageClassName },
                provisioner: ebsCsiProvisioner,
                parameters: { type: "gp3", encrypted: "true" },
                // A volume is created in the zone its pod is scheduled to, not before.
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
                // Patient data: deleting a claim must not delete the disk with it.
                reclaimPolicy: "Retain",
            },
            { parent: this, provider: this.kubernetesProvider, dependsOn: [nodeAddons.ebsCsiDriver] },
        );
        this.storageClassName = storageClass.metadata.name;
        this.registerOutputs({ clusterName: this.clusterName });
    }
}

// An access entry's resource name from the role's ARN: stable when the list is reordered,
// distinct across accounts (arn:aws:iam::123456789012:role/path/Name -> admin-123456789012-Name).
export function adminEntryName(roleArn: string): string {
    const account = roleArn.split(":")[4];
    const role = roleArn.split("/").pop();
    return `admin-${account}-${role}`;
}
