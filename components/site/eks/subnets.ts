// How a site's VPC is cut into subnets, one private and one public per zone.
// Pods take their addresses from the private subnets (the VPC CNI gives every pod
// a VPC address), so they get three quarters of the VPC; the public subnets hold
// only the load balancer's and the NAT gateways' interfaces and get a sixteenth each.

export interface SubnetLayout {
    private: string[];
    public: string[];
}

function format(address: number, prefix: number): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256);
    return `${octets.join(".")}/${prefix}`;
}

/** Subnets for `zones` zones (at most 3) in an IPv4 VPC whose network is `vpcCidr` (host bits clear). */
export function subnetLayout(vpcCidr: string, zones: number): SubnetLayout {
    // The schema lets only a.b.c.d/n through.
    const [address, prefixText] = vpcCidr.split("/") as [string, string];
    const prefix = Number(prefixText);
    const start = address.split(".").reduce((sum, octet) => sum * 256 + Number(octet), 0);
    const quarter = 2 ** (32 - (prefix + 2));
    const sixteenth = 2 ** (32 - (prefix + 4));
    const indexes = [...Array(zones).keys()];
    return {
        private: indexes.map((i) => format(start + i * quarter, prefix + 2)),
        public: indexes.map((i) => format(start + 3 * quarter + i * sixteenth, prefix + 4)),
    };
}
