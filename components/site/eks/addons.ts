// The EKS-managed add-ons the cluster needs before the platform can run: pod
// networking (VPC CNI), kube-proxy, CoreDNS and the EBS CSI driver, each at the
// build pinned for the cluster's minor. The CNI and the CSI driver get roles of
// their own (IRSA) rather than borrowing the nodes'.
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/aws/provider";
import { Addon } from "@pulumi/aws/eks";
import { Role, RolePolicyAttachment } from "@pulumi/aws/iam";
import type { EksAddonPins } from "../../versions";
import { managedPolicyArn, serviceAccountTrustPolicy } from "./iam";

// The service accounts the add-ons run under (fixed by the add-ons themselves).
const addonServiceAccounts = {
    vpcCni: { namespace: "kube-system", name: "aws-node" },
    ebsCsi: { namespace: "kube-system", name: "ebs-csi-controller-sa" },
};

export interface EksAddonsArgs {
    /** The site's AWS provider: its region and tags. */
    provider: Provider;
    /** The ARN partition of the region (aws, aws-cn, aws-us-gov). */
    partition: string;
    /** The EKS cluster's name. */
    clusterName: pulumi.Input<string>;
    /** The cluster's IAM OIDC provider and its issuer URL (IRSA). */
    oidcProviderArn: pulumi.Input<string>;
    oidcIssuerUrl: pulumi.Input<string>;
    /** The add-on builds for the cluster's Kubernetes minor (components/versions.ts). */
    versions: EksAddonPins;
}

// One add-on and, where it calls AWS, the role its service account assumes.
function declareAddon(
    child: pulumi.CustomResourceOptions,
    args: EksAddonsArgs,
    addonName: string,
    version: string,
    identity?: { account: { namespace: string; name: string }; policy: string },
    dependsOn: pulumi.Resource[] = [],
    configuration?: Record<string, unknown>,
): Addon {
    let roleArn: pulumi.Output<string> | undefined;
    const needs = [...dependsOn];
    if (identity) {
        const role = new Role(
            addonName,
            {
                assumeRolePolicy: serviceAccountTrustPolicy(args.oidcProviderArn, args.oidcIssuerUrl, identity.account),
                description: `EKS add-on ${addonName} (${identity.account.namespace}/${identity.account.name})`,
            },
            child,
        );
        needs.push(new RolePolicyAttachment(addonName, { role: role.name, policyArn: managedPolicyArn(args.partition, identity.policy) }, child));
        roleArn = role.arn;
    }
    return new Addon(
        addonName,
        {
            clusterName: args.clusterName,
            addonName,
            addonVersion: version,
            ...(roleArn ? { serviceAccountRoleArn: roleArn } : {}),
            ...(configuration ? { configurationValues: JSON.stringify(configuration) } : {}),
            // The add-ons run with EKS's settings: an edit made by hand is overwritten.
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "OVERWRITE",
        },
        { ...child, dependsOn: needs },
    );
}

/** Pod networking and kube-proxy: a node becomes Ready only once these run, so they come before the node groups. */
export class EksNetworkAddons extends pulumi.ComponentResource {
    readonly addons: Addon[];

    constructor(name: string, args: EksAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:EksNetworkAddons", name, {}, opts);
        const child = { parent: this, provider: args.provider };
        this.addons = [
            // The platform fences every namespace with NetworkPolicies; the VPC CNI enforces
            // them only with its network policy agent turned on (off by default).
            declareAddon(
                child,
                args,
                "vpc-cni",
                args.versions.vpcCni,
                { account: addonServiceAccounts.vpcCni, policy: "AmazonEKS_CNI_Policy" },
                [],
                { enableNetworkPolicy: "true" },
            ),
            declareAddon(child, args, "kube-proxy", args.versions.kubeProxy),
        ];
        this.registerOutputs({});
    }
}

/** CoreDNS and the EBS CSI driver run as pods: created before any node, they would stay degraded. */
export class EksNodeAddons extends pulumi.ComponentResource {
    readonly addons: Addon[];
    readonly ebsCsiDriver: Addon;

    constructor(name: string, args: EksAddonsArgs & { nodeGroups: pulumi.Resource[] }, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:EksNodeAddons", name, {}, opts);
        const child = { parent: this, provider: args.provider };
        this.ebsCsiDriver = declareAddon(
            child,
            args,
            "aws-ebs-csi-driver",
            args.versions.ebsCsiDriver,
            { account: addonServiceAccounts.ebsCsi, policy: "service-role/AmazonEBSCSIDriverPolicy" },
            args.nodeGroups,
        );
        this.addons = [declareAddon(child, args, "coredns", args.versions.coredns, undefined, args.nodeGroups), this.ebsCsiDriver];
        this.registerOutputs({});
    }
}
