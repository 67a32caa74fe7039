// The worker nodes: one managed node group per zone, so that every zone keeps
// nodes for the volumes that live there, all from one launch template that
// requires IMDSv2 and encrypts the root volume.
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/aws/provider";
import { LaunchTemplate } from "@pulumi/aws/ec2";
import { NodeGroup } from "@pulumi/aws/eks";
import { Role, RolePolicyAttachment } from "@pulumi/aws/iam";
import { managedPolicyArn, serviceTrustPolicy } from "./iam";

export interface EksNodeGroupsArgs {
    /** The site's AWS provider: its region and tags. */
    provider: Provider;
    /** The ARN partition of the region (aws, aws-cn, aws-us-gov). */
    partition: string;
    /** The EKS cluster's name. */
    clusterName: pulumi.Input<string>;
    /** Kubernetes minor version of the nodes (the cluster's). */
    kubernetesVersion: string;
    /** Private subnets by zone name: one node group each. */
    subnets: Record<string, pulumi.Input<string>>;
    /** EC2 instance types (x86_64) the node groups may launch. */
    instanceTypes: string[];
    /** Sizes of each zone's node group. */
    minSize: number;
    desiredSize: number;
    maxSize: number;
    /** Root volume size of each node (GiB). */
    diskSizeGiB: number;
    /**
     * What each node group waits for (pod networking: a node joins only once it runs).
     */
    after: pulumi.Resource[];
}

export class EksNodeGroups extends pulumi.ComponentResource {
    readonly nodeGroups: NodeGroup[];

    constructor(name: string, args: EksNodeGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:EksNodeGroups", name, {}, opts);
        const child = { parent: this, provider: args.provider };

        const role = new Role("node", { assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"), description: "EKS worker nodes" }, child);
        // The VPC CNI's permissions are not here: its own role (IRSA) carries them, so a pod that
        // reached the node's credentials could not rewire the network.
        const attachments = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"].map(
            (policy) => new RolePolicyAttachment(`node-${policy}`, { role: role.name, policyArn: managedPolicyArn(args.partition, policy) }, child),
        );

        const template = new LaunchTemplate(
            "node",
            {
                description: "EKS worker nodes: IMDSv2 only, encrypted root volume",
                // Hop limit 1: a pod (one hop further than the node) cannot read the node's
                // role from the instance metadata; workloads get their own roles (IRSA).
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
                blockDeviceMappings: [
                    {
                        // The root device of the EKS Amazon Linux 2023 AMIs.
                        deviceName: "/dev/xvda",
                        ebs: { volumeSize: args.diskSizeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
                    },
                ],
                updateDefaultVersion: true,
            },
            child,
        );

        this.nodeGroups = Object.entries(args.subnets).map(
            ([zone, subnetId]) =>
                new NodeGroup(
                    zone,
                    {
                        clusterName: args.clusterName,
                        nodeRoleArn: role.arn,
                        subnetIds: [subnetId],
                        version: args.kubernetesVersion,
                        amiType: "AL2023_x86_64_STANDARD",
                        capacityType: "ON_DEMAND",
                        instanceTypes: args.instanceTypes,
                        scalingConfig: { minSize: args.minSize, desiredSize: args.desiredSize, maxSize: args.maxSize },
                        updateConfig: { maxUnavailable: 1 },
                        launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
                    },
                    { ...child, dependsOn: [...attachments, ...args.after] },
                ),
        );
        this.registerOutputs({});
    }
}
