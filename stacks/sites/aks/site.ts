// An AKS site fulfils the site contract with what it builds in Azure: the
// cluster (reached through Entra ID), the storage account and its two
// containers, and the identities and SAS its two users reach them with.
import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";
import { AksSite } from "../../../components/site/aks/aks-site";
import { siteContractDefaults, type SiteContract } from "../../../components/site/contract";
import type { Site } from "../../config/load";
import type { SiteConfig } from "../../config/schema";

type AksSiteConfig = SiteConfig & { kind: "aks" };

// Azure's own annotations for a LoadBalancer Service
// (cloud-provider-azure, docs/topics/loadbalancer.md: "azure-load-balancer-internal").
export const azureInternalLoadBalancerAnnotation = "service.beta.kubernetes.io/azure-load-balancer-internal";
export const azureInternalLoadBalancerSubnetAnnotation = "service.beta.kubernetes.io/azure-load-balancer-internal-subnet";

export function defaultResourceGroupName(siteName: string): string {
    return `imaging-${siteName}`;
}

// Storage account names are global across Azure: the site's name (letters and
// digits only) and a hash of where it lives, so two hospitals' sites named alike
// still differ. Stable: the same stack always derives the same name.
export function defaultStorageAccountName(siteName: string, subscriptionId: string, resourceGroupName: string): string {
    const hash = createHash("sha256").update(`${subscriptionId.toLowerCase()}/${resourceGroupName.toLowerCase()}/${siteName}`).digest("hex").slice(0, 8);
    return `img${siteName.replace(/[^a-z0-9]/g, "").slice(0, 13)}${hash}`;
}

export function aksSite(site: Site & { config: AksSiteConfig }, opts?: pulumi.ComponentResourceOptions): SiteContract {
    const { config } = site;
    const { aks } = config;
    const resourceGroupName = aks.resourceGroupName ?? defaultResourceGroupName(config.name);
    const aksSite = new AksSite(
        config.name,
        {
            subscriptionId: aks.subscriptionId,
            tenantId: aks.tenantId,
            location: aks.location,
            resourceGroupName,
            network: aks.network,
            cluster: {
                kubernetesVersion: aks.kubernetesVersion,
                upgradeChannel: aks.upgradeChannel,
                nodeOsUpgradeChannel: aks.nodeOsUpgradeChannel,
                networkPolicy: aks.networkPolicy,
                systemPool: aks.systemPool,
                userPool: aks.userPool,
                adminGroupObjectIds: aks.adminGroupObjectIds,
                authorizedIpRanges: aks.authorizedIpRanges,
            },
            kubeloginMode: aks.kubeloginMode,
            storage: {
                accountName: aks.storageAccountName ?? defaultStorageAccountName(config.name, aks.subscriptionId, resourceGroupName),
                redundancy: aks.storageRedundancy,
                softDeleteDays: aks.softDeleteDays,
            },
        },
        opts,
    );
    return {
        ...siteContractDefaults,
        apiServerPorts: [...siteContractDefaults.apiServerPorts],
        provider: aksSite.provider,
        kubeconfig: aksSite.kubeconfig,
        gatewayService: {
            type: "LoadBalancer",
            annotations: aks.gateway.internal
                ? { [azureInternalLoadBalancerAnnotation]: "true", [azureInternalLoadBalancerSubnetAnnotation]: "nodes" }
                : {},
        },
        storageClass: config.storageClass,
        objectStore: aksSite.objectStoreAccess,
        egress: {
            // AKS's API server is reached at an address Azure assigns (public, behind the
            // authorized ranges): unknown until the cluster exists, so only the site can name it.
            apiServerCidrs: config.egress.apiServerRanges,
            // Prometheus scrapes the kubelets at the nodes' addresses: the node subnet.
            nodeCidrs: config.egress.nodeRanges ?? [aks.network.nodeSubnetCidr],
            // The private endpoint's subnet would do for the blobs, but the backups also
            // reach Entra ID (login.microsoftonline.com) on the same port: only the site can list both.
            objectStoreCidrs: config.egress.objectStoreRanges,
        },
    };
}
