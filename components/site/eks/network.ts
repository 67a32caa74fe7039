// The site's VPC: nodes in private subnets, the load balancer and the NAT gateways
// in public ones, one of each per zone, and an S3 gateway endpoint so that DICOM
// files and backups reach S3 over AWS's network without passing (and paying) the NAT.
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/aws/provider";
import { Eip, InternetGateway, NatGateway, RouteTable, RouteTableAssociation, Subnet, Vpc, VpcEndpoint } from "@pulumi/aws/ec2";
import { subnetLayout } from "./subnets";

export interface EksNetworkArgs {
    /** The site's AWS provider: its region and tags. */
    provider: Provider;
    /** The VPC's region (the S3 endpoint's service name). */
    region: string;
    /** The VPC's IPv4 network (/16 to /20), cut by subnetLayout. */
    vpcCidr: string;
    /** Three zones of `region`; a private and a public subnet in each. */
    availabilityZones: string[];
    /** The cluster's name: the load balancer controller finds its subnets by this tag. */
    clusterName: string;
    /**
     * One NAT gateway per zone, or a single one in the first zone (cheaper; a zone's
     * outage then cuts every zone off the internet).
     * @default "perZone"
     */
    natGateways?: "perZone" | "single";
}

export class EksNetwork extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly publicSubnetIds: pulumi.Output<string>[];

    constructor(name: string, args: EksNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:EksNetwork", name, {}, opts);
        const child = { parent: this, provider: args.provider };
        const layout = subnetLayout(args.vpcCidr, args.availabilityZones.length);
        const clusterTag = { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };

        const vpc = new Vpc("vpc", { cidrBlock: args.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: args.clusterName } }, child);
        const gateway = new InternetGateway("internet", { vpcId: vpc.id, tags: { Name: args.clusterName } }, child);

        // Named by zone, not by position: reordering the zones must not move a subnet.
        const publicSubnets = args.availabilityZones.map(
            (zone, i) =>
                new Subnet(
                    `public-${zone}`,
                    {
                        vpcId: vpc.id,
                        availabilityZone: zone,
                        cidrBlock: layout.public[i],
                        // Nothing here gets a public address unless it asks (the NAT's Elastic IP, the NLB).
                        mapPublicIpOnLaunch: false,
                        tags: { Name: `${args.clusterName}-public-${zone}`, "kubernetes.io/role/elb": "1", ...clusterTag },
                    },
                    child,
                ),
        );
        const privateSubnets = args.availabilityZones.map(
            (zone, i) =>
                new Subnet(
                    `private-${zone}`,
                    {
                        vpcId: vpc.id,
                        availabilityZone: zone,
                        cidrBlock: layout.private[i],
                        mapPublicIpOnLaunch: false,
                        tags: { Name: `${args.clusterName}-private-${zone}`, "kubernetes.io/role/internal-elb": "1", ...clusterTag },
                    },
                    child,
                ),
        );

        const publicRoutes = new RouteTable(
            "public",
            { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: gateway.id }], tags: { Name: `${args.clusterName}-public` } },
            child,
        );
        publicSubnets.forEach((subnet, i) => new RouteTableAssociation(`public-${args.availabilityZones[i]}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, child));

        const natZones = args.natGateways === "single" ? args.availabilityZones.slice(0, 1) : args.availabilityZones;
        const nats = natZones.map((zone, i) => {
            const address = new Eip(`nat-${zone}`, { domain: "vpc", tags: { Name: `${args.clusterName}-nat-${zone}` } }, child);
            return new NatGateway(
                `nat-${zone}`,
                { allocationId: address.id, subnetId: publicSubnets[i]!.id, connectivityType: "public", tags: { Name: `${args.clusterName}-${zone}` } },
                { ...child, dependsOn: [gateway] },
            );
        });
        const privateRoutes = args.availabilityZones.map((zone, i) => {
            const nat = nats[Math.min(i, nats.length - 1)]!;
            const table = new RouteTable(
                `private-${zone}`,
                { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags: { Name: `${args.clusterName}-private-${zone}` } },
                child,
            );
            new RouteTableAssociation(`private-${zone}`, { subnetId: privateSubnets[i]!.id, routeTableId: table.id }, child);
            return table;
        });

        new VpcEndpoint(
            "s3",
            {
                vpcId: vpc.id,
                serviceName: `com.amazonaws.${args.region}.s3`,
                vpcEndpointType: "Gateway",
                routeTableIds: privateRoutes.map((table) => table.id),
                tags: { Name: `${args.clusterName}-s3` },
            },
            child,
        );

        this.vpcId = vpc.id;
        this.privateSubnetIds = privateSubnets.map((subnet) => subnet.id);
        this.publicSubnetIds = publicSubnets.map((subnet) => subnet.id);
        this.registerOutputs({ vpcId: this.vpcId });
    }
}
