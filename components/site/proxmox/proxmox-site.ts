// A Proxmox VE site: RKE2 nodes cloned from a cloud-init template, each placed
// on a Proxmox node chosen from config (control-plane VMs on nodes of their own,
// workers round-robin), their user data a cloud-init snippet the VM's cloud-init
// drive points to, their addresses through Proxmox's own cloud-init network
// settings; the cluster's CAs and join token, the admin kubeconfig, the bounded
// wait for /readyz and the Kubernetes provider are the same as on vSphere
// (../rke2/cluster-access.ts).
//
// Resources from the published package, by submodule (the package root loads
// every module it has): VmLegacy is the provider's full VM resource
// (proxmox_virtual_environment_vm: clone, initialization); its newer Vm has
// neither in 8.6.0.
import * as pulumi from "@pulumi/pulumi";
import { Provider as ProxmoxProvider } from "@muhlba91/pulumi-proxmoxve/provider";
import { FileLegacy } from "@muhlba91/pulumi-proxmoxve/fileLegacy";
import { VmLegacy } from "@muhlba91/pulumi-proxmoxve/vmLegacy";
import type { Provider as KubernetesProvider } from "@pulumi/kubernetes";
import { rke2ClusterAccess, rke2ClusterSecrets } from "../rke2/cluster-access";
import { kubeVipManifests } from "../rke2/kube-vip";
import type { NodeAddressing, NodeSpec } from "../rke2/nodes";
import { rke2UserData, type Rke2InstallSource } from "../rke2/user-data";

export interface ProxmoxConnection {
    /** The Proxmox VE API, e.g. https://pve.hospital.example:8006/. */
    endpoint: string;
    /** The API token, USER@REALM!TOKENID=SECRET (secret). */
    apiToken: pulumi.Input<string>;
    /** Accept an API certificate that does not verify (site.proxmox.insecure). */
    insecure: boolean;
    /** The SSH login the provider writes snippets with: the API cannot upload them. */
    ssh: { user: string; privateKey: pulumi.Input<string> };
}

/** Where the site's VMs come from and go. */
export interface ProxmoxPlacement {
    /** The Proxmox nodes, in placement order: control-plane VM i on nodes[i], worker j on nodes[j mod n]. */
    nodes: string[];
    /** The cloud-init template (boot disk on scsi0) and the node it is on. */
    template: { vmId: number; node: string };
    /** The storage of the clones' disks and cloud-init drives. */
    datastore: string;
    /** A storage with the Snippets content type on every node used. */
    snippetsDatastore: string;
    /** The bridge of every node's one NIC. */
    bridge: string;
    /** The NIC's VLAN tag. @default undefined: untagged */
    vlanId?: number;
}

export interface ProxmoxSiteArgs {
    /** Names the cluster, its CAs and its nodes. */
    clusterName: string;
    proxmox: ProxmoxConnection;
    placement: ProxmoxPlacement;
    /** Every node, in creation order: the first server first (see rke2Nodes). */
    nodes: NodeSpec[];
    addressing: NodeAddressing;
    /** The API's virtual address. */
    apiAddress: string;
    /** The LoadBalancer pool (CIDR) kube-vip-cloud-provider hands addresses from. */
    loadBalancerPool: string;
    /** The pinned RKE2 release. */
    rke2Version: string;
    install: Rke2InstallSource;
    /** How long `pulumi up` waits for /readyz. @default 20 */
    readinessTimeoutMinutes?: number;
}

/** The Proxmox node each VM runs on: control-plane VMs one per node (the schema refuses fewer nodes), workers round-robin. */
export function proxmoxPlacement(nodes: NodeSpec[], proxmoxNodes: string[]): string[] {
    if (proxmoxNodes.length === 0) {
        throw new Error("expected at least one Proxmox node");
    }
    let server = 0;
    let worker = 0;
    return nodes.map((node) => {
        if (node.role === "agent") {
            return proxmoxNodes[worker++ % proxmoxNodes.length]!;
        }
        const placed = proxmoxNodes[server++];
        if (placed === undefined) {
            throw new Error(`${node.name}: fewer Proxmox nodes than control-plane VMs; two of them would share a node`);
        }
        return placed;
    });
}

