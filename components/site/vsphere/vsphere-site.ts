// A vSphere site: the site's VM folder, its RKE2 nodes cloned from a cloud-init
// template (their user data in guestinfo), DRS rules that keep control-plane
// nodes on different hosts and spread the workers, the cluster's CAs and join
// token made by the program, the admin kubeconfig it builds itself, a bounded
// wait until the API answers through its virtual address, and the Kubernetes
// provider the platform deploys through, which waits for that.
import * as pulumi from "@pulumi/pulumi";
import type { Provider as KubernetesProvider } from "@pulumi/kubernetes";
import { rke2ClusterAccess, rke2ClusterSecrets } from "../rke2/cluster-access";
import type { Rke2ClusterSettings } from "../rke2/config-file";
import { rke2UserData, type Rke2InstallSource } from "../rke2/user-data";
import { kubeVipManifests } from "../rke2/kube-vip";
import { vsphereCloudProviderManifests } from "./cloud-provider";
import * as vsphere from "./binding";
import { guestinfoExtraConfig, nodeMetadata, type NodeNetwork } from "./guestinfo";
import type { NodeAddressing, NodeSpec } from "../rke2/nodes";

/** RKE2's cloud provider for vSphere: the rancher-vsphere-cpi and -csi charts (rancher/rke2 pkg/cli/cmds/root.go). */
export const rke2VsphereCloudProvider = "rancher-vsphere";

export interface VcenterConnection {
    /** vCenter Server host name or address. */
    server: string;
    user: string;
    /** The user's password (secret). */
    password: pulumi.Input<string>;
    /** Turns certificate verification off (site.vsphere.allowUnverifiedSsl: a lab vCenter, never a hospital's). */
    allowUnverifiedSsl: boolean;
    /**
     * The SHA-1 thumbprint of vCenter's certificate, which the in-cluster CPI and CSI
     * drivers pin (a hospital vCenter's certificate rarely chains to their images' CAs).
     * @default undefined: they verify against their images' CA certificates
     */
    thumbprint?: string;
}

/** Where in the vCenter inventory the site's VMs go, by name. */
export interface VsphereInventory {
    datacenter: string;
    /** A DRS-enabled cluster; its root resource pool holds the VMs. */
    computeCluster: string;
    datastore: string;
    /** The port group of every node's one NIC. */
    network: string;
    /** A cloud-init capable template (VMware datasource). */
    template: string;
    /** The site's own VM folder below the datacenter's, created here. */
    folder: string;
}

export type { NodeAddressing } from "../rke2/nodes";

/**
 * What the cluster add-ons need (kube-vip for the API address and the LoadBalancer
 * pool, the vSphere CPI/CSI and the default StorageClass): carried here so that the
 * one call site that builds the first server's manifests has all of it.
 */
export interface VsphereAddOnSettings {
    /** The LoadBalancer pool (CIDR) kube-vip-cloud-provider hands addresses from. */
    loadBalancerPool: string;
    /** Where the default StorageClass puts volumes: a storage policy name or a datastore URL. */
    volumes: { storagePolicy?: string; datastoreUrl?: string };
    /** The default StorageClass's name (the site contract's storageClass). */
    storageClassName: string;
}

export interface VsphereSiteArgs {
    /** Names the cluster, its CAs and its nodes. */
    clusterName: string;
    vcenter: VcenterConnection;
    inventory: VsphereInventory;
    /** Every node, in creation order: the first server first (see rke2Nodes). */
    nodes: NodeSpec[];
    addressing: NodeAddressing;
    /** The API's virtual address. */
    apiAddress: string;
    /** The pinned RKE2 release. */
    rke2Version: string;
    install: Rke2InstallSource;
    addOns: VsphereAddOnSettings;
    /** How long `pulumi up` waits for /readyz. @default 20 */
    readinessTimeoutMinutes?: number;
}

