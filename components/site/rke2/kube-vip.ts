// The cluster's own addresses on a network without a cloud load balancer, for
// every on-prem site kind: kube-vip holds the API's virtual address, and, with
// kube-vip-cloud-provider, gives Services of type LoadBalancer (the ingress
// gateway) addresses from the site's pool. Both are manifests the first server
// applies once its API is up (rke2-docs docs/add-ons/helm.md; kube-vip/website
// content/docs/usage/k3s.md), so nothing has to exist before the cluster does.
//
// kube-vip runs in ARP mode as two DaemonSets of the same image. On the servers
// it holds the API address: the elected leader answers for it, and when its node
// is lost another server takes the lease (content/docs/modes/arp.md). On the
// workers it announces LoadBalancer addresses with an election per Service: the
// gateway's Service keeps the client's address (externalTrafficPolicy: Local,
// components/mesh/istio.ts), which works only if the address is announced from
// a node running a gateway pod, and kube-vip lets only such nodes stand for a
// Local Service (content/docs/usage/kubernetes-services.md). Servers never run
// the gateway (their CriticalAddonsOnly taint), and workers must never hold the
// API address, hence two. MetalLB would do the second part with a speaker of its
// own, its CRDs and webhook: more parts for what kube-vip already does.
import { kubernetesApiPort } from "./config-file";
import { manifestFile } from "./manifest-file";
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
        "kube-vip.yaml": manifestFile([
            ...kubeVipRbac(),
            kubeVipDaemonSet("kube-vip", onServers, controlPlaneEnv(args), image(onPremAddonImages.kubeVip)),
            kubeVipDaemonSet("kube-vip-services", onWorkers, servicesEnv(args), image(onPremAddonImages.kubeVip)),
        ]),
        "kube-vip-cloud-provider.yaml": manifestFile([
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

// Every taint, among them the server taint config-file.ts sets: the API address
// must come up on servers that run nothing else, before a node is even Ready or
// initialised by the vSphere CPI (a joining server needs the address to join),
// and LoadBalancer addresses wherever a gateway pod may run.
const everyTaint = [
    { operator: "Exists", effect: "NoSchedule" },
    { operator: "Exists", effect: "NoExecute" },
];

const controlPlaneRole = "node-role.kubernetes.io/control-plane";
const nodesWhere = (operator: "Exists" | "DoesNotExist") => ({
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: controlPlaneRole, operator }] }] } },
});
const onServers = nodesWhere("Exists");
const onWorkers = nodesWhere("DoesNotExist");

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

type EnvVar = { name: string; value: string } | { name: string; valueFrom: Record<string, unknown> };

// Environment variables as kube-vip/website content/docs/installation/flags.md
// and kube-vip pkg/kubevip/config_envvar.go name them; both DaemonSets share these.
function announcing(args: KubeVipArgs): EnvVar[] {
    const values: Record<string, string> = {
        vip_arp: "true",
        ...(args.interface ? { vip_interface: args.interface } : {}),
        vip_subnet: "32",
        // Leases live with the cluster's own.
        cp_namespace: namespace,
        // Its metrics server would listen unauthenticated on every node's :2112; nothing scrapes it.
        prometheus_server: "",
    };
    return [
        ...Object.entries(values).map(([name, value]) => ({ name, value })),
        // Leases and a Local Service's endpoints are matched by the node's name, which RKE2's node-name may set apart from the host name.
        { name: "vip_nodename", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
    ];
}

function controlPlaneEnv(args: KubeVipArgs): EnvVar[] {
    return [
        { name: "cp_enable", value: "true" },
        // Only the leader announces the address.
        { name: "vip_leaderelection", value: "true" },
        { name: "address", value: args.apiAddress },
        { name: "port", value: String(kubernetesApiPort) },
        ...announcing(args),
    ];
}

function servicesEnv(args: KubeVipArgs): EnvVar[] {
    return [
        { name: "svc_enable", value: "true" },
        // One election per Service, among the nodes that run its pods.
        { name: "svc_election", value: "true" },
        ...announcing(args),
    ];
}

function kubeVipDaemonSet(name: string, affinity: Manifest, env: EnvVar[], image: string): Manifest {
    const labels = { "app.kubernetes.io/name": name };
    return {
        apiVersion: "apps/v1",
        kind: "DaemonSet",
        metadata: { name, namespace, labels },
        spec: {
            selector: { matchLabels: labels },
            template: {
                metadata: { labels },
                spec: {
                    serviceAccountName: "kube-vip",
                    // It announces on the node's own interface.
                    hostNetwork: true,
                    affinity,
                    tolerations: everyTaint,
                    // Losing it to eviction loses the addresses it holds.
                    priorityClassName: "system-node-critical",
                    containers: [
                        {
                            name: "kube-vip",
                            image,
                            imagePullPolicy: "IfNotPresent",
                            args: ["manager"],
                            env,
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
                                { weight: 10, preference: { matchExpressions: [{ key: controlPlaneRole, operator: "Exists" }] } },
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
