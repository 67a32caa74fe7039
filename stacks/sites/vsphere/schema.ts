// What a vSphere site configures beyond the platform's settings: the vCenter and
// the inventory its VMs go into, the nodes and their sizes, their addresses, the
// API's virtual address and the LoadBalancer pool, where volumes live, where RKE2
// comes from, and the object store the hospital already runs. The keys and checks
// every on-prem kind shares (nodes, addresses, pool, install, object store) are in
// ../on-prem/schema.ts; the vCenter's and the volumes' are here. A bad stack stops
// before any VM exists.
import { z } from "zod";
import {
    flag,
    integerBetween,
    ipv4Address,
    ipv4Network,
    matching,
    section,
    text,
} from "../../config/fields";
import { namedObjectStore, type NamedObjectStore } from "../../config/object-store";
import { addresses, controlPlane, hasOnPremObjectStore, install, refineOnPremSite, workers } from "../on-prem/schema";

// vCenter's address as the provider dials it: a host name or an IPv4 address.
const serverName = () =>
    matching(/^(([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?|(\d{1,3}\.){3}\d{1,3})$/i, "a host name or IPv4 address such as vcenter.hospital.example");
// An inventory path below the datacenter's VM folder, without leading or trailing "/".
const folderPath = () => matching(/^[^/\s][^/]*(\/[^/\s][^/]*)*$/, "a VM folder path below the datacenter such as imaging/stlukes-pacs");
// A datastore's URL as vSphere shows it (Datastore > Summary > URL), what the CSI driver's datastoreurl takes.
const datastoreUrl = () => matching(/^ds:\/\/\/vmfs\/volumes\/[^\s/]+\/$/, "a datastore URL such as ds:///vmfs/volumes/5f3a...-.../ (Datastore > Summary > URL)");

const volumes = section({
    // A storage policy (SPBM) the CSI driver places volumes by; or
    storagePolicy: text("a vSphere storage policy name").optional(),
    // the datastore every volume goes to.
    datastoreUrl: datastoreUrl().optional(),
});

export const vsphereSection = section({
    // vCenter Server the program calls, and the user it logs in as (its password is
    // the secret config key vspherePassword). The same account configures the CPI
    // and CSI drivers in the cluster.
    server: serverName(),
    user: text("a vCenter user such as svc-imaging@vsphere.local"),
    // Accept a vCenter certificate that does not verify: a lab only.
    allowUnverifiedSsl: flag().default(false),
    // The SHA-1 thumbprint of vCenter's certificate, which the CPI and CSI drivers in
    // the cluster pin; absent: they verify it against their images' CA certificates.
    thumbprint: matching(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/, "a SHA-1 thumbprint in uppercase hex pairs such as AB:CD:...:EF (openssl x509 -noout -fingerprint -sha1)").optional(),
    datacenter: text("a datacenter name"),
    // A DRS-enabled cluster (the anti-affinity rules need DRS).
    computeCluster: text("a compute cluster name"),
    // Where the VMs' disks go.
    datastore: text("a datastore name"),
    // The port group the nodes, the API address and the LoadBalancer pool share.
    network: text("a network (port group) name"),
    // A cloud-init capable VM template (Ubuntu 24.04 cloud image, say) whose cloud-init
    // reads the VMware datasource.
    template: text("a VM template name"),
    // The site's own VM folder, created by the program.
    folder: folderPath(),
    controlPlane: controlPlane.prefault({}),
    workers: workers.prefault({}),
    addresses,
    // The Kubernetes API's virtual address (kube-vip): what nodes join through and kubectl uses.
    apiAddress: ipv4Address(),
    loadBalancer: section({
        // The addresses LoadBalancer Services get (kube-vip-cloud-provider's cidr-global).
        pool: ipv4Network(),
        // The ingress gateway's fixed address in the pool: what modalities are pointed at.
        gatewayAddress: ipv4Address(),
    }),
    // Where the default StorageClass puts volumes: exactly one of the two.
    volumes,
    install: install.prefault({ source: "upstream" }),
    // How long `pulumi up` waits for the API to answer /readyz before failing.
    readinessTimeoutMinutes: integerBetween(5, 120).default(20),
});

export const vsphereSiteFields = {
    vsphere: vsphereSection,
    objectStore: namedObjectStore.optional(),
};

export type VsphereSection = z.output<typeof vsphereSection>;
type VsphereSiteFields = { name: string; vsphere: VsphereSection; objectStore?: NamedObjectStore; ingress: { service: { type: string } } };

export function refineVsphereSite(site: VsphereSiteFields, ctx: z.RefinementCtx): void {
    refineOnPremSite("vsphere", site, ctx);
    const { vsphere } = site;
    const volumeKeys = [vsphere.volumes.storagePolicy, vsphere.volumes.datastoreUrl].filter((value) => value !== undefined);
    if (volumeKeys.length !== 1) {
        ctx.addIssue({
            code: "custom",
            path: ["vsphere", "volumes"],
            input: vsphere.volumes,
            message: "expected exactly one of storagePolicy or datastoreUrl (where the default StorageClass puts volumes)",
        });
    }
}

// Past validation, "none" and absent mean the same to the program: no object store.
export const hasVsphereObjectStore = hasOnPremObjectStore;
