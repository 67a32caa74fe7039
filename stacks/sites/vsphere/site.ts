// A vSphere site fulfils the site contract from what the program builds in the
// hospital's vCenter: RKE2 nodes cloned from a template, the API on a virtual
// address, the gateway on a fixed address from the LoadBalancer pool, volumes from
// the vSphere CSI driver, and DICOM files in the S3-compatible store the hospital
// already runs (or, without one, on one volume).
import type * as pulumi from "@pulumi/pulumi";
import { siteContractDefaults, type SiteContract } from "../../../components/site/contract";
import { kubeVipLoadBalancerIpsAnnotation, vsphereStorageClassName } from "../../../components/site/vsphere/names";
import { VsphereSite } from "../../../components/site/vsphere/vsphere-site";
import { rke2 } from "../../../components/versions";
import type { Site } from "../../config/load";
import { installSource, onPremAddressing, onPremEgress, onPremNodes, onPremObjectStore, required } from "../on-prem/site";
import type { SiteConfig } from "../../config/schema";

type VsphereSiteConfig = SiteConfig & { kind: "vsphere" };

export function vsphereSite(site: Site & { config: VsphereSiteConfig }, opts?: pulumi.ComponentResourceOptions): SiteContract {
    const { config, secrets } = site;
    const { vsphere } = config;
    const { addresses } = vsphere;
    const nodes = onPremNodes(config.name, vsphere);
    const cluster = new VsphereSite(
        config.name,
        {
            clusterName: config.name,
            vcenter: {
                server: vsphere.server,
                user: vsphere.user,
                password: required(secrets.vspherePassword),
                allowUnverifiedSsl: vsphere.allowUnverifiedSsl,
                ...(vsphere.thumbprint ? { thumbprint: vsphere.thumbprint } : {}),
            },
            inventory: {
                datacenter: vsphere.datacenter,
                computeCluster: vsphere.computeCluster,
                datastore: vsphere.datastore,
                network: vsphere.network,
                template: vsphere.template,
                folder: vsphere.folder,
            },
            nodes,
            addressing: onPremAddressing("vsphere", vsphere.addresses),
            apiAddress: vsphere.apiAddress,
            rke2Version: rke2.version,
            install: installSource(vsphere.install),
            addOns: { loadBalancerPool: vsphere.loadBalancer.pool, volumes: vsphere.volumes, storageClassName: vsphereStorageClassName },
            readinessTimeoutMinutes: vsphere.readinessTimeoutMinutes,
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
            annotations: { [kubeVipLoadBalancerIpsAnnotation]: vsphere.loadBalancer.gatewayAddress },
        },
        storageClass: vsphereStorageClassName,
        objectStore: onPremObjectStore(config.objectStore, site),
        egress: onPremEgress(config, addresses, vsphere.apiAddress, nodes),
    };
}
