// What a vSphere site configures beyond the platform's settings: the vCenter and
// the inventory its VMs go into, the nodes and their sizes, their addresses, the
// API's virtual address and the LoadBalancer pool, where volumes live, where RKE2
// comes from, and the object store the hospital already runs. Every check across
// keys (an address outside the subnet, the API address inside the pool, two
// control-plane nodes) is here, so that a bad stack stops before any VM exists.
import { z } from "zod";
import {
    dnsSubdomain,
    flag,
    integerBetween,
    ipv4Address,
    ipv4Contains,
    ipv4Network,
    ipv4NetworkSize,
    matching,
    parseClearIpv4Network,
    parseIpv4Address,
    section,
    text,
    type Ipv4Network,
} from "../../config/fields";
import { namedObjectStore, objectStoreProblems, type NamedObjectStore } from "../../config/object-store";

// vCenter's address as the provider dials it: a host name or an IPv4 address.
const serverName = () =>
    matching(/^(([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?|(\d{1,3}\.){3}\d{1,3})$/i, "a host name or IPv4 address such as vcenter.hospital.example");
// An inventory path below the datacenter's VM folder, without leading or trailing "/".
const folderPath = () => matching(/^[^/\s][^/]*(\/[^/\s][^/]*)*$/, "a VM folder path below the datacenter such as imaging/stlukes-pacs");
const httpsUrl = () => matching(/^https?:\/\/[^\s/]+(\/\S*)?$/, "an http(s):// URL such as https://artifacts.hospital.example/rke2/v1.35.3+rke2r3");
// A registry as containerd names it: host and optional port, no scheme.
const registryHost = () => matching(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?$/, "a registry host and optional port such as registry.hospital.example:5000");
// A datastore's URL as vSphere shows it (Datastore > Summary > URL), what the CSI driver's datastoreurl takes.
const datastoreUrl = () => matching(/^ds:\/\/\/vmfs\/volumes\/[^\s/]+\/$/, "a datastore URL such as ds:///vmfs/volumes/5f3a...-.../ (Datastore > Summary > URL)");

// etcd keeps a majority: 1 node (no failure survived) or 3 (one survived). Two
// nodes survive nothing and halve the cluster's write availability.
const controlPlaneCountMessage = "expected 1 or 3 (etcd needs a majority: 2 control-plane nodes survive the loss of neither, 3 survive one)";
const controlPlaneCount = () =>
    z.int({ error: controlPlaneCountMessage }).refine((count) => count === 1 || count === 3, { error: controlPlaneCountMessage });

// vSphere takes memory in MB; whole GiB keep sizes readable and always valid.
const memoryMiB = () =>
    z.int({ error: "expected a memory size in MiB, a multiple of 1024 from 4096 to 1048576" }).refine((mib) => mib % 1024 === 0 && mib >= 4096 && mib <= 1048576, {
        error: "expected a memory size in MiB, a multiple of 1024 from 4096 to 1048576",
    });

const nodeSize = (defaults: { cpus: number; memoryMiB: number; diskGiB: number }) => ({
    cpus: integerBetween(2, 128).default(defaults.cpus),
    memoryMiB: memoryMiB().default(defaults.memoryMiB),
    // The boot disk; at least the template's (checked when the template is read).
    diskGiB: integerBetween(20, 4096).default(defaults.diskGiB),
});

// RKE2's own sizing for servers is 4 CPUs / 8 GB at this scale (rke2-docs, docs/install/requirements.md).
const controlPlane = section({ count: controlPlaneCount().default(3), ...nodeSize({ cpus: 4, memoryMiB: 8192, diskGiB: 60 }) });
const workers = section({ count: integerBetween(1, 50).default(3), ...nodeSize({ cpus: 8, memoryMiB: 32768, diskGiB: 100 }) });

const addressList = () => z.array(ipv4Address(), { error: "expected a list of IPv4 addresses" });
const staticAddresses = section({
    type: z.literal("static", { error: "expected one of: static, dhcp" }),
    // The port group's IPv4 network: its prefix length is each node's.
    subnet: ipv4Network(),
    // The router the nodes send everything outside the subnet to.
    gateway: ipv4Address(),
    dnsServers: addressList().min(1, { error: "expected at least one DNS server" }),
    searchDomains: z.array(dnsSubdomain(), { error: "expected a list of DNS domains" }).default([]),
    // One address per node, in node order (cp-1, cp-2, ...; worker-1, ...).
    controlPlane: addressList(),
    workers: addressList(),
});
const dhcpAddresses = section({
    type: z.literal("dhcp", { error: "expected one of: static, dhcp" }),
    // The port group's IPv4 network: the API address and the pool must be in it
    // (kube-vip answers ARP on it) and outside the DHCP scope.
    subnet: ipv4Network(),
});
const addresses = z.discriminatedUnion("type", [staticAddresses, dhcpAddresses], { error: "expected a mapping with type static or dhcp" });

const volumes = section({
    // A storage policy (SPBM) the CSI driver places volumes by; or
    storagePolicy: text("a vSphere storage policy name").optional(),
    // the datastore every volume goes to.
    datastoreUrl: datastoreUrl().optional(),
});

const install = z.discriminatedUnion(
    "source",
    [
        section({ source: z.literal("upstream", { error: "expected one of: upstream, mirror, template" }) }),
        section({
            source: z.literal("mirror", { error: "expected one of: upstream, mirror, template" }),
            // install.sh, rke2.linux-amd64.tar.gz and sha256sum-amd64.txt of the pinned release.
            artifactsUrl: httpsUrl(),
            // Holds RKE2's images and the platform's (docker.io mirrored).
            registry: registryHost(),
        }),
        section({ source: z.literal("template", { error: "expected one of: upstream, mirror, template" }) }),
    ],
    { error: "expected a mapping with source upstream, mirror or template" },
);

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

function issue(ctx: z.RefinementCtx, path: (string | number)[], input: unknown, message: string): void {
    ctx.addIssue({ code: "custom", path, input, message });
}

/** Every address a site's static configuration names, with its key path. */
interface NamedAddress {
    path: (string | number)[];
    text: string;
    value: number;
}

export function refineVsphereSite(site: VsphereSiteFields, ctx: z.RefinementCtx): void {
    const { vsphere } = site;
    if (site.objectStore === undefined) {
        issue(
            ctx,
            ["objectStore"],
            undefined,
            "expected the hospital's S3-compatible store (type s3, with endpoint and both access keys) for a site that holds patient data: " +
                "PostgreSQL's backups and the DICOM files go there; a test site without one says so with objectStore: {type: none}",
        );
    } else {
        objectStoreProblems(site.objectStore, ctx);
    }
    if (site.objectStore?.type === "azureBlob") {
        issue(ctx, ["objectStore", "type"], "azureBlob", "expected s3 (an S3-compatible store the hospital runs: MinIO, Ceph RGW, StorageGRID, ECS) or none on a vsphere site");
    }
    if (site.objectStore?.type === "s3" && site.objectStore.accessKeyId === undefined && site.objectStore.backupAccessKeyId === undefined) {
        issue(ctx, ["objectStore", "accessKeyId"], undefined, "expected access keys for Orthanc and the backups (accessKeyId and backupAccessKeyId): a vsphere site has no cloud identity to reach the store with");
    }
    if (site.ingress.service.type !== "LoadBalancer") {
        issue(ctx, ["ingress", "service", "type"], site.ingress.service.type, "expected LoadBalancer on a vsphere site (the gateway gets vsphere.loadBalancer.gatewayAddress from the pool)");
    }
    const volumeKeys = [vsphere.volumes.storagePolicy, vsphere.volumes.datastoreUrl].filter((value) => value !== undefined);
    if (volumeKeys.length !== 1) {
        issue(ctx, ["vsphere", "volumes"], vsphere.volumes, "expected exactly one of storagePolicy or datastoreUrl (where the default StorageClass puts volumes)");
    }
    // Node names are VM and Kubernetes node names: a DNS label with the longest suffix.
    const longest = `${site.name}-worker-${vsphere.workers.count}`;
    if (longest.length > 63) {
        issue(ctx, ["name"], site.name, `expected a name short enough for node names (${longest} is longer than 63 characters)`);
    }

    // Cross-key checks only between values that passed their own: one problem, one message.
    const subnet = parseClearIpv4Network(vsphere.addresses.subnet);
    const pool = parseClearIpv4Network(vsphere.loadBalancer.pool);
    const api = parseIpv4Address(vsphere.apiAddress);
    const gatewayAddress = parseIpv4Address(vsphere.loadBalancer.gatewayAddress);
    const subnetText = `vsphere.addresses.subnet ${vsphere.addresses.subnet}`;
    if (subnet === undefined) {
        return;
    }
    const hostProblem = (value: number) => hostAddressProblem(subnet, value, subnetText);
    if (api !== undefined) {
        const problem = hostProblem(api);
        if (problem) {
            issue(ctx, ["vsphere", "apiAddress"], vsphere.apiAddress, `${problem} (kube-vip answers for it on the nodes' network)`);
        } else if (pool && ipv4Contains(pool, api)) {
            issue(ctx, ["vsphere", "apiAddress"], vsphere.apiAddress, `expected an address outside vsphere.loadBalancer.pool ${vsphere.loadBalancer.pool} (the pool would hand it to a Service too)`);
        }
    }
    if (pool !== undefined) {
        if (!ipv4Contains(subnet, pool)) {
            issue(ctx, ["vsphere", "loadBalancer", "pool"], vsphere.loadBalancer.pool, `expected a network inside ${subnetText} (kube-vip answers for its addresses on the nodes' network)`);
        } else if (pool.address === subnet.address || pool.address + ipv4NetworkSize(pool) === subnet.address + ipv4NetworkSize(subnet)) {
            issue(ctx, ["vsphere", "loadBalancer", "pool"], vsphere.loadBalancer.pool, `expected a network without ${subnetText}'s network or broadcast address`);
        }
        if (gatewayAddress !== undefined && !ipv4Contains(pool, gatewayAddress)) {
            issue(ctx, ["vsphere", "loadBalancer", "gatewayAddress"], vsphere.loadBalancer.gatewayAddress, `expected an address inside vsphere.loadBalancer.pool ${vsphere.loadBalancer.pool}`);
        }
    }

    const addressing = vsphere.addresses;
    if (addressing.type !== "static") {
        return;
    }
    const counts = { controlPlane: vsphere.controlPlane.count, workers: vsphere.workers.count };
    for (const role of ["controlPlane", "workers"] as const) {
        if (addressing[role].length !== counts[role]) {
            issue(
                ctx,
                ["vsphere", "addresses", role],
                addressing[role],
                `expected ${counts[role]} ${counts[role] === 1 ? "address" : "addresses"}, one per node (vsphere.${role}.count is ${counts[role]})`,
            );
        }
    }
    const router = parseIpv4Address(addressing.gateway);
    if (router !== undefined) {
        const problem = hostProblem(router);
        if (problem) {
            issue(ctx, ["vsphere", "addresses", "gateway"], addressing.gateway, `${problem} (the nodes reach their router directly)`);
        } else if (pool && ipv4Contains(pool, router)) {
            issue(ctx, ["vsphere", "addresses", "gateway"], addressing.gateway, `expected an address outside vsphere.loadBalancer.pool ${vsphere.loadBalancer.pool} (kube-vip would take the router's address for a Service)`);
        }
    }
    // Every address that must be one machine's alone.
    const named: NamedAddress[] = [];
    const add = (path: (string | number)[], textValue: string) => {
        const value = parseIpv4Address(textValue);
        if (value !== undefined) named.push({ path, text: textValue, value });
    };
    add(["vsphere", "apiAddress"], vsphere.apiAddress);
    add(["vsphere", "addresses", "gateway"], addressing.gateway);
    for (const role of ["controlPlane", "workers"] as const) {
        addressing[role].forEach((address, index) => {
            const path = ["vsphere", "addresses", role, index];
            add(path, address);
            const value = parseIpv4Address(address);
            if (value === undefined) return;
            const problem = hostProblem(value);
            if (problem) {
                issue(ctx, path, address, problem);
            } else if (pool && ipv4Contains(pool, value)) {
                issue(ctx, path, address, `expected an address outside vsphere.loadBalancer.pool ${vsphere.loadBalancer.pool} (the pool would hand it to a Service too)`);
            }
        });
    }
    named.forEach((entry, index) => {
        const earlier = named.slice(0, index).find((other) => other.value === entry.value);
        if (earlier) {
            issue(ctx, entry.path, entry.text, `expected an address of its own (${earlier.path.join(".")} is ${earlier.text} too)`);
        }
    });
}

// Why an address cannot be a host of the subnet, or undefined when it can.
function hostAddressProblem(subnet: Ipv4Network, address: number, subnetText: string): string | undefined {
    if (!ipv4Contains(subnet, address)) {
        return `expected an address inside ${subnetText}`;
    }
    const last = subnet.address + ipv4NetworkSize(subnet) - 1;
    if (subnet.prefix < 31 && (address === subnet.address || address === last)) {
        return `expected a host address of ${subnetText}, not its network or broadcast address`;
    }
    return undefined;
}

// Past validation, "none" and absent mean the same to the program: no object store.
export function hasVsphereObjectStore(site: { objectStore?: NamedObjectStore }): boolean {
    return site.objectStore !== undefined && site.objectStore.type !== "none";
}
