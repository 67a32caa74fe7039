// The EKS site kind: its configuration's checks (each bad value with the message
// a hospital team reads), and the plan of the committed aws stack: the network,
// the cluster's encryption, logging and access, the nodes, the buckets, the
// identities scoped to exactly their bucket, the gateway's load balancer and the
// Kubernetes provider the platform deploys through.
import { strict as assert } from "assert";
import { partitionOf, serviceTrustPolicy } from "../components/site/eks/iam";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { ipv4Contains, ipv4Overlap, parseClearIpv4Network, type Ipv4Network } from "../stacks/config/fields";
import { parseSiteConfig } from "../stacks/config/load";
import { subnetLayout } from "../components/site/eks/subnets";
import { eksKubeconfig } from "../components/site/eks/kubeconfig";
import { eksAddons, eksDefaultKubernetesVersion } from "../components/versions";
import type { Plan, PlannedResource } from "../tools/plan/evaluate";
import { planSite, planStack, project, projectDir, resource, resourcesOfType, types } from "./support/plan";
import { problemsOf } from "./support/config-problems";

type Json = Record<string, any>;

const valid = {
    name: "site-b",
    kind: "eks",
    ingress: { hostname: "pacs.site-b.example" },
    eks: {
        region: "eu-west-1",
        availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
        buckets: { dicom: "site-b-dicom", backups: "site-b-backups" },
    },
};

function withEks(changes: Record<string, unknown>, top: Record<string, unknown> = {}): Record<string, unknown> {
    return { ...valid, ...top, eks: { ...valid.eks, ...changes } };
}


