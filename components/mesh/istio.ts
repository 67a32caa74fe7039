// Istio in sidecar mode with the CNI plugin (so injected pods need no NET_ADMIN
// init container and stay within "restricted"), mesh-wide STRICT mutual TLS, and
// one ingress gateway. Every Istio object elsewhere depends on `controlPlane`:
// istiod's validating webhook refuses them until it is ready.
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { pinnedRelease } from "../kubernetes/helm-release";
import { namespace } from "../kubernetes/namespace";
import { charts, type ChartPin } from "../versions";
import { accessLogFormat } from "./access-log";
import { workloadPrincipal } from "./identity";
import { safeguardProtection } from "../security/safeguard";
import { spreadAcrossNodesAndZones } from "../kubernetes/spreading";

export interface GatewayPort {
    name: string;
    port: number;
    /**
     * The port on every node that reaches this one, for a `NodePort` Service: fixed,
     * because laptop clusters map it to the host in their cluster file.
     * @default one Kubernetes picks
     */
    nodePort?: number;
}

/**
 * `LoadBalancer` where the cluster hands out external addresses (clouds, MetalLB,
 * kube-vip); `NodePort` where it cannot (kind, minikube, k3d without a
 * load-balancer controller), since a release waiting for an address never ends.
 */
export type GatewayServiceType = "LoadBalancer" | "NodePort";

export interface IstioMeshArgs {
    namespaces: { controlPlane: string; cni: string; ingress: string };
    // Also the gateway's Deployment, ServiceAccount and `istio=` selector label.
    gatewayName: string;
    /** How the gateway's Service is reached from outside the cluster. */
    gatewayServiceType: GatewayServiceType;
    /** Ports the gateway's Service opens besides Istio's status port (HTTP, HTTPS, DICOM). */
    gatewayPorts: GatewayPort[];
    /**
     * The fewest gateway replicas; the autoscaler may add more. With two or more
     * they spread over nodes, and a disruption budget keeps one up during drains.
     * @default 2
     */
    gatewayReplicas?: number;
    /**
     * Networks a load balancer admits at all (its `loadBalancerSourceRanges`); the
     * gateway's NetworkPolicy holds the same list on every kind of Service.
     * @default any address
     */
    gatewaySourceRanges?: string[];
    /** Annotations of the gateway's Service, for the site's load balancer. @default {} */
    gatewayServiceAnnotations?: Record<string, string>;
    // Distributions other than "generic" keep CNI files elsewhere (Istio's global.platform).
    distribution: string;
    /** The mesh's trust domain, in every workload identity: the cluster's DNS domain. */
    trustDomain: string;
}

// Where Envoy reports its readiness (load balancers' health checks).
const statusPort: GatewayPort = { name: "status-port", port: 15021 };

export class IstioMesh extends pulumi.ComponentResource {
    readonly controlPlane: Release;
    readonly gateway: Release;
    readonly gatewayNamespace: string;
    // The same name, as an output of the Namespace: objects placed there wait for it.
    readonly gatewayNamespaceName: pulumi.Output<string>;
    readonly gatewaySelector: Record<string, string>;
    readonly gatewayPrincipal: string;

