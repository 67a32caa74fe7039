// How a node's cloud-init data reaches its VM on vSphere: the VMware datasource of
// cloud-init reads guestinfo.metadata and guestinfo.userdata from the VM's
// extraConfig, each with an encoding key (canonical/cloud-init,
// doc/rtd/reference/datasources/vmware.rst, "GuestInfo keys"). gzip+base64
// because vSphere limits each guestinfo value to 64 KiB and the first server's
// user data carries the cluster's CAs. Not VMware guest customization
// (clone.customize): the two conflict (vmware/terraform-provider-vsphere#1202).
import * as zlib from "zlib";
import * as YAML from "yaml";

export const guestinfoEncoding = "gzip+base64";

/** A node's network as netplan v2 (cloud-init's network config v2): a static address, or DHCP. */
export type NodeNetwork =
    | {
          type: "static";
          /** The node's address with the subnet's prefix length, e.g. 10.30.0.11/24. */
          addressWithPrefix: string;
          gateway: string;
          dnsServers: string[];
          searchDomains: string[];
      }
    | { type: "dhcp" };

export interface NodeMetadataArgs {
    /** cloud-init runs its per-instance modules once for each instance id. */
    instanceId: string;
    hostname: string;
    network: NodeNetwork;
}

// The one NIC every node has (the template's first), whatever the guest calls it.
const nicMatch = { match: { name: "e*" } };

/** cloud-init metadata for the VMware datasource: who the node is, its network, and what to clear once read. */
export function nodeMetadata(args: NodeMetadataArgs): Record<string, unknown> {
    const ethernet =
        args.network.type === "static"
            ? {
                  ...nicMatch,
                  dhcp4: false,
                  addresses: [args.network.addressWithPrefix],
                  routes: [{ to: "default", via: args.network.gateway }],
                  nameservers: { addresses: args.network.dnsServers, search: args.network.searchDomains },
              }
            : { ...nicMatch, dhcp4: true };
    return {
        "instance-id": args.instanceId,
        "local-hostname": args.hostname,
        network: { version: 2, ethernets: { nic0: ethernet } },
        // The user data holds the join token (and on the first server the CAs' keys):
        // the datasource overwrites it in guestinfo as soon as it has read it, so a
        // vCenter user who can read the VM's runtime settings no longer finds it there.
        redact: ["userdata", "vendordata"],
    };
}

export function gzipBase64(text: string): string {
    return zlib.gzipSync(Buffer.from(text, "utf8"), { level: 9 }).toString("base64");
}

/** The extraConfig keys the VMware datasource reads. */
export function guestinfoExtraConfig(metadata: Record<string, unknown>, userData: string): Record<string, string> {
    return {
        "guestinfo.metadata": gzipBase64(YAML.stringify(metadata)),
        "guestinfo.metadata.encoding": guestinfoEncoding,
        "guestinfo.userdata": gzipBase64(userData),
        "guestinfo.userdata.encoding": guestinfoEncoding,
    };
}
