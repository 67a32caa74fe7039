// The cluster's own addresses on a network without a cloud load balancer, for
// every on-prem site kind: kube-vip holds the API's virtual address, and, with
// kube-vip-cloud-provider, gives Services of type LoadBalancer (the ingress
// gateway) addresses from the site's pool. Both are manifests the first server
// applies once its API is up (rke2-docs docs/add-ons/helm.md; kube-vip/website
// content/docs/usage/k3s.md), so nothing has to exist before the cluster does.
//
// kube-vip runs as a DaemonSet on the control-plane nodes in ARP mode: the
// elected leader answers for the address, and when its node is lost another
// server takes the lease and announces the address (content/docs/modes/arp.md).
// The same kube-vip announces LoadBalancer addresses, so the gateway needs no
// second speaker; MetalLB would bring one (a speaker on every node, its CRDs and
// webhook) for what kube-vip already does here.
import * as YAML from "yaml";
import { kubernetesApiPort } from "./config-file";
import { onPremAddonImages } from "../../versions";

/** The Service annotation kube-vip reads (and kube-vip-cloud-provider writes) for a Service's LoadBalancer address. */
export const loadBalancerIpsAnnotation = "kube-vip.io/loadbalancerIPs";

const namespace = "kube-system";
// kube-vip-cloud-provider reads its pools from exactly this ConfigMap (kube-vip/kube-vip-cloud-provider README).
export const addressPoolConfigMap = { namespace, name: "kubevip" } as const;

export interface KubeVipArgs {
    /** The API's virtual address (IPv4): the same address RKE2 puts in `tls-san` (Rke2ClusterSettings.apiAddress). */
    apiAddress: string;
    /**
     * The servers' network interface the address is announced on. Absent: kube-vip
     * takes the interface of the default route (it logs "auto-detecting default
     * Interface", kube-vip/website content/docs/usage/openshift.md).
     * @default undefined
     */
    interface?: string;
    /**
     * The addresses Services of type LoadBalancer get: a range `first-last`
     * (e.g. "10.20.0.200-10.20.0.209") or a CIDR block (e.g. "10.20.0.192/28").
     * Must not hold the API's virtual address.
     */
    loadBalancerPool: string;
    /**
     * A registry holding the add-on images under their upstream paths, for sites
     * without internet access (e.g. "registry.hospital.example:5000"); absent: ghcr.io.
     * @default undefined
     */
    registry?: string;
}

type Manifest = Record<string, unknown>;

/** The manifests for RKE2's server/manifests directory, by file name. */
export function kubeVipManifests(args: KubeVipArgs): Record<string, string> {
    const pool = poolEntry(args.loadBalancerPool);
    const image = (pinned: string) => (args.registry ? pinned.replace(/^ghcr\.io\//, `${args.registry.replace(/\/+$/, "")}/`) : pinned);
    return {
        "kube-vip.yaml": documents([...kubeVipRbac(), kubeVipDaemonSet(args, image(onPremAddonImages.kubeVip))]),
        "kube-vip-cloud-provider.yaml": documents([
            ...cloudProviderRbac(),
            cloudProviderDeployment(image(onPremAddonImages.kubeVipCloudProvider)),
            { apiVersion: "v1", kind: "ConfigMap", metadata: { ...addressPoolConfigMap }, data: { [pool.key]: pool.value } },
        ]),
    };
}

/** The gateway Service's annotations that fix its address; none: the pool picks one. */
export function gatewayAddressAnnotations(address?: string): Record<string, string> {
    return address ? { [loadBalancerIpsAnnotation]: address } : {};
}

export function documents(objects: Manifest[]): string {
    return objects.map((object) => YAML.stringify(object, { lineWidth: 0 })).join("---\n");
}

const ipv4 = String.raw`(?:\d{1,3}\.){3}\d{1,3}`;

function poolEntry(pool: string): { key: string; value: string } {
    if (new RegExp(`^${ipv4}-${ipv4}$`).test(pool)) {
        return { key: "range-global", value: pool };
    }
    if (new RegExp(`^${ipv4}/\\d{1,2}$`).test(pool)) {
        return { key: "cidr-global", value: pool };
    }
    throw new Error(`loadBalancerPool ${JSON.stringify(pool)}: expected a range "first-last" or a CIDR block "address/bits"`);
}

// The server taint config-file.ts sets, and the control-plane's own: the VIP must
// come up on servers that run nothing else, and before a node is even Ready or
// initialised by the vSphere CPI (a joining server needs the VIP to join).
const everyTaint = [
    { operator: "Exists", effect: "NoSchedule" },
    { operator: "Exists", effect: "NoExecute" },
];

const onControlPlane = {
    nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }] }],
        },
    },
};

