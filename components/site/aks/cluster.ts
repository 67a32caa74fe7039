// The AKS cluster: Entra ID only (Azure RBAC, no local accounts), its API server
// open to the site's ranges alone, Azure CNI overlay with network policy,
// workload identity, automatic patch and node-image upgrades, and its two node pools.
import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { AgentPool, ManagedCluster } from "@pulumi/azure-native/containerservice";
import { UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import type { Provider } from "@pulumi/azure-native/provider";
import { systemPoolProfile, userNodePool } from "./node-pools";
import { builtInRoleId, builtInRoles } from "./roles";

export interface AksClusterArgs {
    provider: Provider;
    subscriptionId: string;
    tenantId: string;
    resourceGroupName: pulumi.Input<string>;
    location: string;
    /** Kubernetes minor version, e.g. "1.33"; AKS runs its newest patch. */
    kubernetesVersion: string;
    /** The AKS auto-upgrade channel (site.aks.upgradeChannel). */
    upgradeChannel: "patch" | "stable" | "rapid" | "none";
    /** The node OS upgrade channel (site.aks.nodeOsUpgradeChannel). */
    nodeOsUpgradeChannel: "NodeImage" | "SecurityPatch" | "Unmanaged" | "None";
    nodeSubnetId: pulumi.Input<string>;
    podCidr: string;
    serviceCidr: string;
    dnsServiceIp: string;
    /** Who enforces NetworkPolicies (site.aks.networkPolicy). */
    networkPolicy: "cilium" | "calico";
    systemPool: { vmSize: string; count: number };
    userPool: { vmSize: string; minCount: number; maxCount: number };
    /** Entra ID groups that administer the cluster. */
    adminGroupObjectIds: string[];
    /** Networks that may reach the API server. */
    authorizedIpRanges: string[];
}

export class AksCluster extends pulumi.ComponentResource {
    readonly cluster: ManagedCluster;
    readonly userPool: AgentPool;
    /** The OIDC issuer that federated credentials trust. */
    readonly oidcIssuerUrl: pulumi.Output<string>;

    constructor(name: string, args: AksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:AksCluster", name, {}, opts);
        const { provider, resourceGroupName } = args;
        // The control plane's own identity, created first so it can be granted the
        // node subnet before the cluster needs it (load balancers, node NICs).
        const identity = new UserAssignedIdentity("control-plane", { resourceGroupName, location: args.location, resourceName: `${name}-control-plane` }, { parent: this, provider });
        const subnetAccess = new RoleAssignment(
            "control-plane-network",
            {
                scope: args.nodeSubnetId,
                principalId: identity.principalId,
                principalType: "ServicePrincipal",
                roleDefinitionId: builtInRoleId(args.subscriptionId, builtInRoles.networkContributor),
            },
            { parent: this, provider },
        );
        const useCilium = args.networkPolicy === "cilium";
        this.cluster = new ManagedCluster(
            "cluster",
            {
                resourceGroupName,
                resourceName: name,
                location: args.location,
                dnsPrefix: name,
                kubernetesVersion: args.kubernetesVersion,
                // The Standard tier carries the API server's uptime SLA.
                sku: { name: "Base", tier: "Standard" },
                identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
                agentPoolProfiles: [systemPoolProfile({ ...args.systemPool, nodeSubnetId: args.nodeSubnetId })],
                networkProfile: {
                    networkPlugin: "azure",
                    networkPluginMode: "overlay",
                    ...(useCilium ? { networkDataplane: "cilium", networkPolicy: "cilium" } : { networkPolicy: "calico" }),
                    podCidr: args.podCidr,
                    serviceCidr: args.serviceCidr,
                    dnsServiceIP: args.dnsServiceIp,
                    loadBalancerSku: "standard",
                    outboundType: "loadBalancer",
                },
                oidcIssuerProfile: { enabled: true },
                securityProfile: { workloadIdentity: { enabled: true } },
                aadProfile: { managed: true, enableAzureRBAC: true, tenantID: args.tenantId, adminGroupObjectIDs: args.adminGroupObjectIds },
                enableRBAC: true,
                // Only Entra ID identities: no certificate-based admin kubeconfig exists to leak.
                disableLocalAccounts: true,
                apiServerAccessProfile: { authorizedIPRanges: args.authorizedIpRanges },
                autoUpgradeProfile: { upgradeChannel: args.upgradeChannel, nodeOSUpgradeChannel: args.nodeOsUpgradeChannel },
            },
            // The cluster holds the site's running state: never replaced or deleted by a stray change.
            { parent: this, provider, protect: true, dependsOn: [subnetAccess] },
        );
        this.userPool = userNodePool(
            {
                provider,
                resourceGroupName,
                clusterName: this.cluster.name,
                kubernetesVersion: args.kubernetesVersion,
                nodeSubnetId: args.nodeSubnetId,
                ...args.userPool,
            },
            { parent: this },
        );
        this.oidcIssuerUrl = this.cluster.oidcIssuerProfile.apply((profile) => profile?.issuerURL ?? "");
        this.registerOutputs({ clusterName: this.cluster.name, oidcIssuerUrl: this.oidcIssuerUrl });
    }
}
