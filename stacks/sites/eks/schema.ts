// What an EKS site configures beyond the platform's settings: where in AWS, the
// network, the cluster, its nodes and the buckets the program builds. Every check
// across keys (networks that overlap, sizes out of order, zones of another region)
// is here, so that a bad stack stops before any resource is declared.
import { z } from "zod";
import { eksDefaultKubernetesVersion, eksKubernetesVersions } from "../../../components/versions";
import { flag, integerBetween, ipv4Contains, ipv4NetworkBetween, ipv4Overlap, matching, oneOf, parseClearIpv4Network, parseIpv4Network, section, type Ipv4Network } from "../../config/fields";

// Standard, GovCloud and China regions: us-east-1, eu-central-2, us-gov-west-1, cn-north-1.
const regionPattern = /^(us-gov|us|eu|ap|ca|sa|me|af|il|mx|cn)-[a-z]+-\d$/;
const region = () => matching(regionPattern, "an AWS region name such as eu-central-1");
// A zone's name is its region's name and a letter.
const zonePattern = /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/;
const zoneName = () => matching(zonePattern, "an availability zone name such as eu-central-1a");
const iamRoleArn = () =>
    matching(/^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/, "an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admins");
// family, generation, options, "." and size: m6i.xlarge, c7gn.metal, u-6tb1.112xlarge.
const instanceTypePattern = /^[a-z][a-z0-9-]*\.[a-z0-9-]+$/;
// The node groups run Amazon Linux 2023 for x86_64: a Graviton type (m7g, c6gn, r8gd) would never join.
const armInstanceTypePattern = /^[a-z]+\d+g[a-z]*\./;
const instanceType = () =>
    z
        .string({ error: "expected an EC2 instance type such as m6i.xlarge" })
        .regex(instanceTypePattern, { error: "expected an EC2 instance type such as m6i.xlarge" })
        .refine((value) => !armInstanceTypePattern.test(value), {
            error: "expected an x86_64 instance type such as m6i.xlarge (the node groups run Amazon Linux 2023 x86_64; Graviton types are not supported)",
        });