function kubeVipRbac(): Manifest[] {
    // What kube-vip reads and writes (kube-vip/website content/manifests/rbac.yaml).
    const rules = [
        { apiGroups: [""], resources: ["services/status"], verbs: ["update"] },
        { apiGroups: [""], resources: ["services", "endpoints"], verbs: ["list", "get", "watch", "update"] },
        { apiGroups: [""], resources: ["nodes"], verbs: ["list", "get", "watch", "update", "patch"] },
        { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["list", "get", "watch", "update", "create"] },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "get", "watch", "update"] },
        { apiGroups: [""], resources: ["pods"], verbs: ["list"] },
    ];
    return serviceAccountWithRole("kube-vip", rules);
}

function cloudProviderRbac(): Manifest[] {
    // kube-vip/kube-vip-cloud-provider manifest/kube-vip-cloud-controller.yaml at v0.0.12.
    const rules = [
        { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "create", "update", "list"] },
        { apiGroups: [""], resources: ["configmaps", "endpoints", "events", "services/status", "leases"], verbs: ["*"] },
        { apiGroups: [""], resources: ["nodes", "services"], verbs: ["list", "get", "watch", "update"] },
    ];
    return serviceAccountWithRole("kube-vip-cloud-controller", rules);
}

function serviceAccountWithRole(name: string, rules: Manifest[]): Manifest[] {
    return [
        { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace } },
        { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name }, rules },
        {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
            subjects: [{ kind: "ServiceAccount", name, namespace }],
        },
    ];
}

function kubeVipDaemonSet(args: KubeVipArgs, image: string): Manifest {
    const labels = { "app.kubernetes.io/name": "kube-vip" };
    // Environment variables as kube-vip/website content/docs/installation/flags.md names them.
    const env: Record<string, string> = {
        address: args.apiAddress,
        port: String(kubernetesApiPort),
        ...(args.interface ? { vip_interface: args.interface } : {}),
        vip_subnet: "32",
        vip_arp: "true",
        // Only the leader announces the address; the lease lives with the cluster's own.
        vip_leaderelection: "true",
        cp_enable: "true",
        cp_namespace: namespace,
        // LoadBalancer Services get their address from the same leader.
        svc_enable: "true",
        // Its metrics server would listen unauthenticated on every server's :2112; nothing scrapes it.
        prometheus_server: "",
    };
    return {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name: "kube-vip", namespace, labels },
        spec: {
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: {
                    serviceAccountName: "kube-vip",
                    // It announces on the node's own interface.
                    hostNetwork: true,
                    affinity: onControlPlane,
                    tolerations: everyTaint,
                    // Losing it to eviction loses the API address.
                    priorityClassName: "system-node-critical",
                    containers: [
                        {
                            name: "kube-vip",
                            image,
                            imagePullPolicy: "IfNotPresent",
                            args: ["manager"],
                            env: Object.entries(env).map(([name, value]) => ({ name, value })),
                            securityContext: { capabilities: { add: ["NET_ADMIN", "NET_RAW"] } },
                        },
                    ],
                },
            },
        },
    };
}

function cloudProviderDeployment(image: string): Manifest {
    const labels = { "app.kubernetes.io/name": "kube-vip-cloud-provider" };
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "kube-vip-cloud-provider", namespace, labels },
        spec: {
            // It elects a leader itself; one replica, rescheduled on loss, is enough to hand out addresses.
            replicas: 1,
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: {
                    serviceAccountName: "kube-vip-cloud-controller",
                    // Beside kube-vip on the servers, which run only what the cluster itself needs.
                    affinity: {
                        nodeAffinity: {
                            preferredDuringSchedulingIgnoredDuringExecution: [
                                { weight: 10, preference: { matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }] } },
                            ],
                        },
                    },
                    tolerations: [
                        { key: "CriticalAddonsOnly", operator: "Exists" },
                        { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
                    ],
                    priorityClassName: "system-cluster-critical",
                    containers: [
                        {
                            name: "kube-vip-cloud-provider",
                            image,
                            imagePullPolicy: "IfNotPresent",
                            command: ["/kube-vip-cloud-provider", "--leader-elect-resource-name=kube-vip-cloud-controller"],
                        },
                    ],
                },
            },
        },
    };
}
