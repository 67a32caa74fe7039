// What every on-prem site kind (vsphere, proxmox) fills into the site contract
// the same way: where RKE2 comes from, the hospital's S3-compatible store with
// each user's own keys, and the egress ranges of the API and the nodes from their
// static addresses (or, with DHCP, the subnet).
import type { ObjectStoreAccess, ObjectStoreUser, SiteContract } from "../../../components/site/contract";
import { rke2Nodes, type NodeAddressing, type NodeLayout, type NodeSpec } from "../../../components/site/rke2/nodes";
import { parseClearIpv4Network } from "../../config/fields";
import type { Rke2InstallSource } from "../../../components/site/rke2/user-data";
import type { NamedObjectStore } from "../../config/object-store";
import type { Site } from "../../config/load";
import type { SiteConfig } from "../../config/schema";
import type { install as installSchema, addresses as addressesSchema } from "./schema";
import type { z } from "zod";

type InstallConfig = z.output<typeof installSchema>;
type AddressesConfig = z.output<typeof addressesSchema>;

export function installSource(install: InstallConfig): Rke2InstallSource {
    switch (install.source) {
        case "upstream":
            return { kind: "upstream" };
        case "template":
            return { kind: "template" };
        case "mirror":
            return { kind: "mirror", artifactsUrl: install.artifactsUrl, registry: install.registry };
    }
}

/** The site's nodes, in order, with their static addresses where it has them. */
export function onPremNodes(siteName: string, section: Omit<NodeLayout, "siteName" | "addresses"> & { addresses: AddressesConfig }): NodeSpec[] {
    const { addresses } = section;
    return rke2Nodes({
        siteName,
        controlPlane: section.controlPlane,
        workers: section.workers,
        ...(addresses.type === "static" ? { addresses: { controlPlane: addresses.controlPlane, workers: addresses.workers } } : {}),
    });
}

/** The nodes' addressing as the site components take it. */
export function onPremAddressing(kind: "vsphere" | "proxmox", addresses: AddressesConfig): NodeAddressing {
    if (addresses.type === "dhcp") {
        return { type: "dhcp" };
    }
    const subnet = parseClearIpv4Network(addresses.subnet);
    if (subnet === undefined) {
        // The schema has checked it.
        throw new Error(`${kind}.addresses.subnet unreadable after validation`);
    }
    return { type: "static", prefixLength: subnet.prefix, gateway: addresses.gateway, dnsServers: addresses.dnsServers, searchDomains: addresses.searchDomains };
}

/** The API's and the nodes' egress ranges, unless the site sets its own. */
export function onPremEgress(config: SiteConfig, addresses: AddressesConfig, apiAddress: string, nodes: NodeSpec[]): SiteContract["egress"] {
    const controlPlaneAddresses = nodes.filter((node) => node.role !== "agent").flatMap((node) => (node.address ? [node.address] : []));
    const nodeAddresses = nodes.flatMap((node) => (node.address ? [node.address] : []));
    const hostRange = (address: string) => `${address}/32`;
    return {
        // Pods reach the API through the kubernetes Service, whose endpoints are the
        // control-plane nodes; clients and kube-vip use the virtual address. With DHCP
        // the nodes' addresses are known only as the subnet.
        apiServerCidrs: config.egress.apiServerRanges ?? (addresses.type === "static" ? [apiAddress, ...controlPlaneAddresses].map(hostRange) : [addresses.subnet]),
        nodeCidrs: config.egress.nodeRanges ?? (addresses.type === "static" ? nodeAddresses.map(hostRange) : [addresses.subnet]),
        objectStoreCidrs: config.egress.objectStoreRanges,
    };
}

/** Both users' access to the site's store, or none. */
export function onPremObjectStore(store: NamedObjectStore | undefined, site: Site): SiteContract["objectStore"] {
    return store ? { orthanc: access(store, site, "orthanc"), backups: access(store, site, "backups") } : undefined;
}

// The store as one of its users reaches it, with that user's own keys (the schema
// requires both pairs: on-prem there is no cloud identity).
function access(store: NamedObjectStore, site: Site, user: ObjectStoreUser): ObjectStoreAccess {
    if (store.type !== "s3" || store.accessKeyId === undefined || store.backupAccessKeyId === undefined) {
        throw new Error("an on-prem site's object store is S3 with keys after validation");
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

export function required<T>(value: T | undefined): T {
    if (value === undefined) {
        // loadSite checks the secrets before any resource is declared.
        throw new Error("a secret is missing after validation");
    }
    return value;
}
