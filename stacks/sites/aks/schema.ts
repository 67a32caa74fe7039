// What an AKS site configures beyond the platform's settings: the Azure
// subscription and region, the network ranges, the cluster and its node pools,
// who administers it, and the storage account that holds the DICOM files and backups.
import { z } from "zod";
import { aks as aksVersions } from "../../../components/versions";
import {
    dnsSubdomain,
    flag,
    guid,
    integerBetween,
    ipv4Address,
    ipv4Contains,
    ipv4Network,
    ipv4NetworkSize,
    ipv4Overlap,
    matching,
    oneOf,
    parseIpv4Address,
    parseIpv4Network,
    section,
    type Ipv4Network,
} from "../../config/fields";
import { azureRegionsWithZones } from "./regions";

// Azure sizes read Standard_<family><vCPUs><features>[_v<n>], e.g. Standard_D4ds_v5, Standard_E8-4ds_v5.
const vmSize = () => matching(/^Standard_[A-Z][A-Za-z0-9-]*(_[A-Za-z0-9]+)*$/, "an Azure VM size such as Standard_D4ds_v5");

const network = section({
    // The site's virtual network: must not overlap the hospital networks it is peered or VPN-connected to.
    vnetCidr: ipv4Network(),
    // The nodes' subnet, inside vnetCidr: one address per node (plus one per pool
    // while it upgrades) and the internal load balancer's address.
    nodeSubnetCidr: ipv4Network(),
    // The subnet of the storage account's private endpoint, inside vnetCidr.
    privateEndpointSubnetCidr: ipv4Network(),
    // Azure CNI overlay: pods take addresses from here, a /24 per node, outside the
    // VNet (AKS's default range).
    podCidr: ipv4Network().default("10.244.0.0/16"),
    // Kubernetes Services' virtual addresses, outside the VNet (AKS's default range).
    serviceCidr: ipv4Network().default("10.0.0.0/16"),
    // The cluster DNS Service's address, inside serviceCidr.
    dnsServiceIp: ipv4Address().default("10.0.0.10"),
});

const systemPool = section({
    vmSize: vmSize().default("Standard_D4ds_v5"),
    // One node per zone at least: the system pods survive the loss of a zone.
    count: integerBetween(3, 100).default(3),
});

const userPool = section({
    vmSize: vmSize().default("Standard_D8ds_v5"),
    // The autoscaler's bounds; one node per zone at least, for PostgreSQL's three instances.
    minCount: integerBetween(3, 1000).default(3),
    maxCount: integerBetween(3, 1000).default(6),
});

export const aksUpgradeChannels = ["patch", "stable", "rapid", "none"] as const;
export const aksNodeOsUpgradeChannels = ["NodeImage", "SecurityPatch", "Unmanaged", "None"] as const;
// How kubelogin gets the Entra token for the cluster on the machine that runs `pulumi up`.
export const kubeloginModes = ["azurecli", "spn", "workloadidentity", "msi"] as const;
export const storageRedundancies = ["ZRS", "GZRS", "RAGZRS"] as const;
// Who enforces NetworkPolicies: Cilium (AKS's eBPF dataplane, Microsoft's recommendation)
// or Calico. Both run with Azure CNI overlay.
export const aksNetworkPolicies = ["cilium", "calico"] as const;

const aksCluster = section({
    subscriptionId: guid(),
    tenantId: guid(),
    location: oneOf(azureRegionsWithZones),
    // Absent: imaging-<site name>.
    resourceGroupName: matching(/^[-\w.()]{0,89}[-\w()]$/, "a resource group name of 1 to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in '.'").optional(),
    kubernetesVersion: oneOf(aksVersions.supportedKubernetesVersions).default(aksVersions.kubernetesVersion),
    upgradeChannel: oneOf(aksUpgradeChannels).default("patch"),
    nodeOsUpgradeChannel: oneOf(aksNodeOsUpgradeChannels).default("NodeImage"),
    network,
    networkPolicy: oneOf(aksNetworkPolicies).default("cilium"),
    systemPool: systemPool.prefault({}),
    userPool: userPool.prefault({}),
    // Entra ID groups whose members administer the cluster (Azure RBAC Cluster Admin).
    adminGroupObjectIds: z.array(guid(), { error: "expected a list of Entra ID group object IDs" }).min(1, { error: "expected at least one group object ID" }),
    // Networks that may reach the Kubernetes API server (the operators' and CI's addresses).
    authorizedIpRanges: z
        .array(ipv4Network(), { error: "expected a list of IPv4 networks in CIDR notation" })
        .min(1, { error: "expected at least one network" })
        .max(200, { error: "expected at most 200 networks (the AKS limit)" }),
    gateway: section({
        // true: an address in the node subnet, for the hospital network (VPN, ExpressRoute);
        // false: a public address (then set ingress.sourceRanges).
        internal: flag().default(true),
    }).prefault({}),
    kubeloginMode: oneOf(kubeloginModes).default("azurecli"),
    // Absent: derived from the site's name, subscription and resource group (names are global).
    storageAccountName: matching(/^[a-z0-9]{3,24}$/, "a storage account name of 3 to 24 lowercase letters and digits").optional(),
    storageRedundancy: oneOf(storageRedundancies).default("ZRS"),
    // How long deleted or overwritten blobs and deleted containers can be restored.
    softDeleteDays: integerBetween(1, 365).default(30),
});

export const aksSiteFields = {
    aks: aksCluster,
    // Storage class for every volume: AKS's built-in Premium SSD class.
    storageClass: dnsSubdomain().default("managed-csi-premium"),
};