export class VsphereSite extends pulumi.ComponentResource {
    readonly kubernetesProvider: KubernetesProvider;
    /** The admin kubeconfig (secret): the API through its virtual address, the program's client certificate. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly virtualMachines: vsphere.VirtualMachine[];

    constructor(name: string, args: VsphereSiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:VsphereSite", name, {}, opts);
        const provider = new vsphere.Provider(
            "vsphere",
            { vsphereServer: args.vcenter.server, user: args.vcenter.user, password: args.vcenter.password, allowUnverifiedSsl: args.vcenter.allowUnverifiedSsl },
            { parent: this },
        );
        const lookup = { provider, parent: this };

        const { inventory } = args;
        const datacenter = vsphere.getDatacenterOutput({ name: inventory.datacenter }, lookup);
        const cluster = vsphere.getComputeClusterOutput({ name: inventory.computeCluster, datacenterId: datacenter.id }, lookup);
        const datastore = vsphere.getDatastoreOutput({ name: inventory.datastore, datacenterId: datacenter.id }, lookup);
        const network = vsphere.getNetworkOutput({ name: inventory.network, datacenterId: datacenter.id }, lookup);
        const template = vsphere.getVirtualMachineOutput({ name: inventory.template, datacenterId: datacenter.id }, lookup);

        const folder = new vsphere.Folder("folder", { path: inventory.folder, type: "vm", datacenterId: datacenter.id }, { parent: this, provider });

        const { pki, token, ...secrets } = rke2ClusterSecrets(this, args.clusterName);

        const clusterSettings = (joinToken: string): Rke2ClusterSettings => ({
            token: joinToken,
            apiAddress: args.apiAddress,
            cloudProviderName: rke2VsphereCloudProvider,
        });

        // What the first server applies once its API is up: kube-vip (the API's virtual
        // address and the LoadBalancer pool) and the vSphere CPI and CSI with their
        // credentials and the default StorageClass. Secret: it holds the vCenter password.
        const serverManifests = pulumi.output(args.vcenter.password).apply((password) => ({
            ...kubeVipManifests({
                apiAddress: args.apiAddress,
                loadBalancerPool: args.addOns.loadBalancerPool,
                ...(args.install.kind === "mirror" ? { registry: args.install.registry } : {}),
            }),
            ...vsphereCloudProviderManifests({
                server: args.vcenter.server,
                datacenters: [args.inventory.datacenter],
                username: args.vcenter.user,
                password,
                clusterId: args.clusterName,
                ...(args.vcenter.thumbprint ? { thumbprint: args.vcenter.thumbprint } : {}),
                allowUnverifiedSsl: args.vcenter.allowUnverifiedSsl,
                storage: volumePlacement(args.addOns.volumes),
            }),
        }));

        let previous: pulumi.Resource | undefined;
        this.virtualMachines = args.nodes.map((node) => {
            const userData = pulumi
                .all([token, pki.serverTlsFiles, serverManifests])
                .apply(([joinToken, serverTlsFiles, manifests]) =>
                    rke2UserData({
                        cluster: clusterSettings(joinToken),
                        node: { role: node.role, nodeName: node.name, ...(node.address ? { nodeIp: node.address } : {}) },
                        version: args.rke2Version,
                        install: args.install,
                        ...(node.role === "first-server" ? { serverTlsFiles, serverManifests: manifests } : {}),
                    }),
                );
            const metadata = nodeMetadata({ instanceId: node.name, hostname: node.name, network: nodeNetwork(args.addressing, node) });
            const machine = new vsphere.VirtualMachine(
                node.resourceName,
                {
                    name: node.name,
                    resourcePoolId: cluster.resourcePoolId,
                    datastoreId: datastore.id,
                    folder: folder.path,
                    numCpus: node.size.cpus,
                    memory: node.size.memoryMiB,
                    // A clone repeats what the template's guest was built with.
                    guestId: template.guestId,
                    firmware: template.firmware,
                    scsiType: template.scsiType,
                    // The CSI driver finds a volume's disk inside the guest by its UUID.
                    enableDiskUuid: true,
                    networkInterfaces: [{ networkId: network.id, adapterType: template.networkInterfaceTypes.apply((types) => types[0] ?? "vmxnet3") }],
                    disks: template.disks.apply((disks) => cloneDisks(node, disks)),
                    clone: { templateUuid: template.id },
                    extraConfig: pulumi.secret(userData.apply((text) => guestinfoExtraConfig(metadata, text))),
                    annotation: `imaging-platform: ${args.clusterName} ${node.role === "agent" ? "worker" : "control-plane"} node (managed by Pulumi)`,
                },
                {
                    parent: this,
                    provider,
                    // etcd lives on the control-plane disks; volumes with patient data may be
                    // attached to any node when its VM is deleted. Removing a node is deliberate.
                    protect: true,
                    // One node at a time: each VM is created, resized (CPU, memory and disk
                    // changes power it off and on) or replaced only after the one before it.
                    ...(previous ? { dependsOn: [previous] } : {}),
                    // Bootstrap data and what comes from the template apply to new nodes only:
                    // cloud-init reads guestinfo once per instance, the datasource redacts the
                    // user data in the guest, and a new template must not replace every node
                    // (any change to clone forces a replacement).
                    ignoreChanges: ["clone", "extraConfig", "guestId", "firmware", "scsiType", "networkInterfaces", "disks[*].thinProvisioned", "disks[*].eagerlyScrub", "disks[*].unitNumber"],
                },
            );
            previous = machine;
            return machine;
        });

        const servers = this.virtualMachines.filter((_, index) => args.nodes[index]!.role !== "agent");
        const workers = this.virtualMachines.filter((_, index) => args.nodes[index]!.role === "agent");
        if (servers.length > 1) {
            // A hard rule: vCenter refuses to run two control-plane nodes on one host, so
            // losing a host never takes etcd's majority with it (needs as many hosts as nodes).
            new vsphere.ComputeClusterVmAntiAffinityRule(
                "control-plane-apart",
                { computeClusterId: cluster.id, virtualMachineIds: servers.map((vm) => vm.id), name: `${args.clusterName}-control-plane-apart`, mandatory: true },
                { parent: this, provider },
            );
        }
        if (workers.length > 1) {
            // A soft rule: DRS spreads the workers, and still runs them when hosts are fewer.
            new vsphere.ComputeClusterVmAntiAffinityRule(
                "workers-spread",
                { computeClusterId: cluster.id, virtualMachineIds: workers.map((vm) => vm.id), name: `${args.clusterName}-workers-spread`, mandatory: false },
                { parent: this, provider },
            );
        }

        const access = rke2ClusterAccess(this, name, { pki, token, ...secrets }, {
            clusterName: args.clusterName,
            apiAddress: args.apiAddress,
            clusterIdentifier: `rke2:${args.vcenter.server}:${args.clusterName}`,
            machines: this.virtualMachines,
            timeoutMinutes: args.readinessTimeoutMinutes ?? 20,
        });
        this.kubeconfig = access.kubeconfig;
        this.kubernetesProvider = access.kubernetesProvider;
        this.registerOutputs({ kubeconfig: this.kubeconfig });
    }
}

function nodeNetwork(addressing: NodeAddressing, node: NodeSpec): NodeNetwork {
    if (addressing.type === "dhcp") {
        return { type: "dhcp" };
    }
    if (node.address === undefined) {
        throw new Error(`${node.name}: a static address is needed when the site's addresses are static`);
    }
    return {
        type: "static",
        addressWithPrefix: `${node.address}/${addressing.prefixLength}`,
        gateway: addressing.gateway,
        dnsServers: addressing.dnsServers,
        searchDomains: addressing.searchDomains,
    };
}

// The template's disks in its layout, the boot disk at the node's size. A clone's
// disk may grow but never shrink below the template's.
export function cloneDisks(node: NodeSpec, disks: vsphere.types.output.GetVirtualMachineDisk[]): vsphere.types.input.VirtualMachineDisk[] {
    if (disks.length === 0) {
        throw new Error(`${node.name}: the template has no disk to clone`);
    }
    return disks.map((disk, index) => {
        if (index === 0 && node.size.diskGiB < disk.size) {
            throw new Error(`${node.name}: diskGiB ${node.size.diskGiB} is smaller than the template's boot disk (${disk.size} GB); a clone's disk can only grow`);
        }
        return {
            label: `disk${index}`,
            size: index === 0 ? node.size.diskGiB : disk.size,
            unitNumber: disk.unitNumber,
            thinProvisioned: disk.thinProvisioned,
            eagerlyScrub: disk.eagerlyScrub,
        };
    });
}

// The schema lets exactly one of the two through.
export function volumePlacement(volumes: VsphereAddOnSettings["volumes"]): { storagePolicyName: string } | { datastoreUrl: string } {
    if (volumes.storagePolicy !== undefined) {
        return { storagePolicyName: volumes.storagePolicy };
    }
    if (volumes.datastoreUrl !== undefined) {
        return { datastoreUrl: volumes.datastoreUrl };
    }
    throw new Error("the default StorageClass needs a storage policy or a datastore URL");
}
