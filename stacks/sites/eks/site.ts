// An EKS site fulfils the site contract from what the program builds in AWS:
// the cluster's Kubernetes provider, the encrypted gp3 storage class, two buckets
// each reached through an IAM role bound to one service account (IRSA), and the
// gateway behind a Network Load Balancer that passes TCP through.
import type * as pulumi from "@pulumi/pulumi";
import { siteContractDefaults, type GatewayService, type ObjectStoreAccess, type SiteContract } from "../../../components/site/contract";
import { EksSite } from "../../../components/site/eks/eks-site";
import { eksAddons } from "../../../components/versions";
import type { Site } from "../../config/load";
import type { SiteConfig } from "../../config/schema";

type EksSiteConfig = SiteConfig & { kind: "eks" };

// The annotation the EKS pod identity webhook reads to give a pod its role's token.
export const irsaRoleAnnotation = "eks.amazonaws.com/role-arn";
export const eksStorageClassName = "gp3-encrypted";

export function eksSite(site: Site & { config: EksSiteConfig }, opts?: pulumi.ComponentResourceOptions): SiteContract {
    const { config } = site;
    const { eks } = config;
    const aws = new EksSite(
        config.name,
        {
            region: eks.region,
            tags: { "imaging-platform/site": config.name, "managed-by": "pulumi imaging-platform" },
            clusterName: config.name,
            kubernetesVersion: eks.kubernetesVersion,
            addonVersions: eksAddons[eks.kubernetesVersion],
            vpcCidr: eks.vpcCidr,
            serviceCidr: eks.serviceCidr,
            availabilityZones: eks.availabilityZones,
            natGateways: eks.natGateways,
            publicAccessCidrs: eks.endpoint.publicAccessCidrs,
            grantDeployer: eks.grantDeployer,
            adminRoleArns: eks.adminRoleArns,
            controlPlaneLogRetentionDays: eks.controlPlaneLogRetentionDays,
            nodes: eks.nodes,
            buckets: eks.buckets,
            storageClassName: eksStorageClassName,
        },
        opts,
    );
    const access = (bucket: string, roleArn: pulumi.Output<string>): ObjectStoreAccess => ({
        // No `encryption`: the bucket's default (SSE-KMS with its own key) applies to every
        // write; asking for aws:kms per request without a key id would pick the aws/s3 key instead.
        location: { type: "s3", bucket, region: eks.region },
        credentials: { kind: "workloadIdentity", identity: { serviceAccountAnnotations: { [irsaRoleAnnotation]: roleArn }, podLabels: {} } },
    });
    return {
        ...siteContractDefaults,
        apiServerPorts: [...siteContractDefaults.apiServerPorts],
        provider: aws.kubernetesProvider,
        kubeconfig: aws.kubeconfig,
        gatewayService: gatewayService(eks.gateway.scheme),
        storageClass: eksStorageClassName,
        objectStore: { orthanc: access(eks.buckets.dicom, aws.roles.orthanc), backups: access(eks.buckets.backups, aws.roles.backups) },
        egress: {
            // The API server's endpoints (the control plane's interfaces) and the nodes are in the VPC.
            apiServerCidrs: config.egress.apiServerRanges ?? [eks.vpcCidr],
            nodeCidrs: config.egress.nodeRanges ?? [eks.vpcCidr],
            // S3 has no fixed addresses of its own (prefix lists), so only what the site says.
            objectStoreCidrs: config.egress.objectStoreRanges,
        },
    };
}

// A Network Load Balancer from the AWS cloud provider's service controller (run by
// EKS in the control plane): TCP listeners, so TLS ends at the gateway (HTTPS) and
// at Orthanc (DICOM TLS), never at the load balancer.
export function gatewayService(scheme: "internal" | "internet-facing"): GatewayService {
    return {
        type: "LoadBalancer",
        annotations: {
            "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
            ...(scheme === "internal" ? { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" } : {}),
        },
    };
}
