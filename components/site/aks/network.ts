// The site's virtual network: one subnet for the nodes (and the internal load
// balancer), one for the storage account's private endpoint. Pods and Services
// take their addresses outside it (Azure CNI overlay).
import * as pulumi from "@pulumi/pulumi";
import { Subnet, VirtualNetwork } from "@pulumi/azure-native/network";
import type { Provider } from "@pulumi/azure-native/provider";

export interface AksNetworkArgs {
    provider: Provider;
    resourceGroupName: pulumi.Input<string>;
    location: string;
    /** The VNet's address range. */
    vnetCidr: string;
    /** The nodes' subnet, inside vnetCidr. */
    nodeSubnetCidr: string;
    /** The private endpoints' subnet, inside vnetCidr. */
    privateEndpointSubnetCidr: string;
}

export class AksNetwork extends pulumi.ComponentResource {
    readonly vnet: VirtualNetwork;
    readonly nodeSubnet: Subnet;
    readonly privateEndpointSubnet: Subnet;

    constructor(name: string, args: AksNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:AksNetwork", name, {}, opts);
        const { provider, resourceGroupName } = args;
        this.vnet = new VirtualNetwork(
            "vnet",
            { resourceGroupName, location: args.location, virtualNetworkName: name, addressSpace: { addressPrefixes: [args.vnetCidr] } },
            { parent: this, provider },
        );
        this.nodeSubnet = new Subnet(
            "nodes",
            {
                resourceGroupName,
                virtualNetworkName: this.vnet.name,
                subnetName: "nodes",
                addressPrefix: args.nodeSubnetCidr,
                // Nodes leave through the cluster's load balancer, never Azure's implicit outbound address.
                defaultOutboundAccess: false,
            },
            { parent: this, provider },
        );
        this.privateEndpointSubnet = new Subnet(
            "private-endpoints",
            {
                resourceGroupName,
                virtualNetworkName: this.vnet.name,
                subnetName: "private-endpoints",
                addressPrefix: args.privateEndpointSubnetCidr,
                defaultOutboundAccess: false,
                // NSGs on the subnet apply to its private endpoints too.
                privateEndpointNetworkPolicies: "Enabled",
            },
            // Azure updates one subnet of a VNet at a time.
            { parent: this, provider, dependsOn: [this.nodeSubnet] },
        );
        this.registerOutputs({ vnetId: this.vnet.id, nodeSubnetId: this.nodeSubnet.id });
    }
}
