// What a Proxmox site configures beyond the platform's settings: the Proxmox VE
// API and the SSH login the provider uploads cloud-init snippets with, the
// Proxmox nodes VMs are placed on, the template, where disks and snippets go, the
// bridge, and the StorageClass of the CSI the site already runs. Nodes, addresses,
// the API address and pool, the install source and the object store are the keys
// every on-prem kind shares (../on-prem/schema.ts), checked the same way.
import { z } from "zod";
import { dnsLabel, dnsSubdomain, flag, integerBetween, ipv4Address, ipv4Network, matching, section, text } from "../../config/fields";
import { namedObjectStore, type NamedObjectStore } from "../../config/object-store";
import { addresses, controlPlane, hasOnPremObjectStore, install, refineOnPremSite, workers } from "../on-prem/schema";

// The API as the provider dials it (bpg/terraform-provider-proxmox docs/index.md: endpoint).
const apiEndpoint = () => matching(/^https:\/\/[^\s/:]+(:\d{1,5})?\/?$/, "the Proxmox VE API's https:// URL such as https://pve.hospital.example:8006/");
// A storage ID as Proxmox names it (Datacenter > Storage): letters, digits, '-', '_', '.'.
const storageId = (example: string) => matching(/^[a-zA-Z][a-zA-Z0-9\-_.]*$/, `a Proxmox storage ID such as ${example}`);

export const proxmoxSection = section({
    // The Proxmox VE API the program calls. Its API token is the secret config key
    // proxmoxApiToken (USER@REALM!TOKENID=SECRET).
    endpoint: apiEndpoint(),
    // Accept an API certificate that does not verify: a lab only.
    insecure: flag().default(false),
    // Snippets (the nodes' cloud-init user data) cannot be uploaded through the API:
    // the provider writes them over SSH (bpg/terraform-provider-proxmox
    // docs/resources/virtual_environment_file.md). This user logs in to each node
    // with the secret config key proxmoxSshPrivateKey.
    ssh: section({ user: text("an SSH user on the Proxmox nodes such as root").default("root") }).prefault({}),
    // The Proxmox nodes VMs are placed on: each control-plane VM on a node of its
    // own (as many distinct nodes as control-plane VMs), workers round-robin.
    nodes: z.array(dnsLabel(), { error: "expected a list of Proxmox node names" }).min(1, { error: "expected at least one Proxmox node" }),
    // A cloud-init capable VM template (an Ubuntu 24.04 cloud image with
    // qemu-guest-agent), its boot disk on scsi0, by its VM ID and the node it is on.
    template: section({ vmId: integerBetween(100, 999999999), node: dnsLabel() }),
    // Where the clones' disks and cloud-init drives go: a storage on every node used
    // (a VM for another node than the template's is cloned there, then migrated).
    datastore: storageId("ceph-vm or local-lvm"),
    // A storage with the Snippets content type on every node the VMs run on (the
    // user data is written to the VM's own node).
    snippetsDatastore: storageId("local").default("local"),
    // The bridge of every node's one NIC, and its VLAN tag if the bridge is VLAN-aware.
    bridge: matching(/^[a-zA-Z][a-zA-Z0-9]{0,15}$/, "a Linux bridge name such as vmbr0").default("vmbr0"),
    vlanId: integerBetween(1, 4094).optional(),
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
    // The StorageClass of the CSI the site already runs for this cluster (Ceph RBD
    // through ceph-csi, NFS through csi-driver-nfs): the program installs no CSI on
    // Proxmox (README, "On-prem sites (Proxmox)").
    storageClass: dnsSubdomain(),
    install: install.prefault({ source: "upstream" }),
    // How long `pulumi up` waits for the API to answer /readyz before failing.
    readinessTimeoutMinutes: integerBetween(5, 120).default(20),
});

export const proxmoxSiteFields = {
    proxmox: proxmoxSection,
    objectStore: namedObjectStore.optional(),
};

export type ProxmoxSection = z.output<typeof proxmoxSection>;
type ProxmoxSiteFields = { name: string; proxmox: ProxmoxSection; objectStore?: NamedObjectStore; ingress: { service: { type: string } } };

export function refineProxmoxSite(site: ProxmoxSiteFields, ctx: z.RefinementCtx): void {
    refineOnPremSite("proxmox", site, ctx);
    const { proxmox } = site;
    const issue = (path: (string | number)[], input: unknown, message: string) => ctx.addIssue({ code: "custom", path: ["proxmox", ...path], input, message });
    proxmox.nodes.forEach((node, index) => {
        if (proxmox.nodes.indexOf(node) !== index) {
            issue(["nodes", index], node, `expected a Proxmox node of its own (proxmox.nodes.${proxmox.nodes.indexOf(node)} is ${node} too)`);
        }
    });
    const distinct = new Set(proxmox.nodes).size;
    const count = proxmox.controlPlane.count;
    // An empty list has its own message.
    if (distinct > 0 && distinct < count) {
        issue(
            ["nodes"],
            proxmox.nodes,
            `expected at least ${count} distinct Proxmox nodes, one per control-plane VM (proxmox.controlPlane.count is ${count}): ` +
                "two control-plane VMs on one node would lose etcd's majority with that node",
        );
    }
}

// Past validation, "none" and absent mean the same to the program: no object store.
export const hasProxmoxObjectStore = hasOnPremObjectStore;