export class ProxmoxSite extends pulumi.ComponentResource {
    readonly kubernetesProvider: KubernetesProvider;
    /** The admin kubeconfig (secret): the API through its virtual address, the program's client certificate. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly virtualMachines: VmLegacy[];

    constructor(name: string, args: ProxmoxSiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:ProxmoxSite", name, {}, opts);
        const { placement } = args;
        const provider = new ProxmoxProvider(
            "proxmox",
            {
                endpoint: args.proxmox.endpoint,
                apiToken: pulumi.secret(args.proxmox.apiToken),
                insecure: args.proxmox.insecure,
                ssh: { username: args.proxmox.ssh.user, privateKey: pulumi.secret(args.proxmox.ssh.privateKey) },
            },
            { parent: this },
        );
        const { pki, token, ...secrets } = rke2ClusterSecrets(this, args.clusterName);
        // What the first server applies once its API is up: kube-vip for the API's virtual
        // address and the LoadBalancer pool. No CSI: the site names the class of its own.
        const serverManifests = kubeVipManifests({
            apiAddress: args.apiAddress,
            loadBalancerPool: args.loadBalancerPool,
            ...(args.install.kind === "mirror" ? { registry: args.install.registry } : {}),
        });
        const hosts = proxmoxPlacement(args.nodes, placement.nodes);

        let previous: pulumi.Resource | undefined;
        this.virtualMachines = args.nodes.map((node, index) => {
            const nodeName = hosts[index]!;
            const userData = pulumi.secret(
                pulumi.all([token, pki.serverTlsFiles]).apply(([joinToken, serverTlsFiles]) =>
                    rke2UserData({
                        // No cloud provider: Proxmox has no RKE2 CPI, and the kubelet's own node addresses suffice.
                        cluster: { token: joinToken, apiAddress: args.apiAddress },
                        node: { role: node.role, nodeName: node.name, ...(node.address ? { nodeIp: node.address } : {}) },
                        version: args.rke2Version,
                        install: args.install,
                        // Proxmox's metadata has no host name: it is in the user data Proxmox
                        // generates, which the snippet replaces (pve-qemu-server Cloudinit.pm).
                        hostname: node.name,
                        ...(node.role === "first-server" ? { serverTlsFiles, serverManifests } : {}),
                    }),
                ),
            );
            // On the VM's own node: a storage like "local" is per node. It holds the join
            // token (and on the first server the CAs' keys), readable by root on that node.
            // Written after the node before it, like the VMs: one node's files at a time.
            // Rewritten when its content changes (a new join token), which touches no VM
            // (their cloud-init settings are ignored once they exist).
            const snippet = new FileLegacy(
                `${node.resourceName}-user-data`,
                { nodeName, datastoreId: placement.snippetsDatastore, contentType: "snippets", sourceRaw: { fileName: `${node.name}-user-data.yaml`, data: userData } },
                { parent: this, provider, ...(previous ? { dependsOn: [previous] } : {}) },
            );
            const machine = new VmLegacy(
                node.resourceName,
                {
                    name: node.name,
                    nodeName,
                    description: `imaging-platform: ${args.clusterName} ${node.role === "agent" ? "worker" : "control-plane"} node (managed by Pulumi)`,
                    tags: ["imaging-platform", args.clusterName],
                    // A full clone: the node keeps nothing of the template once made.
                    clone: { vmId: placement.template.vmId, nodeName: placement.template.node, datastoreId: placement.datastore, full: true },
                    cpu: { cores: node.size.cpus, sockets: 1, type: "x86-64-v2-AES" },
                    // No ballooning: etcd and the kubelet's eviction thresholds assume memory that stays.
                    memory: { dedicated: node.size.memoryMiB, floating: 0 },
                    // The template's boot disk, grown to the node's size (a disk can only grow).
                    disks: [{ interface: "scsi0", datastoreId: placement.datastore, size: node.size.diskGiB, discard: "on", iothread: true }],
                    scsiHardware: "virtio-scsi-single",
                    networkDevices: [{ bridge: placement.bridge, model: "virtio", ...(placement.vlanId !== undefined ? { vlanId: placement.vlanId } : {}) }],
                    // The template carries qemu-guest-agent: clean shutdowns and the node's addresses in Proxmox.
                    agent: { enabled: true },
                    operatingSystem: { type: "l26" },
                    onBoot: true,
                    // A new place in proxmox.nodes moves the VM (its etcd data with it) instead
                    // of re-creating it; the chain below still moves one node at a time.
                    migrate: true,
                    initialization: {
                        datastoreId: placement.datastore,
                        ipConfigs: [{ ipv4: ipv4Config(args.addressing, node) }],
                        ...(args.addressing.type === "static"
                            ? { dns: { servers: args.addressing.dnsServers, ...(args.addressing.searchDomains.length ? { domain: args.addressing.searchDomains.join(" ") } : {}) } }
                            : {}),
                        userDataFileId: snippet.id,
                    },
                },
                {
                    parent: this,
                    provider,
                    // etcd lives on the control-plane disks. Removing a node is deliberate.
                    protect: true,
                    // One node at a time: each VM is created, resized or replaced only after the one before it.
                    ...(previous ? { dependsOn: [previous] } : {}),
                    // Bootstrap data and the template apply to new nodes only: cloud-init runs
                    // its per-instance modules once, and a new template or snippet must not
                    // replace every node (a change to clone forces a replacement).
                    ignoreChanges: ["clone", "initialization"],
                },
            );
            previous = machine;
            return machine;
        });

        const access = rke2ClusterAccess(this, name, { pki, token, ...secrets }, {
            clusterName: args.clusterName,
            apiAddress: args.apiAddress,
            clusterIdentifier: `rke2:${new URL(args.proxmox.endpoint).host}:${args.clusterName}`,
            machines: this.virtualMachines,
            timeoutMinutes: args.readinessTimeoutMinutes ?? 20,
        });
        this.kubeconfig = access.kubeconfig;
        this.kubernetesProvider = access.kubernetesProvider;
        this.registerOutputs({ kubeconfig: this.kubeconfig });
    }
}

function ipv4Config(addressing: NodeAddressing, node: NodeSpec): { address: string; gateway?: string } {
    if (addressing.type === "dhcp") {
        return { address: "dhcp" };
    }
    if (node.address === undefined) {
        throw new Error(`${node.name}: a static address is needed when the site's addresses are static`);
    }
    return { address: `${node.address}/${addressing.prefixLength}`, gateway: addressing.gateway };
}
