// What every on-prem site kind that builds RKE2 nodes on VMs (vsphere, proxmox)
// configures the same way under its own key: the nodes and their sizes, their
// addresses, the API's virtual address and the LoadBalancer pool, where RKE2
// comes from, and the object store the hospital already runs; and every check
// across those keys (an address outside the subnet, the API address inside the
// pool, two control-plane nodes), with messages that name the kind's own keys.
import { z } from "zod";
import {
    dnsSubdomain,
    integerBetween,
    ipv4Address,
    ipv4Contains,
    ipv4Network,
    ipv4NetworkSize,
    matching,
    parseClearIpv4Network,
    parseIpv4Address,
    section,
    type Ipv4Network,
} from "../../config/fields";
import { objectStoreProblems, type NamedObjectStore } from "../../config/object-store";

const httpsUrl = () => matching(/^https?:\/\/[^\s/]+(\/\S*)?$/, "an http(s):// URL such as https://artifacts.hospital.example/rke2/v1.35.3+rke2r3");
// A registry as containerd names it: host and optional port, no scheme.
const registryHost = () => matching(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d{1,5})?$/, "a registry host and optional port such as registry.hospital.example:5000");

// etcd keeps a majority: 1 node (no failure survived) or 3 (one survived). Two
// nodes survive nothing and halve the cluster's write availability.
const controlPlaneCountMessage = "expected 1 or 3 (etcd needs a majority: 2 control-plane nodes survive the loss of neither, 3 survive one)";
const controlPlaneCount = () =>
    z.int({ error: controlPlaneCountMessage }).refine((count) => count === 1 || count === 3, { error: controlPlaneCountMessage });

// vSphere and Proxmox take memory in MB; whole GiB keep sizes readable and always valid.
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
export const controlPlane = section({ count: controlPlaneCount().default(3), ...nodeSize({ cpus: 4, memoryMiB: 8192, diskGiB: 60 }) });
export const workers = section({ count: integerBetween(1, 50).default(3), ...nodeSize({ cpus: 8, memoryMiB: 32768, diskGiB: 100 }) });

const addressList = () => z.array(ipv4Address(), { error: "expected a list of IPv4 addresses" });
const staticAddresses = section({
    type: z.literal("static", { error: "expected one of: static, dhcp" }),
    // The nodes' IPv4 network (vSphere port group, Proxmox bridge): its prefix length is each node's.
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
    // The nodes' IPv4 network: the API address and the pool must be in it
    // (kube-vip answers ARP on it) and outside the DHCP scope.
    subnet: ipv4Network(),
});
export const addresses = z.discriminatedUnion("type", [staticAddresses, dhcpAddresses], { error: "expected a mapping with type static or dhcp" });