describe("EKS site configuration", () => {
    it("accepts the smallest site and fills the documented defaults", () => {
        const site = parseSiteConfig(valid);
        assert.equal(site.kind, "eks");
        if (site.kind !== "eks") return;
        assert.equal(site.eks.kubernetesVersion, eksDefaultKubernetesVersion);
        assert.equal(site.eks.vpcCidr, "10.20.0.0/16");
        assert.equal(site.eks.serviceCidr, "172.20.0.0/16");
        assert.equal(site.eks.natGateways, "perZone");
        assert.deepEqual(site.eks.endpoint.publicAccessCidrs, []);
        assert.equal(site.eks.grantDeployer, true);
        assert.deepEqual(site.eks.nodes, { instanceTypes: ["m6i.xlarge"], minSize: 1, desiredSize: 1, maxSize: 3, diskSizeGiB: 50 });
        assert.equal(site.eks.controlPlaneLogRetentionDays, 365);
        assert.equal(site.eks.gateway.scheme, "internal");
        assert.equal(site.eks.buckets.oldVersionDays, 90);
    });

    const badValues: Array<[string, Record<string, unknown>, string]> = [
        ["a region that is no region", withEks({ region: "europe-1" }), 'site.eks.region: "europe-1" is not allowed; expected an AWS region name such as eu-central-1'],
        [
            "a zone of another region",
            withEks({ availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-2c"] }),
            'site.eks.availabilityZones.2: "eu-west-2c" is not allowed; expected a zone of eks.region eu-west-1, such as eu-west-1a',
        ],
        [
            "the same zone twice",
            withEks({ availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1a"] }),
            'site.eks.availabilityZones.2: "eu-west-1a" is not allowed; expected three different zones (one node group and one NAT gateway in each)',
        ],
        ["two zones", withEks({ availabilityZones: ["eu-west-1a", "eu-west-1b"] }), 'site.eks.availabilityZones: ["eu-west-1a","eu-west-1b"] is not allowed; expected exactly three availability zones'],
        ["a zone id instead of a name", withEks({ availabilityZones: ["euw1-az1", "eu-west-1b", "eu-west-1c"] }), 'site.eks.availabilityZones.0: "euw1-az1" is not allowed; expected an availability zone name such as eu-central-1a'],
        [
            "an EKS version outside the supported list",
            withEks({ kubernetesVersion: "1.29" }),
            'site.eks.kubernetesVersion: "1.29" is not allowed; expected one of: 1.34, 1.35, 1.36',
        ],
        ["a version as a number", withEks({ kubernetesVersion: 1.3 }), "site.eks.kubernetesVersion: 1.3 is not allowed; expected one of: 1.34, 1.35, 1.36"],
        [
            "a VPC too large for AWS",
            withEks({ vpcCidr: "10.0.0.0/8" }),
            'site.eks.vpcCidr: "10.0.0.0/8" is not allowed; expected an IPv4 network from /16 to /20 with its host bits clear, such as 10.20.0.0/16',
        ],
        [
            "a VPC with host bits set",
            withEks({ vpcCidr: "10.20.1.0/16" }),
            'site.eks.vpcCidr: "10.20.1.0/16" is not allowed; expected an IPv4 network from /16 to /20 with its host bits clear, such as 10.20.0.0/16',
        ],
        [
            "a VPC of public addresses",
            withEks({ vpcCidr: "100.20.0.0/16" }),
            'site.eks.vpcCidr: "100.20.0.0/16" is not allowed; expected a private network inside one of 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16',
        ],
        [
            "a Service network that overlaps the VPC",
            withEks({ vpcCidr: "172.20.0.0/16" }),
            'site.eks.vpcCidr: "172.20.0.0/16" is not allowed; expected a network that does not overlap eks.serviceCidr 172.20.0.0/16 (Service addresses would shadow pods and nodes)',
        ],
        [
            "a Service network inside the VPC",
            withEks({ vpcCidr: "10.20.0.0/16", serviceCidr: "10.20.128.0/24" }),
            'site.eks.serviceCidr: "10.20.128.0/24" is not allowed; expected a network that does not overlap eks.vpcCidr 10.20.0.0/16 (Service addresses would shadow pods and nodes)',
        ],
        [
            "a Service network too small",
            withEks({ serviceCidr: "172.20.0.0/28" }),
            'site.eks.serviceCidr: "172.20.0.0/28" is not allowed; expected an IPv4 network from /12 to /24 with its host bits clear, such as 10.20.0.0/12',
        ],
        ["an unknown NAT choice", withEks({ natGateways: "none" }), 'site.eks.natGateways: "none" is not allowed; expected one of: perZone, single'],
        [
            "the API open to the internet",
            withEks({ endpoint: { publicAccessCidrs: ["0.0.0.0/0"] } }),
            'site.eks.endpoint.publicAccessCidrs.0: "0.0.0.0/0" is not allowed; expected the hospital\'s own networks: 0.0.0.0/0 opens the Kubernetes API to the whole internet',
        ],
        [
            "an API network that is no network",
            withEks({ endpoint: { publicAccessCidrs: ["203.0.113.7"] } }),
            'site.eks.endpoint.publicAccessCidrs.0: "203.0.113.7" is not allowed; expected an IPv4 network in CIDR notation with its host bits clear, such as 203.0.113.0/24',
        ],
        [
            "a user ARN as an admin role",
            withEks({ adminRoleArns: ["arn:aws:iam::123456789012:user/alice"] }),
            'site.eks.adminRoleArns.0: "arn:aws:iam::123456789012:user/alice" is not allowed; expected an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admins',
        ],
        [
            "an admin role twice",
            withEks({ adminRoleArns: ["arn:aws:iam::123456789012:role/admins", "arn:aws:iam::123456789012:role/admins"] }),
            'site.eks.adminRoleArns.1: "arn:aws:iam::123456789012:role/admins" is not allowed; expected each role once (each gets one access entry)',
        ],
        ["node counts min > max", withEks({ nodes: { minSize: 4, maxSize: 2, desiredSize: 2 } }), "site.eks.nodes.minSize: 4 is not allowed; expected an integer <= eks.nodes.maxSize (2)"],
        [
            "a desired size above the maximum",
            withEks({ nodes: { desiredSize: 5 } }),
            "site.eks.nodes.desiredSize: 5 is not allowed; expected an integer from eks.nodes.minSize (1) to eks.nodes.maxSize (3)",
        ],
        ["a negative node count", withEks({ nodes: { minSize: -1 } }), "site.eks.nodes.minSize: -1 is not allowed; expected an integer from 0 to 100"],
        ["an instance type without a size", withEks({ nodes: { instanceTypes: ["m6i"] } }), 'site.eks.nodes.instanceTypes.0: "m6i" is not allowed; expected an EC2 instance type such as m6i.xlarge'],
        ["an instance type in capitals", withEks({ nodes: { instanceTypes: ["M6i.Large"] } }), 'site.eks.nodes.instanceTypes.0: "M6i.Large" is not allowed; expected an EC2 instance type such as m6i.xlarge'],
        [
            "a Graviton instance type",
            withEks({ nodes: { instanceTypes: ["m7g.xlarge"] } }),
            'site.eks.nodes.instanceTypes.0: "m7g.xlarge" is not allowed; expected an x86_64 instance type such as m6i.xlarge (the node groups run Amazon Linux 2023 x86_64; Graviton types are not supported)',
        ],
        ["no instance type", withEks({ nodes: { instanceTypes: [] } }), "site.eks.nodes.instanceTypes: [] is not allowed; expected at least one instance type"],
        ["a root disk too small", withEks({ nodes: { diskSizeGiB: 8 } }), "site.eks.nodes.diskSizeGiB: 8 is not allowed; expected an integer from 20 to 1000"],
        [
            "a log retention CloudWatch does not offer",
            withEks({ controlPlaneLogRetentionDays: 100 }),
            "site.eks.controlPlaneLogRetentionDays: 100 is not allowed; expected one of: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653 (days)",
        ],
        ["an unknown gateway scheme", withEks({ gateway: { scheme: "public" } }), 'site.eks.gateway.scheme: "public" is not allowed; expected one of: internal, internet-facing'],
        [
            "one bucket for both",
            withEks({ buckets: { dicom: "site-b-data", backups: "site-b-data" } }),
            'site.eks.buckets.backups: "site-b-data" is not allowed; expected a bucket other than eks.buckets.dicom: each has its own key, lifecycle and the only role that may write it',
        ],
        [
            "a bucket name S3 refuses",
            withEks({ buckets: { dicom: "Site_B", backups: "site-b-backups" } }),
            'site.eks.buckets.dicom: "Site_B" is not allowed; expected an S3 bucket name (3 to 63 lowercase letters, digits, \'.\' and \'-\', globally unique)',
        ],
        [
            "no buckets",
            withEks({ buckets: undefined }),
            "site.eks.buckets: missing; expected a mapping with keys from: backups, dicom, oldVersionDays",
        ],
        [
            "node ports on an EKS site",
            withEks({}, { ingress: { hostname: "pacs.site-b.example", service: { type: "NodePort" } } }),
            'site.ingress.service.type: "NodePort" is not allowed; expected LoadBalancer on an eks site (the gateway sits behind a Network Load Balancer; the nodes are in private subnets)',
        ],
        [
            "an eks site without its eks section",
            { name: "site-b", kind: "eks", ingress: { hostname: "pacs.site-b.example" } },
            "site.eks: missing; expected a mapping with keys from: adminRoleArns, availabilityZones, buckets, controlPlaneLogRetentionDays, endpoint, gateway, grantDeployer, kubernetesVersion, natGateways, nodes, region, serviceCidr, vpcCidr",
        ],
        ["a typo in the eks section", withEks({ regoin: "eu-west-1" }), "site.eks.regoin: unknown key; expected one of: adminRoleArns, availabilityZones, buckets, controlPlaneLogRetentionDays, endpoint, gateway, grantDeployer, kubernetesVersion, natGateways, nodes, region, serviceCidr, vpcCidr"],
        [
            "an existing cluster's keys on an EKS site",
            withEks({}, { objectStore: { type: "none" } }),
            "site.objectStore: unknown key; expected one of: certificates, egress, eks, identity, ingress, kind, monitoring, name, orthanc, postgres",
        ],
    ];
    for (const [title, raw, expected] of badValues) {
        it(`refuses ${title}`, () => {
            assert.deepEqual(problemsOf(raw), [expected]);
        });
    }
});

describe("IPv4 network arithmetic for the cross-key checks", () => {
    it("reads networks with their host bits clear, and nothing else", () => {
        assert.deepEqual(parseClearIpv4Network("10.20.0.0/16"), { address: 10 * 2 ** 24 + 20 * 2 ** 16, prefix: 16 });
        assert.deepEqual(parseClearIpv4Network("0.0.0.0/0"), { address: 0, prefix: 0 });
        for (const bad of ["10.20.0.1/16", "10.20.0.0", "10.20.0.0/33", "256.0.0.0/8", "fd00::/8", "10.0.0.0/8/1", "a.b.c.d/8"]) {
            assert.equal(parseClearIpv4Network(bad), undefined, bad);
        }
    });

    it("tells overlap and containment apart, at the edges too", () => {
        const net = (cidr: string): Ipv4Network => {
            const network = parseClearIpv4Network(cidr);
            assert.ok(network, cidr);
            return network;
        };
        assert.equal(ipv4Overlap(net("10.20.0.0/16"), net("10.20.255.0/24")), true);
        assert.equal(ipv4Overlap(net("10.20.0.0/16"), net("10.21.0.0/16")), false);
        assert.equal(ipv4Overlap(net("10.21.0.0/16"), net("10.0.0.0/8")), true);
        assert.equal(ipv4Contains(net("10.0.0.0/8"), net("10.255.255.0/24")), true);
        assert.equal(ipv4Contains(net("10.20.0.0/16"), net("10.0.0.0/8")), false);
        assert.equal(ipv4Contains(net("172.16.0.0/12"), net("172.32.0.0/16")), false);
        assert.equal(ipv4Overlap(net("10.0.0.0/24"), net("10.0.0.255/32")), true, "one shared address at the end");
        assert.equal(ipv4Overlap(net("10.0.1.0/32"), net("10.0.0.0/24")), false, "the address just past the end");
        assert.equal(ipv4Contains(net("10.0.0.0/24"), 10 * 2 ** 24 + 255), true, "an address at the end");
    });
});

describe("the EKS subnet layout", () => {
    it("gives the pods three quarters of the VPC and each public subnet a sixteenth, without overlap", () => {
        assert.deepEqual(subnetLayout("10.42.0.0/16", 3), {
            private: ["10.42.0.0/18", "10.42.64.0/18", "10.42.128.0/18"],
            public: ["10.42.192.0/20", "10.42.208.0/20", "10.42.224.0/20"],
        });
        assert.deepEqual(subnetLayout("192.168.16.0/20", 3).public, ["192.168.28.0/24", "192.168.29.0/24", "192.168.30.0/24"]);
    });
});

describe("the ARN partition of a region", () => {
    it("is aws-cn in China, aws-us-gov in GovCloud, and aws elsewhere", () => {
        assert.deepEqual(
            ["cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-east-1", "eu-central-1"].map(partitionOf),
            ["aws-cn", "aws-cn", "aws-us-gov", "aws", "aws"],
        );
    });
});

describe("the EKS kubeconfig", () => {
    it("authenticates with aws eks get-token for the site's cluster and region, and is secret", async () => {
        const kubeconfig = eksKubeconfig({ clusterName: "site-b", region: "eu-west-1", endpoint: "https://abc.eks.example", certificateAuthority: "Y2E=" });
        assert.equal(await pulumi.isSecret(kubeconfig), true);
        const text = await new Promise<string>((resolve) => kubeconfig.apply(resolve));
        const parsed = JSON.parse(text);
        assert.equal(parsed.clusters[0].cluster.server, "https://abc.eks.example");
        assert.equal(parsed.clusters[0].cluster["certificate-authority-data"], "Y2E=");
        const exec = parsed.users[0].user.exec;
        assert.equal(exec.command, "aws");
        assert.deepEqual(exec.args, ["eks", "get-token", "--cluster-name", "site-b", "--region", "eu-west-1", "--output", "json"]);
        assert.equal(parsed["current-context"], parsed.contexts[0].name);
    });
});

// The committed aws stack's own settings, read from its file, so the assertions follow it.
const awsSite = (YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.aws.yaml"), "utf8")).config as Json)[`${project}:site`] as Json;

const aws = {
    provider: "pulumi:providers:aws",
    kubernetesProvider: "pulumi:providers:kubernetes",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    nat: "aws:ec2/natGateway:NatGateway",
    routeTable: "aws:ec2/routeTable:RouteTable",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    cluster: "aws:eks/cluster:Cluster",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    addon: "aws:eks/addon:Addon",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    key: "aws:kms/key:Key",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    bucket: "aws:s3/bucket:Bucket",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
} as const;

const inputs = (r: PlannedResource) => r.inputs as Json;
const childrenOf = (plan: Plan, parentUrn: string) => plan.resources.filter((r) => r.parent === parentUrn);

describe("the plan of the committed aws stack", () => {
    let plan: Plan;
    const zones: string[] = awsSite.eks.availabilityZones;
    const buckets = awsSite.eks.buckets as { dicom: string; backups: string };
    before(async () => {
        plan = await planStack("aws");
    });

    it("names the AWS provider, in the site's region with its tags, on every AWS resource", () => {
        const providers = resourcesOfType(plan, aws.provider);
        assert.equal(providers.length, 1);
        assert.equal(inputs(providers[0]!).region, awsSite.eks.region);
        assert.equal(JSON.parse(inputs(providers[0]!).defaultTags).tags["imaging-platform/site"], awsSite.name);
        const awsResources = plan.resources.filter((r) => r.type.startsWith("aws:"));
        assert.ok(awsResources.length > 50, `only ${awsResources.length} AWS resources`);
        assert.deepEqual(awsResources.filter((r) => r.provider !== providers[0]!.urn).map((r) => r.urn), []);
    });

    it("puts a private and a public subnet in each of the three zones, cut from the VPC's network", () => {
        assert.equal(inputs(resourcesOfType(plan, aws.vpc)[0]!).cidrBlock, awsSite.eks.vpcCidr);
        const layout = subnetLayout(awsSite.eks.vpcCidr, 3);
        const subnets = resourcesOfType(plan, aws.subnet).map(inputs);
        const of = (role: string) => subnets.filter((s) => s.tags[role] === "1").map((s) => [s.availabilityZone, s.cidrBlock]);
        assert.deepEqual(of("kubernetes.io/role/internal-elb"), zones.map((zone, i) => [zone, layout.private[i]]));
        assert.deepEqual(of("kubernetes.io/role/elb"), zones.map((zone, i) => [zone, layout.public[i]]));
        assert.ok(subnets.every((s) => s.mapPublicIpOnLaunch === false));
    });

    it("has a NAT gateway per zone, and an S3 gateway endpoint on every private route table", () => {
        assert.equal(resourcesOfType(plan, aws.nat).length, 3);
        const endpoint = inputs(resourcesOfType(plan, aws.endpoint)[0]!);
        assert.equal(endpoint.serviceName, `com.amazonaws.${awsSite.eks.region}.s3`);
        assert.equal(endpoint.vpcEndpointType, "Gateway");
        const privateTables = resourcesOfType(plan, aws.routeTable).filter((t) => t.name.startsWith("private-"));
        assert.deepEqual(endpoint.routeTableIds.sort(), privateTables.map((t) => `${t.name}-id`).sort());
    });

    it("routes the public subnets out through the internet gateway, and each zone's private subnet through its own NAT gateway", () => {
        const tables = Object.fromEntries(resourcesOfType(plan, aws.routeTable).map((t) => [t.name, inputs(t).routes]));
        assert.deepEqual(tables, {
            public: [{ cidrBlock: "0.0.0.0/0", gatewayId: "internet-id" }],
            ...Object.fromEntries(zones.map((zone) => [`private-${zone}`, [{ cidrBlock: "0.0.0.0/0", natGatewayId: `nat-${zone}-id` }]])),
        });
        const associations = resourcesOfType(plan, "aws:ec2/routeTableAssociation:RouteTableAssociation").map(inputs);
        for (const zone of zones) {
            assert.ok(associations.some((a) => a.subnetId === `public-${zone}-id` && a.routeTableId === "public-id"), `public-${zone}`);
            assert.ok(associations.some((a) => a.subnetId === `private-${zone}-id` && a.routeTableId === `private-${zone}-id`), `private-${zone}`);
        }
    });

    it("lets only the service itself assume a service role, in IAM's policy language version", () => {
        assert.deepEqual(JSON.parse(serviceTrustPolicy("eks.amazonaws.com")), {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "eks.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
    });

    it("encrypts Secrets with a rotating, protected customer-managed key", () => {
        const cluster = resourcesOfType(plan, aws.cluster)[0]!;
        const encryption = inputs(cluster).encryptionConfig;
        assert.deepEqual(encryption.resources, ["secrets"]);
        const key = resourcesOfType(plan, aws.key).find((k) => k.name === "secrets")!;
        assert.equal(encryption.provider.keyArn, "arn:aws:kms:planned-region:123456789012:key/planned-secrets");
        assert.equal(inputs(key).enableKeyRotation, true);
        assert.equal(key.protect, true);
        assert.equal(cluster.protect, true);
    });

    it("logs api, audit and authenticator into a log group with the site's retention, created first", () => {
        const cluster = resourcesOfType(plan, aws.cluster)[0]!;
        assert.deepEqual(inputs(cluster).enabledClusterLogTypes, ["api", "audit", "authenticator"]);
        const logs = resourcesOfType(plan, aws.logGroup)[0]!;
        assert.equal(inputs(logs).name, `/aws/eks/${awsSite.name}/cluster`);
        assert.equal(inputs(logs).retentionInDays, awsSite.eks.controlPlaneLogRetentionDays);
        assert.ok(cluster.dependencies.includes(logs.urn));
    });

    it("admits administrators through access entries only, each granted cluster admin explicitly", () => {
        const cluster = inputs(resourcesOfType(plan, aws.cluster)[0]!);
        assert.deepEqual(cluster.accessConfig, { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
        assert.equal(cluster.version, awsSite.eks.kubernetesVersion ?? eksDefaultKubernetesVersion);
        const principals = resourcesOfType(plan, aws.accessEntry).map((e) => inputs(e).principalArn).sort();
        assert.deepEqual(principals, ["arn:aws:iam::123456789012:role/planned-deployer", ...awsSite.eks.adminRoleArns].sort());
        const policies = resourcesOfType(plan, aws.accessPolicy).map(inputs);
        assert.equal(policies.length, principals.length);
        for (const policy of policies) {
            assert.equal(policy.policyArn, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
            assert.deepEqual(policy.accessScope, { type: "cluster" });
        }
    });

    it("opens the API endpoint to the configured networks only", () => {
        const vpcConfig = inputs(resourcesOfType(plan, aws.cluster)[0]!).vpcConfig;
        assert.equal(vpcConfig.endpointPrivateAccess, true);
        assert.equal(vpcConfig.endpointPublicAccess, true);
        assert.deepEqual(vpcConfig.publicAccessCidrs, awsSite.eks.endpoint.publicAccessCidrs);
    });

    it("runs one node group per zone from a launch template that requires IMDSv2 and encrypts the root volume", () => {
        const template = resourcesOfType(plan, aws.launchTemplate)[0]!;
        assert.deepEqual(inputs(template).metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
        const root = inputs(template).blockDeviceMappings[0];
        assert.equal(root.ebs.encrypted, "true");
        assert.equal(root.ebs.volumeType, "gp3");
        assert.equal(root.ebs.volumeSize, awsSite.eks.nodes.diskSizeGiB);
        const groups = resourcesOfType(plan, aws.nodeGroup);
        assert.deepEqual(groups.map((g) => g.name), zones);
        for (const group of groups) {
            const args = inputs(group);
            assert.deepEqual(args.subnetIds, [`private-${group.name}-id`]);
            assert.equal(args.launchTemplate.id, `${template.name}-id`);
            assert.deepEqual(args.instanceTypes, awsSite.eks.nodes.instanceTypes);
            assert.deepEqual(args.scalingConfig, { minSize: awsSite.eks.nodes.minSize, desiredSize: awsSite.eks.nodes.desiredSize, maxSize: awsSite.eks.nodes.maxSize });
            // On-demand: a spot reclaim would take a PACS node away with two minutes' notice.
            assert.equal(args.capacityType, "ON_DEMAND");
        }
    });

    it("installs the add-ons at the builds pinned for the cluster's minor, the CNI and CSI driver under roles of their own", () => {
        const pins = eksAddons[(awsSite.eks.kubernetesVersion ?? eksDefaultKubernetesVersion) as keyof typeof eksAddons];
        const versions = Object.fromEntries(resourcesOfType(plan, aws.addon).map((a) => [inputs(a).addonName, inputs(a).addonVersion]));
        assert.deepEqual(versions, { "vpc-cni": pins.vpcCni, "kube-proxy": pins.kubeProxy, coredns: pins.coredns, "aws-ebs-csi-driver": pins.ebsCsiDriver });
        // Without its network policy agent the VPC CNI would accept the platform's NetworkPolicies and enforce none.
        assert.deepEqual(JSON.parse(inputs(resource(plan, aws.addon, "vpc-cni")).configurationValues), { enableNetworkPolicy: "true" });
        for (const name of ["vpc-cni", "aws-ebs-csi-driver"]) {
            assert.match(inputs(resource(plan, aws.addon, name)).serviceAccountRoleArn, /^arn:aws:iam::123456789012:role\//);
        }
        // Nodes wait for pod networking; CoreDNS and the CSI driver wait for nodes.
        const groupUrns = resourcesOfType(plan, aws.nodeGroup).map((g) => g.urn);
        for (const group of resourcesOfType(plan, aws.nodeGroup)) {
            assert.ok(group.dependencies.includes(resource(plan, aws.addon, "vpc-cni").urn), group.name);
        }
        for (const name of ["coredns", "aws-ebs-csi-driver"]) {
            assert.deepEqual(groupUrns.filter((urn) => !resource(plan, aws.addon, name).dependencies.includes(urn)), [], name);
        }
    });

    it("protects both buckets: KMS encryption, versioning, no public access, TLS only, old versions expire", () => {
        for (const name of [buckets.dicom, buckets.backups]) {
            const bucket = resource(plan, aws.bucket, name);
            assert.equal(inputs(bucket).bucket, name);
            assert.equal(bucket.protect, true);
            const settings = childrenOf(plan, bucket.parent!);
            const of = (type: string) => inputs(settings.find((r) => r.type === type)!);
            assert.equal(of(aws.versioning).versioningConfiguration.status, "Enabled");
            const rule = of(aws.encryption).rules[0];
            assert.equal(rule.applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
            assert.equal(rule.applyServerSideEncryptionByDefault.kmsMasterKeyId, `arn:aws:kms:planned-region:123456789012:key/planned-${name}`);
            assert.deepEqual(of(aws.publicAccess), { bucket: `${name}-id`, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
            const deny = JSON.parse(of(aws.bucketPolicy).policy).Statement[0];
            assert.deepEqual(deny, {
                Sid: "DenyWithoutTls",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            });
            const expiry = of(aws.lifecycle).rules.find((r: Json) => r.noncurrentVersionExpiration);
            assert.equal(expiry.noncurrentVersionExpiration.noncurrentDays, awsSite.eks.buckets.oldVersionDays);
            assert.equal(resourcesOfType(plan, aws.key).find((k) => k.name === name)?.protect, true);
        }
    });

    for (const [user, account, bucketKey] of [
        ["orthanc", "system:serviceaccount:imaging:orthanc", "dicom"],
        ["backups", "system:serviceaccount:imaging:orthanc-db", "backups"],
    ] as const) {
        it(`scopes the ${user} role to exactly its service account and its own bucket`, () => {
            const bucket = buckets[bucketKey];
            const other = buckets[bucketKey === "dicom" ? "backups" : "dicom"];
            const role = resource(plan, aws.role, user);
            const trust = JSON.parse(inputs(role).assumeRolePolicy).Statement;
            assert.equal(trust.length, 1);
            assert.equal(trust[0].Action, "sts:AssumeRoleWithWebIdentity");
            const issuer = "oidc.eks.planned-region.amazonaws.com/id/PLANNED0000000000000000000000000";
            assert.deepEqual(trust[0].Condition, { StringEquals: { [`${issuer}:sub`]: account, [`${issuer}:aud`]: "sts.amazonaws.com" } });
            assert.equal(trust[0].Principal.Federated, `arn:aws:iam::123456789012:oidc-provider/${issuer}`);
            const statements = JSON.parse(inputs(resource(plan, aws.rolePolicy, user)).policy).Statement as Json[];
            const resources = statements.flatMap((s) => [s.Resource].flat());
            assert.deepEqual(resources.filter((r: string) => r === "*" || r.endsWith(":*") || r.includes(other)), []);
            const objects = statements.find((s) => [s.Action].flat().includes("s3:GetObject"))!;
            assert.equal(objects.Resource, `arn:aws:s3:::${bucket}/*`);
            assert.ok(!statements.some((s) => [s.Action].flat().some((a: string) => a.includes("*") || a === "s3:DeleteObjectVersion")));
        });
    }

    it("binds the roles to the service accounts the platform runs Orthanc and the backups under", () => {
        const orthanc = inputs(resource(plan, "kubernetes:core/v1:ServiceAccount", "orthanc"));
        assert.equal(orthanc.metadata.annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam::123456789012:role/orthanc-planned");
        const cluster = inputs(resourcesOfType(plan, types.cnpgCluster)[0]!);
        assert.equal(cluster.spec.serviceAccountTemplate.metadata.annotations["eks.amazonaws.com/role-arn"], "arn:aws:iam::123456789012:role/backups-planned");
        const store = inputs(resourcesOfType(plan, types.barmanObjectStore)[0]!);
        assert.equal(store.spec.configuration.destinationPath, `s3://${buckets.backups}/postgres/orthanc-db`);
        assert.deepEqual(store.spec.configuration.s3Credentials, { inheritFromIAMRole: true });
        assert.equal(resourcesOfType(plan, types.secret).filter((s) => /object-store-credentials/.test(s.name)).length, 0, "no key Secret");
    });

    it("puts the gateway behind an internal Network Load Balancer that passes TCP through", () => {
        const service = inputs(resource(plan, types.release, "imaging-gateway")).values.service;
        assert.equal(service.type, "LoadBalancer");
        assert.deepEqual(service.annotations, {
            "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
            "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
        });
        assert.ok(!Object.keys(service.annotations).some((k) => /ssl|tls|backend-protocol/.test(k)), "no TLS termination at the load balancer");
        assert.deepEqual(service.loadBalancerSourceRanges, awsSite.ingress.sourceRanges);
    });

    it("deploys the platform through a provider built on the cluster's secret kubeconfig, after nodes and add-ons", () => {
        const providers = resourcesOfType(plan, aws.kubernetesProvider);
        assert.equal(providers.length, 1);
        const provider = providers[0]!;
        assert.equal(inputs(provider).kubeconfig, "[secret]");
        assert.equal(inputs(provider).clusterIdentifier, `eks:${awsSite.eks.region}:${awsSite.name}`);
        const needed = [
            ...resourcesOfType(plan, aws.nodeGroup),
            ...resourcesOfType(plan, aws.addon),
            ...resourcesOfType(plan, aws.accessPolicy),
            resourcesOfType(plan, aws.cluster)[0]!,
        ].map((r) => r.urn);
        assert.deepEqual(needed.filter((urn) => !provider.dependencies.includes(urn)), []);
        const kubernetes = plan.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.ok(kubernetes.length > 100);
        assert.deepEqual(kubernetes.filter((r) => r.provider !== provider.urn).map((r) => r.urn), []);
    });

    it("gives every volume the encrypted gp3 storage class, which keeps the disk when a claim goes", () => {
        const storageClass = inputs(resourcesOfType(plan, aws.storageClass)[0]!);
        assert.equal(storageClass.provisioner, "ebs.csi.aws.com");
        assert.deepEqual(storageClass.parameters, { type: "gp3", encrypted: "true" });
        assert.equal(storageClass.reclaimPolicy, "Retain");
        const cluster = inputs(resourcesOfType(plan, types.cnpgCluster)[0]!);
        assert.equal(cluster.spec.storage.storageClass, storageClass.metadata.name);
    });

    it("limits the platform's egress to the API server and kubelets to the VPC", () => {
        const policies = plan.resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy").map(inputs);
        const blocks = (port: number) =>
            new Set(
                policies.flatMap((p) =>
                    (p.spec.egress ?? [])
                        .filter((rule: Json) => (rule.ports ?? []).some((x: Json) => x.port === port))
                        .flatMap((rule: Json) => (rule.to ?? []).filter((peer: Json) => peer.ipBlock).map((peer: Json) => peer.ipBlock.cidr)),
                ),
            );
        assert.deepEqual([...blocks(6443)], [awsSite.eks.vpcCidr]);
        assert.deepEqual([...blocks(10250)], [awsSite.eks.vpcCidr]);
    });
});

describe("variants of an EKS site", () => {
    const variant = (eks: Record<string, unknown>) => planSite({ ...valid, eks: { ...valid.eks, ...eks } });

    it("with a single NAT gateway routes every zone through it", async () => {
        const plan = await variant({ natGateways: "single" });
        assert.deepEqual(resourcesOfType(plan, aws.nat).map((n) => n.name), ["nat-eu-west-1a"]);
        const routes = resourcesOfType(plan, aws.routeTable).filter((t) => t.name.startsWith("private-"));
        assert.deepEqual(routes.map((t) => inputs(t).routes[0].natGatewayId), ["nat-eu-west-1a-id", "nat-eu-west-1a-id", "nat-eu-west-1a-id"]);
    });

    it("without public networks keeps the API endpoint private, and an internet-facing gateway drops the internal annotation", async () => {
        const plan = await variant({ gateway: { scheme: "internet-facing" }, grantDeployer: false });
        const vpcConfig = inputs(resourcesOfType(plan, aws.cluster)[0]!).vpcConfig;
        assert.equal(vpcConfig.endpointPublicAccess, false);
        assert.equal(vpcConfig.publicAccessCidrs, undefined);
        assert.deepEqual(inputs(resource(plan, types.release, "imaging-gateway")).values.service.annotations, {
            "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
        });
        assert.deepEqual(resourcesOfType(plan, aws.accessEntry), [], "no deployer entry when grantDeployer is false");
    });
});