    constructor(name: string, args: IstioMeshArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:mesh:IstioMesh", name, {}, opts);
        const { controlPlane, cni, ingress } = args.namespaces;
        this.gatewayNamespace = ingress;
        this.gatewaySelector = { istio: args.gatewayName };
        this.gatewayPrincipal = workloadPrincipal(args.trustDomain, ingress, args.gatewayName);

        // istiod's chart does not set a seccomp profile: enforce baseline, warn at restricted.
        const controlPlaneNs = namespace(
            { name: controlPlane, podSecurity: "baseline", podSecurityGoal: "restricted" },
            { parent: this },
        );
        // The CNI node agent writes the host's CNI configuration: it needs hostPath and privilege.
        const cniNs = namespace({ name: cni, podSecurity: "privileged" }, { parent: this });
        const ingressNs = namespace({ name: ingress, podSecurity: "restricted" }, { parent: this });
        this.gatewayNamespaceName = ingressNs.metadata.name;

        const release = (
            releaseName: string,
            pin: ChartPin,
            ns: pulumi.Output<string>,
            values: Record<string, unknown>,
            dependsOn: pulumi.Resource[],
        ) => pinnedRelease(releaseName, { releaseName, pin, namespace: ns, values }, { parent: this, dependsOn });

        const base = release("istio-base", charts.istioBase, controlPlaneNs.metadata.name, { defaultRevision: "default" }, []);
        const platform = args.distribution === "generic" ? {} : { global: { platform: args.distribution } };
        const cniPlugin = release("istio-cni", charts.istioCni, cniNs.metadata.name, platform, [base]);
        this.controlPlane = release(
            "istiod",
            charts.istiod,
            controlPlaneNs.metadata.name,
            {
                pilot: {
                    cni: { enabled: true },
                    // Native sidecars end with their Job, so CloudNativePG's initdb and join jobs complete.
                    env: { ENABLE_NATIVE_SIDECARS: "true" },
                },
                meshConfig: {
                    trustDomain: args.trustDomain,
                    accessLogFile: "/dev/stdout",
                    accessLogEncoding: "TEXT",
                    accessLogFormat,
                    // Injected pods reach only hosts the mesh knows: the cluster's Services
                    // and the external ones the platform declares (external-service.ts).
                    outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
                },
                ...platform,
            },
            [base, cniPlugin],
        );
        this.gateway = release(
            args.gatewayName,
            charts.istioGateway,
            ingressNs.metadata.name,
            {
                ...gatewayAvailability(args.gatewayReplicas ?? 2, this.gatewaySelector),
                service: {
                    type: args.gatewayServiceType,
                    ...(args.gatewayServiceAnnotations && Object.keys(args.gatewayServiceAnnotations).length > 0
                        ? { annotations: args.gatewayServiceAnnotations }
                        : {}),
                    // Only nodes running a gateway take its traffic, so the gateway, its
                    // logs and its policies see the modality's own address, not a node's.
                    externalTrafficPolicy: "Local",
                    ...(args.gatewayServiceType === "LoadBalancer" && args.gatewaySourceRanges
                        ? { loadBalancerSourceRanges: args.gatewaySourceRanges }
                        : {}),
                    // This list replaces the chart's defaults, so the status port is listed again.
                    ports: [statusPort, ...args.gatewayPorts].map(({ name, port, nodePort }) => ({
                        name,
                        port,
                        targetPort: port,
                        protocol: "TCP",
                        ...(args.gatewayServiceType === "NodePort" && nodePort !== undefined ? { nodePort } : {}),
                    })),
                },
                // The chart's default pod security context plus a seccomp profile, which
                // "restricted" requires. The sysctl lets Envoy bind 80 and 443 unprivileged.
                securityContext: {
                    sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }],
                    seccompProfile: { type: "RuntimeDefault" },
                },
            },
            [this.controlPlane],
        );

        new CustomResource(
            "mesh-mtls-strict",
            {
                apiVersion: "security.istio.io/v1",
                kind: "PeerAuthentication",
                // In the root namespace it applies to the whole mesh.
                metadata: { name: "default", namespace: controlPlane },
                spec: { mtls: { mode: "STRICT" } },
            },
            { parent: this, dependsOn: [this.controlPlane], ...safeguardProtection },
        );

        this.registerOutputs({ gatewayPrincipal: this.gatewayPrincipal });
    }
}

// Every modality and browser comes through the gateway: it must survive a node.
// With two or more replicas the autoscaler (on by default in the chart) starts
// from `replicas`, and a disruption budget keeps one up. One replica is a
// one-node cluster (a laptop): no autoscaler, which would need metrics-server
// that laptop clusters lack, and no budget, which would block every drain.
function gatewayAvailability(replicas: number, selector: Record<string, string>): Record<string, unknown> {
    if (replicas === 1) {
        return { replicaCount: 1, autoscaling: { enabled: false } };
    }
    return {
        autoscaling: { enabled: true, minReplicas: replicas, maxReplicas: Math.max(replicas, 5) },
        podDisruptionBudget: { minAvailable: 1 },
        topologySpreadConstraints: spreadAcrossNodesAndZones(selector),
    };
}
