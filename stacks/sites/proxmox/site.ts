// A Proxmox site fulfils the site contract from what the program builds on the
// hospital's Proxmox VE cluster: RKE2 nodes cloned from a template and placed on
// the Proxmox nodes config names, the API on a virtual address, the gateway on a
// fixed address from the LoadBalancer pool, volumes from the StorageClass of the
// CSI the site already runs, and DICOM files in the hospital's S3-compatible store
// (or, without one, on one volume).
import type * as pulumi from "@pulumi/pulumi";
import { siteContractDefaults, type SiteContract } from "../../../components/site/contract";
import { ProxmoxSite } from "../../../components/site/proxmox/proxmox-site";
import { loadBalancerIpsAnnotation } from "../../../components/site/rke2/kube-vip";
import { rke2 } from "../../../components/versions";
import type { Site } from "../../config/load";
import type { SiteConfig } from "../../config/schema";
import { installSource, onPremAddressing, onPremEgress, onPremNodes, onPremObjectStore, required } from "../on-prem/site";

type ProxmoxSiteConfig = SiteConfig & { kind: "proxmox" };

export function proxmoxSite(site: Site & { config: ProxmoxSiteConfig }, opts?: pulumi.ComponentResourceOptions): SiteContract {
    const { config, secrets } = site;
    const { proxmox } = config;
    const { addresses } = proxmox;
    const nodes = onPremNodes(config.name, proxmox);
    const cluster = new ProxmoxSite(
        config.name,
        {
            clusterName: config.name,
            proxmox: {
                endpoint: proxmox.endpoint,
                apiToken: required(secrets.proxmoxApiToken),
                insecure: proxmox.insecure,
                ssh: { user: proxmox.ssh.user, privateKey: required(secrets.proxmoxSshPrivateKey) },
            },
            placement: {
                nodes: proxmox.nodes,
                template: proxmox.template,
                datastore: proxmox.datastore,
                snippetsDatastore: proxmox.snippetsDatastore,
                bridge: proxmox.bridge,
                ...(proxmox.vlanId !== undefined ? { vlanId: proxmox.vlanId } : {}),
            },
            nodes,
            addressing: onPremAddressing("proxmox", addresses),
            apiAddress: proxmox.apiAddress,
            loadBalancerPool: proxmox.loadBalancer.pool,
            rke2Version: rke2.version,
            install: installSource(proxmox.install),
            readinessTimeoutMinutes: proxmox.readinessTimeoutMinutes,
        },
        opts,
    );
    return {
        ...siteContractDefaults,
        apiServerPorts: [...siteContractDefaults.apiServerPorts],
        provider: cluster.kubernetesProvider,
        kubeconfig: cluster.kubeconfig,
        // RKE2 keeps CNI files where Istio expects them: no global.platform.
        distribution: "generic",
        gatewayService: {
            type: "LoadBalancer",
            // kube-vip advertises the gateway on this address, the one modalities are pointed at.
            annotations: { [loadBalancerIpsAnnotation]: proxmox.loadBalancer.gatewayAddress },
        },
        storageClass: proxmox.storageClass,
        objectStore: onPremObjectStore(config.objectStore, site),
        egress: onPremEgress(config, addresses, proxmox.apiAddress, nodes),
    };
}
