// The cluster's two node pools: a system pool that only system pods may use, and a
// user pool, autoscaled, where the platform runs. Both spread over three zones.
import * as pulumi from "@pulumi/pulumi";
import { AgentPool } from "@pulumi/azure-native/containerservice";
import type * as inputs from "@pulumi/azure-native/types/input";
import type { Provider } from "@pulumi/azure-native/provider";

export const aksAvailabilityZones = ["1", "2", "3"];

// AKS's own taint for system pools: only pods that tolerate it (CoreDNS,
// konnectivity, metrics-server...) are scheduled there, so a platform workload
// never starves them (learn.microsoft.com/azure/aks/use-system-pools).
export const systemPoolTaint = "CriticalAddonsOnly=true:NoSchedule";

export interface SystemPoolArgs {
    /** VM size of every node. */
    vmSize: string;
    /** Nodes, spread over the zones. */
    count: number;
    nodeSubnetId: pulumi.Input<string>;
}

export function systemPoolProfile(args: SystemPoolArgs): inputs.containerservice.ManagedClusterAgentPoolProfileArgs {
    return {
        name: "system",
        mode: "System",
        vmSize: args.vmSize,
        count: args.count,
        availabilityZones: aksAvailabilityZones,
        vnetSubnetID: args.nodeSubnetId,
        nodeTaints: [systemPoolTaint],
        osType: "Linux",
        osSKU: "AzureLinux",
        type: "VirtualMachineScaleSets",
        upgradeSettings: { maxSurge: "1" },
    };
}

export interface UserPoolArgs {
    provider: Provider;
    resourceGroupName: pulumi.Input<string>;
    clusterName: pulumi.Input<string>;
    /** VM size of every node. */
    vmSize: string;
    /** The autoscaler's lower bound. */
    minCount: number;
    /** The autoscaler's upper bound. */
    maxCount: number;
    nodeSubnetId: pulumi.Input<string>;
    /** The cluster's Kubernetes version (minor, e.g. "1.33"). */
    kubernetesVersion: string;
}

export function userNodePool(args: UserPoolArgs, opts: pulumi.CustomResourceOptions): AgentPool {
    return new AgentPool(
        "user",
        {
            resourceGroupName: args.resourceGroupName,
            resourceName: args.clusterName,
            agentPoolName: "user",
            mode: "User",
            vmSize: args.vmSize,
            enableAutoScaling: true,
            minCount: args.minCount,
            maxCount: args.maxCount,
            count: args.minCount,
            availabilityZones: aksAvailabilityZones,
            vnetSubnetID: args.nodeSubnetId,
            orchestratorVersion: args.kubernetesVersion,
            osType: "Linux",
            osSKU: "AzureLinux",
            type: "VirtualMachineScaleSets",
            upgradeSettings: { maxSurge: "1" },
        },
        // The autoscaler owns the node count once the pool exists.
        { ...opts, provider: args.provider, ignoreChanges: ["count"] },
    );
}