export const install = z.discriminatedUnion(
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


/** The keys every on-prem kind's section has, as the refinement reads them. */
export interface OnPremSection {
    controlPlane: { count: number };
    workers: { count: number };
    addresses: z.output<typeof addresses>;
    apiAddress: string;
    loadBalancer: { pool: string; gatewayAddress: string };
}

export type OnPremKind = "vsphere" | "proxmox";
type OnPremSiteFields<K extends OnPremKind> = { name: string; objectStore?: NamedObjectStore; ingress: { service: { type: string } } } & { [key in K]: OnPremSection };

function issue(ctx: z.RefinementCtx, path: (string | number)[], input: unknown, message: string): void {
    ctx.addIssue({ code: "custom", path, input, message });
}

/** Every address a site's static configuration names, with its key path. */
interface NamedAddress {
    path: (string | number)[];
    text: string;
    value: number;
}

/** The checks across keys every on-prem kind shares; the kind's section is site[kind]. */
export function refineOnPremSite<K extends OnPremKind>(kind: K, site: OnPremSiteFields<K>, ctx: z.RefinementCtx): void {
    const section: OnPremSection = site[kind];
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
        issue(ctx, ["objectStore", "type"], "azureBlob", `expected s3 (an S3-compatible store the hospital runs: MinIO, Ceph RGW, StorageGRID, ECS) or none on a ${kind} site`);
    }
    if (site.objectStore?.type === "s3" && site.objectStore.accessKeyId === undefined && site.objectStore.backupAccessKeyId === undefined) {
        issue(ctx, ["objectStore", "accessKeyId"], undefined, `expected access keys for Orthanc and the backups (accessKeyId and backupAccessKeyId): a ${kind} site has no cloud identity to reach the store with`);
    }
    if (site.ingress.service.type !== "LoadBalancer") {
        issue(ctx, ["ingress", "service", "type"], site.ingress.service.type, `expected LoadBalancer on a ${kind} site (the gateway gets ${kind}.loadBalancer.gatewayAddress from the pool)`);
    }
    // Node names are VM and Kubernetes node names: a DNS label with the longest suffix.
    const longest = `${site.name}-worker-${section.workers.count}`;
    if (longest.length > 63) {
        issue(ctx, ["name"], site.name, `expected a name short enough for node names (${longest} is longer than 63 characters)`);
    }

    // Cross-key checks only between values that passed their own: one problem, one message.
    const subnet = parseClearIpv4Network(section.addresses.subnet);
    const pool = parseClearIpv4Network(section.loadBalancer.pool);
    const api = parseIpv4Address(section.apiAddress);
    const gatewayAddress = parseIpv4Address(section.loadBalancer.gatewayAddress);
    const subnetText = `${kind}.addresses.subnet ${section.addresses.subnet}`;
    if (subnet === undefined) {
        return;
    }
    const hostProblem = (value: number) => hostAddressProblem(subnet, value, subnetText);
    if (api !== undefined) {
        const problem = hostProblem(api);
        if (problem) {
            issue(ctx, [kind, "apiAddress"], section.apiAddress, `${problem} (kube-vip answers for it on the nodes' network)`);
        } else if (pool && ipv4Contains(pool, api)) {
            issue(ctx, [kind, "apiAddress"], section.apiAddress, `expected an address outside ${kind}.loadBalancer.pool ${section.loadBalancer.pool} (the pool would hand it to a Service too)`);
        }
    }
    if (pool !== undefined) {
        if (!ipv4Contains(subnet, pool)) {
            issue(ctx, [kind, "loadBalancer", "pool"], section.loadBalancer.pool, `expected a network inside ${subnetText} (kube-vip answers for its addresses on the nodes' network)`);
        } else if (pool.address === subnet.address || pool.address + ipv4NetworkSize(pool) === subnet.address + ipv4NetworkSize(subnet)) {
            issue(ctx, [kind, "loadBalancer", "pool"], section.loadBalancer.pool, `expected a network without ${subnetText}'s network or broadcast address`);
        }
        if (gatewayAddress !== undefined && !ipv4Contains(pool, gatewayAddress)) {
            issue(ctx, [kind, "loadBalancer", "gatewayAddress"], section.loadBalancer.gatewayAddress, `expected an address inside ${kind}.loadBalancer.pool ${section.loadBalancer.pool}`);
        }
    }

    const addressing = section.addresses;
    if (addressing.type !== "static") {
        return;
    }
    const counts = { controlPlane: section.controlPlane.count, workers: section.workers.count };
    for (const role of ["controlPlane", "workers"] as const) {
        if (addressing[role].length !== counts[role]) {
            issue(
                ctx,
                [kind, "addresses", role],
                addressing[role],
                `expected ${counts[role]} ${counts[role] === 1 ? "address" : "addresses"}, one per node (${kind}.${role}.count is ${counts[role]})`,
            );
        }
    }
    const router = parseIpv4Address(addressing.gateway);
    if (router !== undefined) {
        const problem = hostProblem(router);
        if (problem) {
            issue(ctx, [kind, "addresses", "gateway"], addressing.gateway, `${problem} (the nodes reach their router directly)`);
        } else if (pool && ipv4Contains(pool, router)) {
            issue(ctx, [kind, "addresses", "gateway"], addressing.gateway, `expected an address outside ${kind}.loadBalancer.pool ${section.loadBalancer.pool} (kube-vip would take the router's address for a Service)`);
        }
    }
    // Every address that must be one machine's alone.
    const named: NamedAddress[] = [];
    const add = (path: (string | number)[], textValue: string) => {
        const value = parseIpv4Address(textValue);
        if (value !== undefined) named.push({ path, text: textValue, value });
    };
    add([kind, "apiAddress"], section.apiAddress);
    add([kind, "addresses", "gateway"], addressing.gateway);
    for (const role of ["controlPlane", "workers"] as const) {
        addressing[role].forEach((address, index) => {
            const path = [kind, "addresses", role, index];
            add(path, address);
            const value = parseIpv4Address(address);
            if (value === undefined) return;
            const problem = hostProblem(value);
            if (problem) {
                issue(ctx, path, address, problem);
            } else if (pool && ipv4Contains(pool, value)) {
                issue(ctx, path, address, `expected an address outside ${kind}.loadBalancer.pool ${section.loadBalancer.pool} (the pool would hand it to a Service too)`);
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
export function hasOnPremObjectStore(site: { objectStore?: NamedObjectStore }): boolean {
    return site.objectStore !== undefined && site.objectStore.type !== "none";
}
