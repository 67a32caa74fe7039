// A vSphere site fulfils the site contract from what the program builds in the
// hospital's vCenter: RKE2 nodes cloned from a template, the API on a virtual
// address, the gateway on a fixed address from the LoadBalancer pool, volumes from
// the vSphere CSI driver, and DICOM files in the S3-compatible store the hospital
// already runs (or, without one, on one volume).
import type * as pulumi from "@pulumi/pulumi";
import { siteContractDefaults, type ObjectStoreAccess, type ObjectStoreUser, type SiteContract } from "../../../components/site/contract";
import { kubeVipLoadBalancerIpsAnnotation, vsphereStorageClassName } from "../../../components/site/vsphere/names";
import { rke2Nodes } from "../../../components/site/rke2/nodes";
import { VsphereSite, type NodeAddressing } from "../../../components/site/vsphere/vsphere-site";
import type { Rke2InstallSource } from "../../../components/site/rke2/user-data";
import { rke2 } from "../../../components/versions";
import { parseClearIpv4Network } from "../../config/fields";
import type { Site } from "../../config/load";
import type { SiteConfig } from "../../config/schema";
import type { VsphereSection } from "./schema";

type VsphereSiteConfig = SiteConfig & { kind: "vsphere" };

export function vsphereSite(site: Site & { config: VsphereSiteConfig }, opts?: pulumi.ComponentResourceOptions): SiteContract {
    const { config, secrets } = site;
    const { vsphere } = config;
    const addresses = vsphere.addresses;
    const nodes = rke2Nodes({
        siteName: config.name,
        controlPlane: vsphere.controlPlane,
        workers: vsphere.workers,
        ...(addresses.type === "static" ? { addresses: { controlPlane: addresses.controlPlane, workers: addresses.workers } } : {}),
    });
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
            addressing: nodeAddressing(vsphere),
            apiAddress: vsphere.apiAddress,
            rke2Version: rke2.version,
            install: installSource(vsphere.install),
            addOns: { loadBalancerPool: vsphere.loadBalancer.pool, volumes: vsphere.volumes, storageClassName: vsphereStorageClassName },
            readinessTimeoutMinutes: vsphere.readinessTimeoutMinutes,
        },
        opts,
    );
    const store = config.objectStore;
    const controlPlaneAddresses = nodes.filter((node) => node.role !== "agent").flatMap((node) => (node.address ? [node.address] : []));
    const nodeAddresses = nodes.flatMap((node) => (node.address ? [node.address] : []));
    const hostRange = (address: string) => `${address}/32`;
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
        objectStore: store ? { orthanc: access(store, site, "orthanc"), backups: access(store, site, "backups") } : undefined,
        egress: {
            // Pods reach the API through the kubernetes Service, whose endpoints are the
            // control-plane nodes; clients and kube-vip use the virtual address. With DHCP
            // the nodes' addresses are known only as the subnet.
            apiServerCidrs:
                config.egress.apiServerRanges ??
                (addresses.type === "static" ? [vsphere.apiAddress, ...controlPlaneAddresses].map(hostRange) : [addresses.subnet]),
            nodeCidrs: config.egress.nodeRanges ?? (addresses.type === "static" ? nodeAddresses.map(hostRange) : [addresses.subnet]),
            objectStoreCidrs: config.egress.objectStoreRanges,
        },
    };
}

function nodeAddressing(vsphere: VsphereSection): NodeAddressing {
    const addresses = vsphere.addresses;
    if (addresses.type === "dhcp") {
        return { type: "dhcp" };
    }
    const subnet = parseClearIpv4Network(addresses.subnet);
    if (subnet === undefined) {
        // The schema has checked it.
        throw new Error("vsphere.addresses.subnet unreadable after validation");
    }
    return { type: "static", prefixLength: subnet.prefix, gateway: addresses.gateway, dnsServers: addresses.dnsServers, searchDomains: addresses.searchDomains };
}

function installSource(install: VsphereSection["install"]): Rke2InstallSource {
    switch (install.source) {
        case "upstream":
            return { kind: "upstream" };
        case "template":
            return { kind: "template" };
        case "mirror":
            return { kind: "mirror", artifactsUrl: install.artifactsUrl, registry: install.registry };
    }
}

// The store as one of its users reaches it, with that user's own keys (the schema
// requires both pairs: on-prem there is no cloud identity).
function access(store: NonNullable<VsphereSiteConfig["objectStore"]>, site: Site, user: ObjectStoreUser): ObjectStoreAccess {
    if (store.type !== "s3" || store.accessKeyId === undefined || store.backupAccessKeyId === undefined) {
        throw new Error("a vsphere site's object store is S3 with keys after validation");
    }
    return {
        location: {
            type: "s3",
            bucket: store.bucket,
            region: store.region,
            endpoint: store.endpoint,
            ...(store.serverSideEncryption === "none" ? {} : { encryption: store.serverSideEncryption }),
        },
        credentials: {
            kind: "keys",
            keys:
                user === "orthanc"
                    ? { accessKeyId: store.accessKeyId, secretAccessKey: required(site.secrets.objectStoreSecretAccessKey) }
                    : { accessKeyId: store.backupAccessKeyId, secretAccessKey: required(site.secrets.objectStoreBackupSecretAccessKey) },
        },
    };
}

function required<T>(value: T | undefined): T {
    if (value === undefined) {
        // loadSite checks the secrets before any resource is declared.
        throw new Error("a secret is missing after validation");
    }
    return value;
}