const s3Bucket = () =>
    matching(/^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name (3 to 63 lowercase letters, digits, '.' and '-', globally unique)");

// What CloudWatch Logs accepts as a retention (PutRetentionPolicy).
export const logRetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
const retentionExpected = `expected one of: ${logRetentionDays.join(", ")} (days)`;
const logRetention = () =>
    z.number({ error: retentionExpected }).refine((days) => (logRetentionDays as readonly number[]).includes(days), { error: retentionExpected });

const defaultServiceCidr = "172.20.0.0/16";
// RFC 1918: a VPC holds private addresses only.
const privateNetworks = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

const nodes = section({
    // Every type must fit the workloads: the node group picks any of them.
    instanceTypes: z.array(instanceType(), { error: "expected a list of EC2 instance types" }).min(1, { error: "expected at least one instance type" }).default(["m6i.xlarge"]),
    // Per zone: each zone has a node group of its own (volumes are zonal; a pod
    // whose volume is in a zone without nodes could not start anywhere).
    minSize: integerBetween(0, 100).default(1),
    desiredSize: integerBetween(0, 100).default(1),
    maxSize: integerBetween(1, 100).default(3),
    diskSizeGiB: integerBetween(20, 1000).default(50),
});

export const eksSection = section({
    region: region(),
    // Three zones of `region`, one private and one public subnet in each.
    availabilityZones: z.array(zoneName(), { error: "expected a list of three availability zone names" }).length(3, { error: "expected exactly three availability zones" }),
    kubernetesVersion: oneOf(eksKubernetesVersions).default(eksDefaultKubernetesVersion),
    vpcCidr: ipv4NetworkBetween(16, 20).default("10.20.0.0/16"),
    // The cluster's Service network: inside no network the pods must reach (the VPC above all).
    serviceCidr: ipv4NetworkBetween(12, 24).default(defaultServiceCidr),
    // One NAT gateway per zone keeps a zone's outage from cutting the others off the
    // internet; "single" saves two gateways' hourly and data charges.
    natGateways: oneOf(["perZone", "single"] as const).default("perZone"),
    endpoint: section({
        // Networks that reach the Kubernetes API from the internet; empty: the API is reachable only inside the VPC.
        publicAccessCidrs: z.array(z.string(), { error: "expected a list of networks in CIDR notation" }).default([]),
    }).prefault({}),
    // Grant the identity that runs `pulumi up` cluster admin (an access entry).
    grantDeployer: flag().default(true),
    // Roles (SSO permission sets, break-glass) that get cluster admin as well.
    adminRoleArns: z.array(iamRoleArn(), { error: "expected a list of IAM role ARNs" }).default([]),
    nodes: nodes.prefault({}),
    controlPlaneLogRetentionDays: logRetention().default(365),
    gateway: section({
        // internal: reachable from the VPC and networks routed into it (VPN, Direct Connect) only.
        scheme: oneOf(["internal", "internet-facing"] as const).default("internal"),
    }).prefault({}),
    buckets: section({
        dicom: s3Bucket(),
        backups: s3Bucket(),
        // Days an overwritten or deleted object's old version is kept before it expires.
        oldVersionDays: integerBetween(1, 3650).default(90),
    }),
});

export const eksSiteFields = { eks: eksSection };

export type EksSection = z.output<typeof eksSection>;
type EksSiteFields = { eks: EksSection; ingress: { service: { type: string } } };

// The private ranges, written above as constants: reading one cannot fail.
function privateNetwork(cidr: string): Ipv4Network {
    const network = parseIpv4Network(cidr);
    if (network === undefined) {
        throw new Error(`${cidr}: not an IPv4 network`);
    }
    return network;
}

function issue(ctx: z.RefinementCtx, path: (string | number)[], input: unknown, message: string): void {
    ctx.addIssue({ code: "custom", path, input, message });
}

export function refineEksSite(site: EksSiteFields, ctx: z.RefinementCtx): void {
    const { eks } = site;
    // Cross-key checks only between values that passed their own: one problem, one message.
    const regionValid = regionPattern.test(eks.region);
    eks.availabilityZones.forEach((zone, index) => {
        if (regionValid && zonePattern.test(zone) && zone.slice(0, -1) !== eks.region) {
            issue(ctx, ["eks", "availabilityZones", index], zone, `expected a zone of eks.region ${eks.region}, such as ${eks.region}a`);
        }
        if (eks.availabilityZones.indexOf(zone) !== index) {
            issue(ctx, ["eks", "availabilityZones", index], zone, "expected three different zones (one node group and one NAT gateway in each)");
        }
    });
    // Cross-key checks only between values that passed their own field's check.
    const vpc = parseClearIpv4Network(eks.vpcCidr);
    const service = parseClearIpv4Network(eks.serviceCidr);
    if (vpc && !privateNetworks.some((network) => ipv4Contains(privateNetwork(network), vpc))) {
        issue(ctx, ["eks", "vpcCidr"], eks.vpcCidr, `expected a private network inside one of ${privateNetworks.join(", ")}`);
    }
    if (service && !privateNetworks.some((network) => ipv4Contains(privateNetwork(network), service))) {
        issue(ctx, ["eks", "serviceCidr"], eks.serviceCidr, `expected a private network inside one of ${privateNetworks.join(", ")}`);
    }
    if (vpc && service && ipv4Overlap(vpc, service)) {
        // Named on the key the site wrote: a serviceCidr equal to its default is most likely the default.
        if (eks.serviceCidr === defaultServiceCidr) {
            issue(ctx, ["eks", "vpcCidr"], eks.vpcCidr, `expected a network that does not overlap eks.serviceCidr ${eks.serviceCidr} (Service addresses would shadow pods and nodes)`);
        } else {
            issue(ctx, ["eks", "serviceCidr"], eks.serviceCidr, `expected a network that does not overlap eks.vpcCidr ${eks.vpcCidr} (Service addresses would shadow pods and nodes)`);
        }
    }
    eks.endpoint.publicAccessCidrs.forEach((cidr, index) => {
        const network = parseClearIpv4Network(cidr);
        if (network === undefined) {
            issue(ctx, ["eks", "endpoint", "publicAccessCidrs", index], cidr, "expected an IPv4 network in CIDR notation with its host bits clear, such as 203.0.113.0/24");
        } else if (network.prefix === 0) {
            issue(ctx, ["eks", "endpoint", "publicAccessCidrs", index], cidr, "expected the hospital's own networks: 0.0.0.0/0 opens the Kubernetes API to the whole internet");
        }
    });
    const { minSize, desiredSize, maxSize } = eks.nodes;
    if (minSize > maxSize) {
        issue(ctx, ["eks", "nodes", "minSize"], minSize, `expected an integer <= eks.nodes.maxSize (${maxSize})`);
    } else if (desiredSize < minSize || desiredSize > maxSize) {
        issue(ctx, ["eks", "nodes", "desiredSize"], desiredSize, `expected an integer from eks.nodes.minSize (${minSize}) to eks.nodes.maxSize (${maxSize})`);
    }
    if (eks.buckets.dicom === eks.buckets.backups) {
        issue(ctx, ["eks", "buckets", "backups"], eks.buckets.backups, "expected a bucket other than eks.buckets.dicom: each has its own key, lifecycle and the only role that may write it");
    }
    eks.adminRoleArns.forEach((arn, index) => {
        if (eks.adminRoleArns.indexOf(arn) !== index) {
            issue(ctx, ["eks", "adminRoleArns", index], arn, "expected each role once (each gets one access entry)");
        }
    });
    if (site.ingress.service.type !== "LoadBalancer") {
        issue(ctx, ["ingress", "service", "type"], site.ingress.service.type, "expected LoadBalancer on an eks site (the gateway sits behind a Network Load Balancer; the nodes are in private subnets)");
    }
}