export type AksClusterConfig = z.output<typeof aksCluster>;
type AksSiteFields = { aks: AksClusterConfig; ingress: { service: { type: string } } };

// Nodes that may exist at once: every node of both pools at their largest, and
// one surge node per pool while it upgrades (AKS's default max surge).
export function maxNodes(config: AksClusterConfig): number {
    return config.systemPool.count + config.userPool.maxCount + 2;
}

// Azure keeps five addresses of every subnet for itself.
const azureReservedAddresses = 5;

export function refineAksSite(site: AksSiteFields, ctx: z.RefinementCtx): void {
    const { aks } = site;
    const issue = (path: (string | number)[], input: unknown, message: string) =>
        ctx.addIssue({ code: "custom", path: ["aks", ...path], input, message });
    if (site.ingress.service.type !== "LoadBalancer") {
        ctx.addIssue({
            code: "custom",
            path: ["ingress", "service", "type"],
            input: site.ingress.service.type,
            message: "expected LoadBalancer on an AKS site (the gateway gets an Azure load balancer; aks.gateway.internal chooses internal or public)",
        });
    }
    if (aks.userPool.minCount > aks.userPool.maxCount) {
        issue(["userPool", "minCount"], aks.userPool.minCount, `expected an integer <= aks.userPool.maxCount (${aks.userPool.maxCount})`);
    }
    aks.authorizedIpRanges.forEach((range, index) => {
        if (parseIpv4Network(range)?.prefix === 0) {
            issue(["authorizedIpRanges", index], range, "expected the networks of the operators and CI, not every address");
        }
    });
    networkProblems(aks, issue);
}

function networkProblems(aks: AksClusterConfig, issue: (path: (string | number)[], input: unknown, message: string) => void): void {
    const ranges = aks.network;
    const keys = ["vnetCidr", "nodeSubnetCidr", "privateEndpointSubnetCidr", "podCidr", "serviceCidr"] as const;
    // Cross-checks run even when a field failed its own check: they wait until every range reads.
    if (keys.some((key) => parseIpv4Network(ranges[key]) === undefined) || parseIpv4Address(ranges.dnsServiceIp) === undefined) {
        return;
    }
    const parsed = (key: (typeof keys)[number]): Ipv4Network => parseIpv4Network(ranges[key]) as Ipv4Network;
    const vnet = parsed("vnetCidr");
    const nodes = parsed("nodeSubnetCidr");
    const endpoints = parsed("privateEndpointSubnetCidr");
    const pods = parsed("podCidr");
    const services = parsed("serviceCidr");
    const at = (key: keyof typeof ranges) => ["network", key];

    for (const key of ["nodeSubnetCidr", "privateEndpointSubnetCidr"] as const) {
        if (!ipv4Contains(vnet, parsed(key))) {
            issue(at(key), ranges[key], `expected a network inside aks.network.vnetCidr (${ranges.vnetCidr})`);
        } else if (parsed(key).prefix > 29) {
            issue(at(key), ranges[key], "expected a prefix of /29 or shorter (Azure's smallest subnet)");
        }
    }
    if (ipv4Overlap(nodes, endpoints)) {
        issue(at("privateEndpointSubnetCidr"), ranges.privateEndpointSubnetCidr, `expected a network that does not overlap aks.network.nodeSubnetCidr (${ranges.nodeSubnetCidr})`);
    }
    for (const key of ["podCidr", "serviceCidr"] as const) {
        if (ipv4Overlap(parsed(key), vnet)) {
            issue(at(key), ranges[key], `expected a network that does not overlap aks.network.vnetCidr (${ranges.vnetCidr})`);
        }
    }
    if (ipv4Overlap(pods, services)) {
        issue(at("serviceCidr"), ranges.serviceCidr, `expected a network that does not overlap aks.network.podCidr (${ranges.podCidr})`);
    }
    const dns = parseIpv4Address(ranges.dnsServiceIp) as number;
    if (!ipv4Contains(services, dns) || dns - services.address < 2 || dns === services.address + ipv4NetworkSize(services) - 1) {
        issue(
            at("dnsServiceIp"),
            ranges.dnsServiceIp,
            `expected an address inside aks.network.serviceCidr (${ranges.serviceCidr}) other than its first two and its last (the network, the kubernetes Service, the broadcast address)`,
        );
    }
    const needed = maxNodes(aks);
    // One address per node and, for an internal gateway, its load balancer's.
    const addresses = needed + (aks.gateway.internal ? 1 : 0);
    const usable = ipv4NetworkSize(nodes) - azureReservedAddresses;
    if (ipv4Contains(vnet, nodes) && usable < addresses) {
        issue(
            at("nodeSubnetCidr"),
            ranges.nodeSubnetCidr,
            `expected room for ${addresses} addresses (system pool ${aks.systemPool.count} + user pool maxCount ${aks.userPool.maxCount} + 2 upgrade surge nodes` +
                `${aks.gateway.internal ? " + the internal load balancer" : ""}); it has ${Math.max(usable, 0)} after Azure's 5 reserved`,
        );
    }
    // Azure CNI overlay gives every node a /24 of the pod range.
    const podBlocks = pods.prefix <= 24 ? 2 ** (24 - pods.prefix) : 0;
    if (podBlocks < needed) {
        issue(at("podCidr"), ranges.podCidr, `expected room for ${needed} node /24 blocks (Azure CNI overlay gives each node a /24); it has ${podBlocks}`);
    }
}
