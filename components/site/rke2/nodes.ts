// The nodes of an RKE2 site on VMs (vSphere, Proxmox), in the order they are
// created and changed: the first server, the other servers, then the workers.
// Pure data, so that tests and the site components read the same list.
import type { Rke2NodeRole } from "./config-file";

export interface NodeSize {
    cpus: number;
    memoryMiB: number;
    diskGiB: number;
}

export interface NodeSpec {
    /** VM name, host name and Kubernetes node name: `<site>-cp-1`, `<site>-worker-2`. */
    name: string;
    /** The Pulumi resource name (stable: `cp-1`, `worker-2`). */
    resourceName: string;
    role: Rke2NodeRole;
    size: NodeSize;
    /** The node's static address; absent: DHCP. */
    address?: string;
}

export interface NodeLayout {
    siteName: string;
    controlPlane: NodeSize & { count: number };
    workers: NodeSize & { count: number };
    /** Static addresses per node, in node order; absent: DHCP. */
    addresses?: { controlPlane: string[]; workers: string[] };
}

export function rke2Nodes(layout: NodeLayout): NodeSpec[] {
    const size = ({ cpus, memoryMiB, diskGiB }: NodeSize): NodeSize => ({ cpus, memoryMiB, diskGiB });
    const servers = Array.from({ length: layout.controlPlane.count }, (_, index): NodeSpec => ({
        name: `${layout.siteName}-cp-${index + 1}`,
        resourceName: `cp-${index + 1}`,
        role: index === 0 ? "first-server" : "server",
        size: size(layout.controlPlane),
        ...(layout.addresses ? { address: layout.addresses.controlPlane[index] } : {}),
    }));
    const agents = Array.from({ length: layout.workers.count }, (_, index): NodeSpec => ({
        name: `${layout.siteName}-worker-${index + 1}`,
        resourceName: `worker-${index + 1}`,
        role: "agent",
        size: size(layout.workers),
        ...(layout.addresses ? { address: layout.addresses.workers[index] } : {}),
    }));
    return [...servers, ...agents];
}

/** How nodes get their addresses: one static network for all (each node's own address in its NodeSpec), or DHCP. */
export type NodeAddressing =
    | { type: "static"; prefixLength: number; gateway: string; dnsServers: string[]; searchDomains: string[] }
    | { type: "dhcp" };
