// /etc/rancher/rke2/config.yaml for each node of a cluster: what every server
// must agree on (rke2-docs, docs/reference/server_config.md, "Critical
// Configuration Values"), where joiners find the cluster, and the hardening the
// platform expects (the CIS profile). Only keys RKE2 documents are written; a
// test holds them against the documented flags.

export const rke2SupervisorPort = 9345;
export const kubernetesApiPort = 6443;

/** Which part a node plays: the first server starts the cluster, the rest join it through the API address. */
export type Rke2NodeRole = "first-server" | "server" | "agent";

export interface Rke2ClusterSettings {
    /** The secure join token (secret). */
    token: string;
    /** The virtual address every node and client reaches the cluster through. */
    apiAddress: string;
    /** Further names the API server's certificate carries (e.g. its DNS name). @default [] */
    apiNames?: string[];
    /** Pod network. @default "10.42.0.0/16" */
    clusterCidr?: string;
    /** Service network. @default "10.43.0.0/16" */
    serviceCidr?: string;
    /** RKE2's cloud provider (e.g. "rancher-vsphere"); absent: none. @default undefined */
    cloudProviderName?: string;
    /** A registry holding RKE2's own images, for sites without internet access; absent: docker.io. @default undefined */
    systemDefaultRegistry?: string;
    /** When etcd snapshots are taken on every server (cron, five fields). @default "0 0,6,12,18 * * *" */
    etcdSnapshotCron?: string;
    /** How many etcd snapshots each server keeps. @default 28 (a week at four a day) */
    etcdSnapshotRetention?: number;
}

export interface Rke2NodeSettings {
    role: Rke2NodeRole;
    nodeName: string;
    /** The node's static address; absent: what DHCP gives. @default undefined */
    nodeIp?: string;
}

export function rke2ConfigFile(cluster: Rke2ClusterSettings, node: Rke2NodeSettings): Record<string, unknown> {
    const isServer = node.role !== "agent";
    return {
        token: cluster.token,
        ...(node.role === "first-server" ? {} : { server: `https://${cluster.apiAddress}:${rke2SupervisorPort}` }),
        "node-name": node.nodeName,
        ...(node.nodeIp ? { "node-ip": node.nodeIp } : {}),
        // Refuses to start unless the host is set up as the CIS benchmark requires
        // (the etcd user and kernel settings the user data provides).
        profile: "cis",
        ...(cluster.cloudProviderName ? { "cloud-provider-name": cluster.cloudProviderName } : {}),
        ...(isServer
            ? {
                  "tls-san": [cluster.apiAddress, ...(cluster.apiNames ?? [])],
                  // The admin kubeconfig on a server is root's alone.
                  "write-kubeconfig-mode": "0600",
                  cni: "canal",
                  "cluster-cidr": cluster.clusterCidr ?? "10.42.0.0/16",
                  "service-cidr": cluster.serviceCidr ?? "10.43.0.0/16",
                  // Servers run the control plane only: workloads go to the workers.
                  "node-taint": ["CriticalAddonsOnly=true:NoExecute"],
                  "etcd-snapshot-schedule-cron": cluster.etcdSnapshotCron ?? "0 0,6,12,18 * * *",
                  "etcd-snapshot-retention": cluster.etcdSnapshotRetention ?? 28,
                  ...(cluster.systemDefaultRegistry ? { "system-default-registry": cluster.systemDefaultRegistry } : {}),
              }
            : {}),
    };
}
