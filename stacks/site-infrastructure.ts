// Where the site's cluster lives, for the `infrastructure` stack output: what an
// operator types into the cloud's CLI or opens in its console. The same four
// strings on every site; each kind fills them in from its own configuration.
import type { SiteConfig } from "./config/schema";
import { defaultResourceGroupName } from "./sites/aks/site";

/** The site's cluster as its infrastructure names it; a sentence where a kind has no such thing. */
export interface SiteInfrastructure {
    /** The cluster's name where the infrastructure knows one (EKS, AKS), else the VM name prefix or a sentence. */
    cluster: string;
    /** The AWS region, the Azure location, the vSphere datacenter, the Proxmox nodes. */
    location: string;
    /** The Azure resource group or the vSphere VM folder; a sentence elsewhere. */
    group: string;
    /** Where the site is managed by hand: the AWS or Azure console page, vCenter, the Proxmox web interface. */
    console: string;
}

const none = "none: the site's cluster existed before this program";

export function siteInfrastructure(config: SiteConfig): SiteInfrastructure {
    switch (config.kind) {
        case "eks":
            return {
                cluster: config.name,
                location: config.eks.region,
                group: "none on EKS: the resources carry the site's tags",
                console: `https://${config.eks.region}.console.aws.amazon.com/eks/clusters/${config.name}?region=${config.eks.region}`,
            };
        case "aks": {
            const group = config.aks.resourceGroupName ?? defaultResourceGroupName(config.name);
            return {
                cluster: config.name,
                location: config.aks.location,
                group,
                console:
                    `https://portal.azure.com/#@${config.aks.tenantId}/resource/subscriptions/${config.aks.subscriptionId}` +
                    `/resourceGroups/${group}/providers/Microsoft.ContainerService/managedClusters/${config.name}/overview`,
            };
        }
        case "vsphere":
            return {
                cluster: config.name,
                location: `${config.vsphere.datacenter} / ${config.vsphere.computeCluster}`,
                group: config.vsphere.folder,
                console: `https://${config.vsphere.server}/ui/`,
            };
        case "proxmox":
            return {
                cluster: config.name,
                location: config.proxmox.nodes.join(", "),
                group: "none on Proxmox: the VMs carry the site's name",
                console: config.proxmox.endpoint,
            };
        case "existing":
            return { cluster: none, location: none, group: none, console: none };
    }
}
