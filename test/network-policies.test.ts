// Reachability on the real plan of every committed stack (and of the local site
// with an object store): the NetworkPolicies are read from the plan's resources,
// the endpoints are the pods the platform runs with the labels their charts and
// operators really give them (test/support/running-pods.ts, written out by hand),
// and the oracle (components/security/reachability.ts) answers who may connect to
// whom. Written out below for each site: its policies, the connections it must
// allow, and for every pod of the platform (those holding patient data first)
// exactly who may reach it and what it may reach, per port. Nothing expected is
// computed from the flow table or the program, so a flow removed, widened, or
// pointed at a label no pod carries fails here. A new committed stack fails until
// its expectations are written down; a chart bump fails until running-pods.ts is
// re-read at the new version.
import { strict as assert } from "assert";
import type { Plan } from "../tools/plan/evaluate";
import { flowLabel, networkPolicies, whyAnnotation, type Flow, type NetworkPolicyObject } from "../components/security/network-policies";
import { allows, type AddressEndpoint, type Endpoint, type PolicyLike } from "../components/security/reachability";
import { validateObject } from "./support/schemas";
import { committedStacks, localSiteWith, planSite, planStack, resource, resourcesOfType, types } from "./support/plan";
import { hostNetworkPods, runningPods, type RunningPod } from "./support/running-pods";

type Json = Record<string, any>;
type Protocol = "TCP" | "UDP";
const networkPolicyType = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const authorizationPolicyType = "kubernetes:security.istio.io/v1:AuthorizationPolicy";
const peerAuthenticationType = "kubernetes:security.istio.io/v1:PeerAuthentication";

// The namespaces the platform owns (each denies everything by default), and those
// that hold patient data: Orthanc and its PostgreSQL cluster.
const ownedNamespaces = ["cert-manager", "cnpg-system", "imaging", "istio-cni", "istio-ingress", "istio-system", "monitoring", "reloader"];
const patientDataNamespaces = ["imaging"];

// ---------------------------------------------------------------------------
// The parties: every pod the platform runs, a stranger pod (labels no flow names)
// in every namespace, and one address outside the pod network, which stands for
// the API server, the nodes, clients on the internet and object stores alike: the
// policies cannot tell them apart (every address-based peer is 0.0.0.0/0 or ::/0).
// ---------------------------------------------------------------------------
interface Party {
    name: string;
    endpoint: Endpoint;
    // Service account of a party holding an Istio workload certificate.
    meshIdentity?: string;
    runsWhen?: RunningPod["runsWhen"];
}

const outside: AddressEndpoint = { ip: "203.0.113.7" };
const strangerNamespaces = [...ownedNamespaces, "default", "kube-system"];
const parties: Party[] = [
    ...Object.entries(runningPods).map(([name, pod]: [string, RunningPod]) => ({
        name,
        endpoint: { namespace: pod.namespace, labels: pod.labels },
        meshIdentity: pod.meshIdentity,
        runsWhen: pod.runsWhen,
    })),
    ...strangerNamespaces.map((namespace) => ({
        name: `stranger in ${namespace}`,
        endpoint: { namespace, labels: { app: "stranger", "pod-template-hash": "5c4d7b8f9" } },
        // imaging injects every pod: a stranger there gets a sidecar and the default account.
        ...(namespace === "imaging" ? { meshIdentity: "default" } : {}),
    })),
    { name: "outside", endpoint: outside },
];
const party = (name: string): Party => {
    const found = parties.find((p) => p.name === name);
    assert.ok(found, `no party named ${name}`);
    return found;
};
const namespaceOf = (p: Party): string | undefined => ("namespace" in p.endpoint ? p.endpoint.namespace : undefined);

// Pods in namespaces without policies (kube-system, default) are, to a policy,
// just more addresses: an ipBlock of every address admits them (as on Calico;
// the oracle answers the permissive way). They appear together wherever a flow
// admits "every address".
const everyAddress = ["coredns", "outside", "stranger in default", "stranger in kube-system"];

// Ports that no flow opens but the pods listen on (Envoy's admin and merged
// metrics, SSH as a plain example): the tables below also prove them closed.
const portsNoFlowOpens: string[] = ["22", "15000", "15020"];

// "8042" for TCP, "53/UDP" for UDP.
function portKey(port: number, protocol: string): string {
    return protocol === "TCP" ? String(port) : `${port}/${protocol}`;
}
function parsePort(key: string): { port: number; protocol: Protocol } {
    const [port, protocol = "TCP"] = key.split("/");
    return { port: Number(port), protocol: protocol as Protocol };
}

// ---------------------------------------------------------------------------
// Sites and what is written down for each.
// ---------------------------------------------------------------------------
interface Site {
    objectStore: boolean;
    severalInstances: boolean;
    // An address inside the site's node range, where its kubelets listen. Absent:
    // the site leaves the nodes' range open, and "outside" stands for them too.
    nodeAddress?: string;
}
interface Expectations {
    site: Site;
    // Policy names per namespace, sorted.
    policies: Record<string, string[]>;
    // [from, to, ports]: connections the platform needs; each must be allowed.
    intended: [string, string, string[]][];
    // For each pod in a namespace the platform owns: port -> who may connect to it.
    callers: Table;
    // For each pod in a namespace the platform owns: port -> what it may connect to.
    reaches: Table;
    // Addresses of the site's own besides "outside" (where the API server and the
    // nodes have known networks): more parties, present on that site only.
    addresses?: Party[];
}

const runs = (site: Site) => (p: Party) =>
    p.runsWhen === undefined || (p.runsWhen === "objectStore" ? site.objectStore : site.severalInstances);

// --- policies, per namespace ---
const localPolicies: Record<string, string[]> = {
    "cert-manager": [
        "api-to-approver-policy-webhook-ingress",
        "api-to-cert-manager-webhook-ingress",
        "cert-manager-to-api-egress",
        "default-deny",
        "dns-egress",
        "prometheus-to-cert-manager-ingress",
    ],
    "cnpg-system": ["api-to-cnpg-webhook-ingress", "cnpg-system-to-api-egress", "default-deny", "dns-egress", "operator-to-postgres-egress"],
    imaging: [
        "auth-service-to-keycloak-egress",
        "auth-service-to-keycloak-ingress",
        "default-deny",
        "dns-egress",
        "gateway-to-keycloak-ingress",
        "gateway-to-orthanc-ingress",
        "imaging-to-istiod-egress",
        "keycloak-to-postgres-egress",
        "keycloak-to-postgres-ingress",
        "operator-to-postgres-ingress",
        "orthanc-to-auth-service-egress",
        "orthanc-to-auth-service-ingress",
        "orthanc-to-postgres-egress",
        "orthanc-to-postgres-ingress",
        "postgres-isolation-check-egress",
        "postgres-isolation-check-ingress",
        "postgres-replication-egress",
        "postgres-replication-ingress",
        "postgres-to-api-egress",
        "prometheus-to-orthanc-audit-metrics-ingress",
        "prometheus-to-orthanc-ingress",
        "prometheus-to-postgres-ingress",
        "prometheus-to-sidecars-ingress",
    ],
    "istio-cni": ["default-deny", "dns-egress", "istio-cni-to-api-egress"],
    "istio-ingress": [
        "clients-to-gateway-ingress",
        "default-deny",
        "dns-egress",
        "gateway-to-istiod-egress",
        "gateway-to-keycloak-egress",
        "gateway-to-orthanc-egress",
        "gateway-to-query-proxy-egress",
        "load-balancer-health-checks-ingress",
        "prometheus-to-gateway-ingress",
    ],
    "istio-system": [
        "api-to-istiod-webhooks-ingress",
        "default-deny",
        "dns-egress",
        "gateway-to-istiod-ingress",
        "imaging-to-istiod-ingress",
        "istiod-to-api-egress",
        "prometheus-to-istiod-ingress",
    ],
    monitoring: [
        "api-to-prometheus-operator-ingress",
        "default-deny",
        "dns-egress",
        "gateway-to-query-proxy-ingress",
        "grafana-to-alertmanager-egress",
        "grafana-to-alertmanager-ingress",
        "grafana-to-prometheus-egress",
        "grafana-to-prometheus-ingress",
        "monitoring-to-api-egress",
        "prometheus-to-cert-manager-egress",
        "prometheus-to-gateway-egress",
        "prometheus-to-istiod-egress",
        "prometheus-to-monitoring-egress",
        "prometheus-to-monitoring-ingress",
        "prometheus-to-nodes-egress",
        "prometheus-to-orthanc-audit-metrics-egress",
        "prometheus-to-orthanc-egress",
        "prometheus-to-postgres-egress",
        "prometheus-to-sidecars-egress",
        "query-proxy-to-prometheus-egress",
        "query-proxy-to-prometheus-ingress",
    ],
    reloader: ["default-deny", "dns-egress", "reloader-to-api-egress"],
};

// --- intended flows ---
const apiServer = ["443", "6443"];
const dns = ["53", "53/UDP"];
const needsApiServer = [
    "postgres-primary",
    "postgres-initdb-job",
    "cnpg-operator",
    "istiod",
    "istio-cni-node",
    "cert-manager-controller",
    "cert-manager-webhook",
    "cert-manager-cainjector",
    "cert-manager-startupapicheck",
    "approver-policy",
    "reloader",
    "prometheus",
    "grafana",
    "kube-state-metrics",
    "prometheus-operator",
    "admission-create-job",
    "admission-patch-job",
];
const localIntended: [string, string, string[]][] = [
    // Patient data: the gateway in, Orthanc to its database, the database's own traffic.
    ["gateway", "orthanc", ["8042", "4242"]],
    ["orthanc", "postgres-primary", ["5432"]],
    ["cnpg-operator", "postgres-primary", ["8000"]],
    // Single sign-on: browsers to Keycloak through the gateway, Orthanc's plugin to
    // the auth service, which reads the realm's key from Keycloak, and Keycloak's database.
    ["gateway", "keycloak", ["8080"]],
    ["orthanc", "auth-service", ["8000"]],
    ["auth-service", "keycloak", ["8080"]],
    ["keycloak", "postgres-primary", ["5432"]],
    // The mesh: every sidecar and the gateway to istiod.
    ["orthanc", "istiod", ["15012"]],
    ["keycloak", "istiod", ["15012"]],
    ["auth-service", "istiod", ["15012"]],
    ["postgres-primary", "istiod", ["15012"]],
    ["postgres-initdb-job", "istiod", ["15012"]],
    ["stranger in imaging", "istiod", ["15012"]],
    ["gateway", "istiod", ["15012"]],
    ["prometheus", "istiod", ["15012"]],
    // The public entry, and health checks of the load balancer.
    ["outside", "gateway", ["80", "443", "11112", "15021"]],
    // The API server's webhook calls.
    ["outside", "istiod", ["15017"]],
    ["outside", "cert-manager-webhook", ["10250"]],
    ["outside", "approver-policy", ["10250"]],
    ["outside", "cnpg-operator", ["9443"]],
    ["outside", "prometheus-operator", ["10250"]],
    // Monitoring: scrapes, queries, alerts.
    // 3903: the audit-metrics sidecar (mtail).
    ["prometheus", "orthanc", ["8042", "3903", "15090"]],
    ["prometheus", "keycloak", ["15090"]],
    ["prometheus", "auth-service", ["15090"]],
    ["prometheus", "postgres-primary", ["9187", "15090"]],
    ["prometheus", "gateway", ["15090"]],
    ["prometheus", "istiod", ["15014"]],
    ["prometheus", "cert-manager-controller", ["9402"]],
    ["prometheus", "alertmanager", ["9093", "8080"]],
    ["prometheus", "grafana", ["3000"]],
    ["prometheus", "kube-state-metrics", ["8080"]],
    ["prometheus", "prometheus-operator", ["10250"]],
    ["prometheus", "outside", ["10250"]],
    ["grafana", "prometheus", ["9090"]],
    ["grafana", "alertmanager", ["9093"]],
    ["query-proxy", "prometheus", ["9090"]],
    ["gateway", "query-proxy", ["8080"]],
    // Controllers to the API server, and everyone to the cluster DNS.
    ...needsApiServer.map((name): [string, string, string[]] => [name, "outside", apiServer]),
    ...Object.entries(runningPods)
        .filter(([name, pod]: [string, RunningPod]) => name !== "coredns" && pod.runsWhen === undefined)
        .map(([name]): [string, string, string[]] => [name, "coredns", dns]),
];

// --- who reaches each pod, and what each pod reaches, per port ---
// Every pod in a namespace the platform owns has its row, strangers included; a
// port left out of a row is closed. The patient-data rows (imaging) come first.
type Table = Record<string, Record<string, string[]>>;

// Envoy's statistics port on every injected pod is Prometheus' alone.
const sidecarStats = { "15090": ["prometheus"] };
// Prometheus scrapes, and sends alerts to, every pod in monitoring on these ports.
const scrapedInMonitoring = { "3000": ["prometheus"], "8080": ["prometheus"], "9090": ["prometheus"], "9093": ["prometheus"], "10250": ["prometheus"] };
// The API server's address is unknown: 443 and 6443 to every address, which also
// reaches the gateway's public HTTPS port (the documented cost, see network-flows.ts).
const toApiServer = { "443": ["gateway", ...everyAddress], "6443": everyAddress };
const toDns = { "53": ["coredns"], "53/UDP": ["coredns"] };
const monitoringPods = [
    "admission-create-job",
    "admission-patch-job",
    "alertmanager",
    "grafana",
    "kube-state-metrics",
    "prometheus-operator",
    "query-proxy",
    "stranger in monitoring",
];
const certManagerPods = [
    "approver-policy",
    "cert-manager-cainjector",
    "cert-manager-controller",
    "cert-manager-startupapicheck",
    "cert-manager-webhook",
    "stranger in cert-manager",
];
// Every pod with 443 to every address (its namespace's flow to the API server).
const localApiClients = [
    "postgres-initdb-job",
    "postgres-primary",
    "cnpg-operator",
    "stranger in cnpg-system",
    "istiod",
    "istio-cni-node",
    "stranger in istio-cni",
    ...certManagerPods,
    "reloader",
    "stranger in reloader",
    "prometheus",
    ...monitoringPods,
];

const localCallers: Table = {
    // Patient data.
    orthanc: { "3903": ["prometheus"], "4242": ["gateway"], "8042": ["gateway", "prometheus"], ...sidecarStats },
    keycloak: { "8080": ["auth-service", "gateway"], ...sidecarStats },
    "auth-service": { "8000": ["orthanc"], ...sidecarStats },
    "postgres-primary": {
        "5432": ["keycloak", "orthanc", "postgres-initdb-job"],
        "8000": ["cnpg-operator", "postgres-initdb-job"],
        "9187": ["prometheus"],
        ...sidecarStats,
    },
    "postgres-initdb-job": {
        // The job carries cnpg.io/cluster like the instances, and listens on nothing.
        "5432": ["keycloak", "orthanc", "postgres-primary"],
        "8000": ["cnpg-operator", "postgres-primary"],
        "9187": ["prometheus"],
        ...sidecarStats,
    },
    "stranger in imaging": { ...sidecarStats },
    // The rest of the platform.
    "cnpg-operator": { "9443": everyAddress },
    "stranger in cnpg-system": {},
    istiod: {
        "15012": ["auth-service", "gateway", "keycloak", "orthanc", "postgres-initdb-job", "postgres-primary", "prometheus", "stranger in imaging"],
        "15014": ["prometheus"],
        "15017": everyAddress,
    },
    "stranger in istio-system": {},
    "istio-cni-node": {},
    "stranger in istio-cni": {},
    gateway: {
        "80": everyAddress,
        "443": [...localApiClients, ...everyAddress],
        "11112": everyAddress,
        "15021": everyAddress,
        ...sidecarStats,
    },
    "stranger in istio-ingress": {},
    "cert-manager-controller": { "9402": ["prometheus"] },
    // The webhook's port is also the kubelets' port, which Prometheus may reach on every address.
    "cert-manager-webhook": { "9402": ["prometheus"], "10250": ["prometheus", ...everyAddress] },
    "cert-manager-cainjector": { "9402": ["prometheus"] },
    "cert-manager-startupapicheck": { "9402": ["prometheus"] },
    // Its webhook shares the kubelets' port too.
    "approver-policy": { "9402": ["prometheus"], "10250": ["prometheus", ...everyAddress] },
    "stranger in cert-manager": { "9402": ["prometheus"] },
    reloader: {},
    "stranger in reloader": {},
    prometheus: { "9090": ["grafana", "query-proxy"] },
    alertmanager: { ...scrapedInMonitoring, "9093": ["grafana", "prometheus"] },
    grafana: scrapedInMonitoring,
    "kube-state-metrics": scrapedInMonitoring,
    "prometheus-operator": { ...scrapedInMonitoring, "10250": ["prometheus", ...everyAddress] },
    "admission-create-job": scrapedInMonitoring,
    "admission-patch-job": scrapedInMonitoring,
    "query-proxy": { ...scrapedInMonitoring, "8080": ["gateway", "prometheus"] },
    "stranger in monitoring": scrapedInMonitoring,
};

const localReaches: Table = {
    // Patient data.
    orthanc: { ...toDns, "5432": ["postgres-initdb-job", "postgres-primary"], "8000": ["auth-service"], "15012": ["istiod"] },
    keycloak: { ...toDns, "5432": ["postgres-initdb-job", "postgres-primary"], "15012": ["istiod"] },
    "auth-service": { ...toDns, "8080": ["keycloak"], "15012": ["istiod"] },
    "postgres-primary": { ...toDns, ...toApiServer, "5432": ["postgres-initdb-job"], "8000": ["postgres-initdb-job"], "15012": ["istiod"] },
    "postgres-initdb-job": { ...toDns, ...toApiServer, "5432": ["postgres-primary"], "8000": ["postgres-primary"], "15012": ["istiod"] },
    "stranger in imaging": { ...toDns, "15012": ["istiod"] },
    // The rest of the platform.
    "cnpg-operator": { ...toDns, ...toApiServer, "8000": ["postgres-initdb-job", "postgres-primary"] },
    "stranger in cnpg-system": { ...toDns, ...toApiServer },
    istiod: { ...toDns, ...toApiServer },
    "stranger in istio-system": toDns,
    "istio-cni-node": { ...toDns, ...toApiServer },
    "stranger in istio-cni": { ...toDns, ...toApiServer },
    gateway: { ...toDns, "4242": ["orthanc"], "8042": ["orthanc"], "8080": ["keycloak", "query-proxy"], "15012": ["istiod"] },
    "stranger in istio-ingress": toDns,
    ...Object.fromEntries(certManagerPods.map((name) => [name, { ...toDns, ...toApiServer }])),
    reloader: { ...toDns, ...toApiServer },
    "stranger in reloader": { ...toDns, ...toApiServer },
    prometheus: {
        ...toDns,
        ...toApiServer,
        "3000": monitoringPods,
        "3903": ["orthanc"],
        "8042": ["orthanc"],
        "8080": monitoringPods,
        "9090": monitoringPods,
        "9093": monitoringPods,
        "9187": ["postgres-initdb-job", "postgres-primary"],
        "9402": certManagerPods,
        // The kubelets on every address: also the cert-manager and approver-policy webhooks and the operator.
        "10250": [...monitoringPods, "approver-policy", "cert-manager-webhook", ...everyAddress],
        "15012": ["istiod"],
        "15014": ["istiod"],
        "15090": ["auth-service", "gateway", "keycloak", "orthanc", "postgres-initdb-job", "postgres-primary", "stranger in imaging"],
    },
    alertmanager: { ...toDns, ...toApiServer },
    grafana: { ...toDns, ...toApiServer, "9090": ["prometheus"], "9093": ["alertmanager"] },
    "kube-state-metrics": { ...toDns, ...toApiServer },
    "prometheus-operator": { ...toDns, ...toApiServer },
    "admission-create-job": { ...toDns, ...toApiServer },
    "admission-patch-job": { ...toDns, ...toApiServer },
    "query-proxy": { ...toDns, ...toApiServer, "9090": ["prometheus"] },
    "stranger in monitoring": { ...toDns, ...toApiServer },
};

// The local site with an S3-compatible store on port 9000, three PostgreSQL
// instances (a replica and its join job) and an alert webhook.
const objectStorePort = "9000";
const storeSiteIntended: [string, string, string[]][] = [
    ...localIntended,
    ["orthanc", "outside", [objectStorePort]],
    ["postgres-primary", "outside", [objectStorePort]],
    ["postgres-replica", "outside", [objectStorePort]],
    ["cnpg-operator", "barman-cloud-plugin", ["9090"]],
    ["barman-cloud-plugin", "outside", apiServer],
    ["barman-cloud-plugin", "coredns", dns],
    ["alertmanager", "outside", ["443"]],
    ["postgres-replica", "postgres-primary", ["5432", "8000"]],
    ["postgres-primary", "postgres-replica", ["8000"]],
    ["postgres-join-job", "postgres-primary", ["5432"]],
    ["cnpg-operator", "postgres-replica", ["8000"]],
    ["orthanc", "postgres-replica", ["5432"]],
    ["prometheus", "postgres-replica", ["9187", "15090"]],
    ["postgres-replica", "istiod", ["15012"]],
    ["postgres-join-job", "istiod", ["15012"]],
    ["postgres-replica", "outside", apiServer],
    ["postgres-join-job", "outside", apiServer],
    ["postgres-replica", "coredns", dns],
    ["postgres-join-job", "coredns", dns],
];
const instancesAndJobs = ["postgres-initdb-job", "postgres-join-job", "postgres-primary", "postgres-replica"];
const others = (name: string) => instancesAndJobs.filter((n) => n !== name);
const toObjectStore = { [objectStorePort]: everyAddress };
// The rows that differ from the local site's; every other row is the same.
const storeSiteCallers: Table = {
    ...localCallers,
    ...Object.fromEntries(
        instancesAndJobs.map((name) => [
            name,
            { "5432": ["keycloak", "orthanc", ...others(name)], "8000": ["cnpg-operator", ...others(name)], "9187": ["prometheus"], ...sidecarStats },
        ]),
    ),
    "barman-cloud-plugin": { "9090": ["cnpg-operator"] },
    istiod: { ...localCallers.istiod, "15012": ["auth-service", "gateway", "keycloak", "orthanc", ...instancesAndJobs, "prometheus", "stranger in imaging"] },
    gateway: {
        ...localCallers.gateway,
        "443": [...localApiClients, "barman-cloud-plugin", "postgres-join-job", "postgres-replica", ...everyAddress],
    },
};
const storeSiteReaches: Table = {
    ...localReaches,
    orthanc: { ...toDns, ...toObjectStore, "5432": instancesAndJobs, "8000": ["auth-service"], "15012": ["istiod"] },
    keycloak: { ...toDns, "5432": instancesAndJobs, "15012": ["istiod"] },
    ...Object.fromEntries(
        instancesAndJobs.map((name) => [
            name,
            { ...toDns, ...toApiServer, ...toObjectStore, "5432": others(name), "8000": others(name), "15012": ["istiod"] },
        ]),
    ),
    "cnpg-operator": { ...toDns, ...toApiServer, "8000": instancesAndJobs, "9090": ["barman-cloud-plugin"] },
    "barman-cloud-plugin": { ...toDns, ...toApiServer },
    prometheus: {
        ...localReaches.prometheus,
        "9187": instancesAndJobs,
        "15090": ["auth-service", "gateway", "keycloak", "orthanc", ...instancesAndJobs, "stranger in imaging"],
    },
};

// The aws stack (Pulumi.aws.yaml): an EKS site with its buckets (S3 on 443, any
// address), three PostgreSQL instances, no alert webhook, the gateway open to
// 10.0.0.0/8 only, and the API server and kubelets reached only in the VPC
// (10.42.0.0/16, the default of an EKS site's egress). Two addresses of its own:
// one in the VPC (the control plane's interfaces, the nodes, the load balancer's
// health checks) and a hospital client routed in over VPN; "outside" is the
// internet, S3 among it. Under the VPC CNI the pods' own addresses are in the VPC
// too; the pods here carry none (as on every site), so the VPC's range admitting
// pods on 443, 6443 and 10250 is not in these tables: README, "AWS sites", says so.
const awsAddresses: Party[] = [
    { name: "vpc address", endpoint: { ip: "10.42.0.10" } },
    { name: "hospital client", endpoint: { ip: "10.1.2.3" } },
];
const awsIntended: [string, string, string[]][] = [
    ...localIntended.filter(([from, to]) => from !== "outside" && to !== "outside"),
    ["hospital client", "gateway", ["80", "443", "11112"]],
    ["vpc address", "gateway", ["15021"]],
    ["vpc address", "istiod", ["15017"]],
    ["vpc address", "cert-manager-webhook", ["10250"]],
    ["vpc address", "approver-policy", ["10250"]],
    ["vpc address", "cnpg-operator", ["9443"]],
    ["vpc address", "prometheus-operator", ["10250"]],
    ["prometheus", "vpc address", ["10250"]],
    ...[...needsApiServer, "barman-cloud-plugin", "postgres-replica", "postgres-join-job"].map((name): [string, string, string[]] => [name, "vpc address", apiServer]),
    ["orthanc", "outside", ["443"]],
    ["postgres-primary", "outside", ["443"]],
    ["postgres-replica", "outside", ["443"]],
    ...storeSiteIntended.filter(([from, to]) => from !== "outside" && to !== "outside" && !localIntended.some(([f, t]) => f === from && t === to)),
];

// Every address, now that the site has two more (the API server's webhook calls
// and the load balancer's health checks come from the VPC).
const awsEveryAddress = [...everyAddress, "hospital client", "vpc address"];
// ingress.sourceRanges 10.0.0.0/8: the hospital's networks, the VPC among them.
const awsClients = ["hospital client", "vpc address"];
const awsToApiServer = { "443": ["vpc address"], "6443": ["vpc address"] };
// S3 has no fixed addresses: 443 anywhere, for Orthanc and the PostgreSQL pods.
const awsToObjectStore = { "443": awsEveryAddress };
// A row that reached the API server on every address reaches it in the VPC only (and
// so no longer reaches the gateway's HTTPS port, the local site's documented cost).
const apiServerInVpc = (row: Record<string, string[]>) => (row["6443"] ? { ...row, ...awsToApiServer } : row);
const awsCallers: Table = {
    ...storeSiteCallers,
    "cnpg-operator": { "9443": awsEveryAddress },
    istiod: { ...storeSiteCallers.istiod, "15017": awsEveryAddress },
    gateway: { ...storeSiteCallers.gateway, "80": awsClients, "443": awsClients, "11112": awsClients, "15021": awsEveryAddress },
    // Prometheus scrapes kubelets in the VPC only: the webhooks sharing their port are no longer in its reach.
    "cert-manager-webhook": { "9402": ["prometheus"], "10250": awsEveryAddress },
    "approver-policy": { "9402": ["prometheus"], "10250": awsEveryAddress },
    "prometheus-operator": { ...scrapedInMonitoring, "10250": ["prometheus", ...awsEveryAddress] },
};
const awsReaches: Table = {
    ...Object.fromEntries(Object.entries(storeSiteReaches).map(([name, row]) => [name, apiServerInVpc(row)])),
    orthanc: { ...toDns, ...awsToObjectStore, "5432": instancesAndJobs, "8000": ["auth-service"], "15012": ["istiod"] },
    ...Object.fromEntries(
        instancesAndJobs.map((name) => [
            name,
            { ...toDns, ...awsToApiServer, ...awsToObjectStore, "5432": others(name), "8000": others(name), "15012": ["istiod"] },
        ]),
    ),
    prometheus: { ...apiServerInVpc(storeSiteReaches.prometheus!), "10250": [...monitoringPods, "vpc address"] },
};

// The onprem-esx stack (Pulumi.onprem-esx.yaml): a vSphere site whose RKE2 nodes
// have static addresses, the hospital's MinIO on 9000 at 10.30.50.20 (its
// egress.objectStoreRanges), three PostgreSQL instances, no alert webhook, the
// gateway open to 10.0.0.0/8 only, the API server reached only at the virtual
// address and the control-plane nodes, and the kubelets only at the nodes (the
// defaults of a vsphere site with static addresses, /32 each). Four addresses of its
// own: a control-plane node (the API server's endpoint, its webhook calls, a
// kubelet), a worker (a kubelet), the object store, and a hospital client; all four
// are in the hospital's 10.0.0.0/8 and so may reach the gateway. "outside" is the
// internet: no pod reaches it, and it reaches only what every site leaves open to
// every address (the webhooks' ports and the gateway's health-check port).
const onpremAddresses: Party[] = [
    { name: "control-plane node", endpoint: { ip: "10.30.40.11" } },
    { name: "worker node", endpoint: { ip: "10.30.40.21" } },
    { name: "object store", endpoint: { ip: "10.30.50.20" } },
    { name: "hospital client", endpoint: { ip: "10.1.2.3" } },
];
// The proxmox stack (Pulumi.proxmox.yaml) is the same site on Proxmox: static node
// addresses, MinIO on 9000 at 10.40.50.20, three PostgreSQL instances, no webhook,
// the gateway open to 10.0.0.0/8; the same parties at its own addresses, so the
// same tables.
const proxmoxAddresses: Party[] = [
    { name: "control-plane node", endpoint: { ip: "10.40.40.11" } },
    { name: "worker node", endpoint: { ip: "10.40.40.21" } },
    { name: "object store", endpoint: { ip: "10.40.50.20" } },
    { name: "hospital client", endpoint: { ip: "10.1.2.3" } },
];
const onpremIntended: [string, string, string[]][] = [
    ...localIntended.filter(([from, to]) => from !== "outside" && to !== "outside"),
    ["hospital client", "gateway", ["80", "443", "11112"]],
    ["worker node", "gateway", ["15021"]],
    ["control-plane node", "istiod", ["15017"]],
    ["control-plane node", "cert-manager-webhook", ["10250"]],
    ["control-plane node", "approver-policy", ["10250"]],
    ["control-plane node", "cnpg-operator", ["9443"]],
    ["control-plane node", "prometheus-operator", ["10250"]],
    ["prometheus", "control-plane node", ["10250"]],
    ["prometheus", "worker node", ["10250"]],
    ...[...needsApiServer, "barman-cloud-plugin", "postgres-replica", "postgres-join-job"].map((name): [string, string, string[]] => [name, "control-plane node", apiServer]),
    ["orthanc", "object store", [objectStorePort]],
    ["postgres-primary", "object store", [objectStorePort]],
    ["postgres-replica", "object store", [objectStorePort]],
    ...storeSiteIntended.filter(([from, to]) => from !== "outside" && to !== "outside" && !localIntended.some(([f, t]) => f === from && t === to)),
];
const onpremEveryAddress = [...everyAddress, "control-plane node", "worker node", "object store", "hospital client"];
// ingress.sourceRanges 10.0.0.0/8: the hospital's networks, the site's own addresses among them.
const onpremClients = ["control-plane node", "worker node", "object store", "hospital client"];
const onpremToApiServer = { "443": ["control-plane node"], "6443": ["control-plane node"] };
const onpremToObjectStore = { [objectStorePort]: ["object store"] };
const apiServerAtNodes = (row: Record<string, string[]>) => (row["6443"] ? { ...row, ...onpremToApiServer } : row);
const onpremCallers: Table = {
    ...storeSiteCallers,
    "cnpg-operator": { "9443": onpremEveryAddress },
    istiod: { ...storeSiteCallers.istiod, "15017": onpremEveryAddress },
    gateway: { ...storeSiteCallers.gateway, "80": onpremClients, "443": onpremClients, "11112": onpremClients, "15021": onpremEveryAddress },
    // Prometheus scrapes kubelets at the nodes only: the webhooks sharing their port are no longer in its reach.
    "cert-manager-webhook": { "9402": ["prometheus"], "10250": onpremEveryAddress },
    "approver-policy": { "9402": ["prometheus"], "10250": onpremEveryAddress },
    "prometheus-operator": { ...scrapedInMonitoring, "10250": ["prometheus", ...onpremEveryAddress] },
};
const onpremReaches: Table = {
    ...Object.fromEntries(Object.entries(storeSiteReaches).map(([name, row]) => [name, apiServerAtNodes(row)])),
    orthanc: { ...toDns, ...onpremToObjectStore, "5432": instancesAndJobs, "8000": ["auth-service"], "15012": ["istiod"] },
    ...Object.fromEntries(
        instancesAndJobs.map((name) => [
            name,
            { ...toDns, ...onpremToApiServer, ...onpremToObjectStore, "5432": others(name), "8000": others(name), "15012": ["istiod"] },
        ]),
    ),
    prometheus: { ...apiServerAtNodes(storeSiteReaches.prometheus!), "10250": [...monitoringPods, "control-plane node", "worker node"] },
};

const withPolicies = (base: Record<string, string[]>, extra: Record<string, string[]>) =>
    Object.fromEntries(Object.entries(base).map(([ns, names]) => [ns, [...names, ...(extra[ns] ?? [])].sort()]));

// The AKS site (Pulumi.azure.yaml): an Azure storage account on 443 reached by
// Orthanc and the backups, three PostgreSQL instances, no alert webhook, and the
// kubelets only in its node subnet (10.42.0.0/22, egress.nodeCidrs defaults to
// it). A node is an address like "outside" to every rule open to every address;
// only Prometheus' scrape of the kubelets tells the two apart. Its gateway admits
// only the hospital's networks (ingress.sourceRanges 10.0.0.0/8, which holds the
// node subnet too): "outside" (203.0.113.7) and the pods no longer reach it on
// 80, 443 and 11112, and the node stands for a hospital client.
const aksNode = "10.42.0.4";
const withNode = (t: Table): Table =>
    Object.fromEntries(
        Object.entries(t).map(([pod, row]) => [pod, Object.fromEntries(Object.entries(row).map(([port, names]) => [port, names.includes("outside") ? [...names, "node"] : names]))]),
    );
const toAzureStore = { "443": everyAddress };
const aksIntended: [string, string, string[]][] = [
    ...storeSiteIntended.filter(([from, to, ports]) => ports[0] !== objectStorePort && !(from === "alertmanager" && to === "outside") && !(from === "prometheus" && to === "outside") && !(from === "outside" && to === "gateway")),
    ["orthanc", "outside", ["443"]],
    ["postgres-primary", "outside", ["443"]],
    ["postgres-replica", "outside", ["443"]],
    ["prometheus", "node", ["10250"]],
    ["node", "gateway", ["80", "443", "11112"]],
    ["outside", "gateway", ["15021"]],
];
// Pods reached the gateway's 443 only through their every-address egress.
const withoutGateway = (t: Table): Table =>
    Object.fromEntries(Object.entries(t).map(([pod, row]) => [pod, Object.fromEntries(Object.entries(row).map(([port, names]) => [port, port === "443" ? names.filter((n) => n !== "gateway") : names]))]));
const aksCallers: Table = withNode(storeSiteCallers);
aksCallers.gateway = { ...aksCallers.gateway, "80": ["node"], "443": ["node"], "11112": ["node"] };
const aksReaches: Table = withoutGateway(withNode({
    ...storeSiteReaches,
    orthanc: { ...toDns, ...toAzureStore, "5432": instancesAndJobs, "8000": ["auth-service"], "15012": ["istiod"] },
    ...Object.fromEntries(
        instancesAndJobs.map((name) => [name, { ...toDns, ...toApiServer, "5432": others(name), "8000": others(name), "15012": ["istiod"] }]),
    ),
}));
// The webhooks' 10250 was reached only through the every-address kubelet rule.
aksReaches.prometheus = { ...aksReaches.prometheus, "10250": [...monitoringPods, "node"] };
for (const webhook of ["cert-manager-webhook", "approver-policy"]) {
    aksCallers[webhook] = { ...aksCallers[webhook], "10250": aksCallers[webhook]["10250"].filter((n) => n !== "prometheus") };
}

// By committed stack name. A new stack file needs its entry here.
const committedExpectations: Record<string, Expectations> = {
    local: {
        site: { objectStore: false, severalInstances: false },
        policies: localPolicies,
        intended: localIntended,
        callers: localCallers,
        reaches: localReaches,
    },
    azure: {
        site: { objectStore: true, severalInstances: true, nodeAddress: aksNode },
        policies: withPolicies(localPolicies, {
            imaging: ["orthanc-to-object-store-egress", "postgres-to-object-store-egress"],
            "cnpg-system": ["operator-to-barman-cloud-plugin-egress", "operator-to-barman-cloud-plugin-ingress"],
        }),
        intended: aksIntended,
        callers: aksCallers,
        reaches: aksReaches,
    },
    aws: {
        site: { objectStore: true, severalInstances: true },
        policies: withPolicies(localPolicies, {
            imaging: ["orthanc-to-object-store-egress", "postgres-to-object-store-egress"],
            "cnpg-system": ["operator-to-barman-cloud-plugin-egress", "operator-to-barman-cloud-plugin-ingress"],
        }),
        intended: awsIntended,
        callers: awsCallers,
        reaches: awsReaches,
        addresses: awsAddresses,
    },
    "onprem-esx": {
        site: { objectStore: true, severalInstances: true },
        policies: withPolicies(localPolicies, {
            imaging: ["orthanc-to-object-store-egress", "postgres-to-object-store-egress"],
            "cnpg-system": ["operator-to-barman-cloud-plugin-egress", "operator-to-barman-cloud-plugin-ingress"],
        }),
        intended: onpremIntended,
        callers: onpremCallers,
        reaches: onpremReaches,
        addresses: onpremAddresses,
    },
    proxmox: {
        site: { objectStore: true, severalInstances: true },
        policies: withPolicies(localPolicies, {
            imaging: ["orthanc-to-object-store-egress", "postgres-to-object-store-egress"],
            "cnpg-system": ["operator-to-barman-cloud-plugin-egress", "operator-to-barman-cloud-plugin-ingress"],
        }),
        intended: onpremIntended,
        callers: onpremCallers,
        reaches: onpremReaches,
        addresses: proxmoxAddresses,
    },
};

interface SiteCase {
    title: string;
    plan: () => Promise<Plan>;
    expected: Expectations | undefined;
}
const siteCases: SiteCase[] = [
    ...committedStacks().map((stack) => ({
        title: `the committed stack ${stack}`,
        plan: () => planStack(stack),
        expected: committedExpectations[stack],
    })),
    {
        title: "the local site with an S3 object store, three PostgreSQL instances and an alert webhook",
        plan: () => {
            const local = localSiteWith({}) as Json;
            return planSite(
                localSiteWith({
                    objectStore: {
                        type: "s3",
                        bucket: "pacs-archive",
                        region: "us-east-1",
                        endpoint: `https://minio.hospital.example:${objectStorePort}`,
                        accessKeyId: "orthanc",
                        backupAccessKeyId: "backups",
                    },
                    postgres: { ...local.postgres, instances: 3 },
                }),
                { objectStoreSecretAccessKey: "not-a-real-key", objectStoreBackupSecretAccessKey: "not-a-real-key-either", alertWebhookUrl: "https://alerts.hospital.example/hook" },
            );
        },
        expected: {
            site: { objectStore: true, severalInstances: true },
            policies: withPolicies(localPolicies, {
                imaging: ["orthanc-to-object-store-egress", "postgres-to-object-store-egress"],
                "cnpg-system": ["operator-to-barman-cloud-plugin-egress", "operator-to-barman-cloud-plugin-ingress"],
                monitoring: ["alertmanager-to-webhook-egress"],
            }),
            intended: storeSiteIntended,
            callers: storeSiteCallers,
            reaches: storeSiteReaches,
        },
    },
];

// ---------------------------------------------------------------------------
// Reading a plan.
// ---------------------------------------------------------------------------
function policiesOf(plan: Plan): NetworkPolicyObject[] {
    return resourcesOfType(plan, networkPolicyType).map((r) => r.inputs as unknown as NetworkPolicyObject);
}

function policyNames(policies: NetworkPolicyObject[]): Record<string, string[]> {
    const byNamespace: Record<string, string[]> = {};
    for (const p of policies) {
        (byNamespace[p.metadata.namespace] ??= []).push(p.metadata.name);
    }
    return Object.fromEntries(Object.entries(byNamespace).map(([ns, names]) => [ns, names.sort()]));
}

// Every port a policy names, and those no flow opens.
function portsOf(policies: PolicyLike[]): string[] {
    const keys = new Set(portsNoFlowOpens);
    for (const p of policies) {
        for (const rule of [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])]) {
            for (const { port, protocol } of rule.ports ?? []) {
                keys.add(portKey(Number(port), protocol ?? "TCP"));
            }
        }
    }
    return [...keys].sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b));
}

// For each party in the given namespaces: port -> the other parties that may
// connect to it (direction "in") or that it may connect to ("out"). Empty ports are left out.
function table(policies: PolicyLike[], present: Party[], direction: "in" | "out", namespaces: string[]): Table {
    const ports = portsOf(policies);
    const result: Table = {};
    for (const subject of present.filter((p) => namespaces.includes(namespaceOf(p) ?? ""))) {
        const row: Record<string, string[]> = {};
        for (const key of ports) {
            const { port, protocol } = parsePort(key);
            const names = present
                .filter((other) => other !== subject)
                .filter((other) =>
                    direction === "in"
                        ? allows(policies, other.endpoint, subject.endpoint, port, protocol)
                        : allows(policies, subject.endpoint, other.endpoint, port, protocol),
                )
                .map((other) => other.name)
                .sort();
            if (names.length) {
                row[key] = names;
            }
        }
        result[subject.name] = row;
    }
    return result;
}

// The rows of an expected table for the parties present in the given namespaces, sorted.
const rowsIn = (t: Table, present: Party[], namespaces: string[]): Table =>
    Object.fromEntries(
        present
            .filter((p) => namespaces.includes(namespaceOf(p) ?? ""))
            .map((p) => [p.name, Object.fromEntries(Object.entries(t[p.name] ?? { missing: [] }).map(([k, v]) => [k, [...v].sort()]))]),
    );
const otherOwnedNamespaces = ownedNamespaces.filter((ns) => !patientDataNamespaces.includes(ns));

// ---------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------
describe("network reachability: the oracle on a hand-written policy set", () => {
    // Namespace "db" isolates everything; "app" lets its web pods out to the database only.
    const policies: PolicyLike[] = [
        { metadata: { name: "deny", namespace: "db" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
        {
            metadata: { name: "web-in", namespace: "db" },
            spec: {
                podSelector: { matchLabels: { role: "db" } },
                policyTypes: ["Ingress"],
                ingress: [
                    {
                        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "app" } }, podSelector: { matchLabels: { tier: "web" } } }],
                        ports: [{ port: 5432, protocol: "TCP" }],
                    },
                    { from: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.9.0.0/16"] } }], ports: [{ port: 9187 }] },
                ],
            },
        },
        {
            metadata: { name: "web-out", namespace: "app" },
            // No policyTypes: it governs egress because it has egress rules.
            spec: {
                podSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["web"] }] },
                egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { role: "db" } } }], ports: [{ port: 5432 }] }],
            },
        },
    ];
    const db = { namespace: "db", labels: { role: "db" } };
    const web = { namespace: "app", labels: { tier: "web" } };
    const worker = { namespace: "app", labels: { tier: "worker" } };
    const webInDb = { namespace: "db", labels: { tier: "web" } };

    it("answers known cases both ways", () => {
        assert.equal(allows(policies, web, db, 5432), true);
        assert.equal(allows(policies, web, db, 5433), false, "a port no rule names");
        assert.equal(allows(policies, web, db, 5432, "UDP"), false, "another protocol");
        assert.equal(allows(policies, worker, db, 5432), false, "the ingress side refuses a pod it does not select");
        assert.equal(allows(policies, webInDb, db, 5432), false, "same labels, wrong namespace; and db's egress is denied");
        assert.equal(allows(policies, web, worker, 80), false, "web's egress names only the database");
        assert.equal(allows(policies, worker, web, 80), false, "without policyTypes, web-out isolates web's ingress too");
        assert.equal(allows(policies, worker, { namespace: "app", labels: {} }, 80), true, "no policy selects either pod");
        assert.equal(allows(policies, { ip: "10.1.2.3" }, db, 9187), true);
        assert.equal(allows(policies, { ip: "10.9.2.3" }, db, 9187), false, "an excepted block");
        assert.equal(allows(policies, { ip: "192.168.1.1" }, db, 9187), false);
        assert.equal(allows(policies, db, { ip: "192.168.1.1" }, 443), false, "default deny on egress");
    });

    it("refuses named ports, which it cannot resolve", () => {
        const named: PolicyLike[] = [
            { metadata: { name: "named", namespace: "db" }, spec: { podSelector: {}, ingress: [{ ports: [{ port: "postgres" }] }] } },
        ];
        assert.throws(() => allows(named, web, db, 5432), /named port postgres/);
    });
});

for (const siteCase of siteCases) {
    describe(`network reachability: ${siteCase.title}`, () => {
        let plan: Plan;
        let policies: NetworkPolicyObject[];
        let present: Party[];
        const expected = siteCase.expected;
        // The site's own node, when its policies tell nodes from other addresses.
        const sitePartyNamed = (name: string): Party =>
            name === "node" && expected?.site.nodeAddress !== undefined ? { name, endpoint: { ip: expected.site.nodeAddress } } : party(name);
        before(async function () {
            if (!expected) {
                return;
            }
            plan = await siteCase.plan();
            policies = policiesOf(plan);
            present = [...parties.filter(runs(expected.site)), ...(expected.site.nodeAddress !== undefined ? [sitePartyNamed("node")] : []), ...(expected.addresses ?? [])];
        });

        it("has its expectations written down in this file", () => {
            assert.ok(expected, `${siteCase.title}: add its entry to committedExpectations`);
        });
        if (!expected) {
            return;
        }

        it("declares exactly these NetworkPolicies, per namespace", () => {
            assert.deepEqual(policyNames(policies), expected.policies);
        });

        it("denies everything by default in every namespace it owns", () => {
            assert.deepEqual(Object.keys(policyNames(policies)).sort(), ownedNamespaces);
            for (const ns of ownedNamespaces) {
                const deny = policies.find((p) => p.metadata.namespace === ns && p.metadata.name === "default-deny");
                assert.ok(deny, `no default-deny in ${ns}`);
                assert.deepEqual(deny.spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
            }
            for (const namespace of resourcesOfType(plan, types.namespace)) {
                assert.ok(ownedNamespaces.includes((namespace.inputs as Json).metadata.name), (namespace.inputs as Json).metadata.name);
            }
        });

        it("says why on every policy, names its flow, and parents each to the component on the explicit provider", () => {
            const component = plan.resources.find((r) => r.type === "imaging:security:NetworkPolicies");
            assert.ok(component);
            for (const r of resourcesOfType(plan, networkPolicyType)) {
                const inputs = r.inputs as Json;
                assert.equal(r.parent, component.urn, r.name);
                assert.ok(r.provider?.startsWith("urn:pulumi:") && r.provider.includes("pulumi:providers:kubernetes"), r.name);
                assert.ok(inputs.metadata.annotations[whyAnnotation].length > 10, `${r.name} says why`);
                const flow = inputs.metadata.labels[flowLabel];
                assert.ok(
                    inputs.metadata.name === "default-deny" || inputs.metadata.name === `${flow}-ingress` || inputs.metadata.name === `${flow}-egress`,
                    `${r.name} is named for its flow`,
                );
            }
        });

        it("validates every policy against the Kubernetes schema", async () => {
            for (const policy of policies) {
                await validateObject(policy);
            }
        });

        it("allows every connection the platform needs", () => {
            const refused: string[] = [];
            for (const [from, to, ports] of expected.intended) {
                for (const key of ports) {
                    const { port, protocol } = parsePort(key);
                    const find = (name: string) => expected.addresses?.find((p) => p.name === name) ?? sitePartyNamed(name);
                    if (!allows(policies, find(from).endpoint, find(to).endpoint, port, protocol)) {
                        refused.push(`${from} -> ${to} ${key}`);
                    }
                }
            }
            assert.deepEqual(refused, []);
        });

        it("lets exactly these callers reach each pod in the patient-data namespaces, per port", () => {
            assert.deepEqual(table(policies, present, "in", patientDataNamespaces), rowsIn(expected.callers, present, patientDataNamespaces));
        });

        it("lets each pod in the patient-data namespaces reach exactly these, per port", () => {
            assert.deepEqual(table(policies, present, "out", patientDataNamespaces), rowsIn(expected.reaches, present, patientDataNamespaces));
        });

        it("lets exactly these callers reach every other pod of the platform, per port", () => {
            assert.deepEqual(table(policies, present, "in", otherOwnedNamespaces), rowsIn(expected.callers, present, otherOwnedNamespaces));
        });

        it("lets every other pod of the platform reach exactly these, per port", () => {
            assert.deepEqual(table(policies, present, "out", otherOwnedNamespaces), rowsIn(expected.reaches, present, otherOwnedNamespaces));
        });

        it("opens each imaging workload to exactly the pods its Istio AuthorizationPolicy admits, per port", () => {
            assert.deepEqual(disagreements(plan, policies, present), []);
        });
    });
}

describe("network reachability: the pods written out are the pods the plan runs", () => {
    let plan: Plan;
    before(async () => {
        plan = await planStack("local");
    });

    const carries = (pod: RunningPod, labels: Record<string, string>, what: string) => {
        for (const [key, value] of Object.entries(labels)) {
            assert.equal(pod.labels[key], value, `${what}: label ${key}`);
        }
    };

    it("gives Orthanc and the query proxy the labels of their Deployments' pod templates", () => {
        const template = (name: string) => (resource(plan, types.deployment, name).inputs as Json).spec.template.metadata.labels;
        carries(runningPods.orthanc, template("orthanc"), "orthanc");
        carries(runningPods["query-proxy"], template("prometheus-query"), "query proxy");
        assert.equal(runningPods.orthanc.namespace, (resource(plan, types.deployment, "orthanc").inputs as Json).metadata.namespace);
    });

    it("gives the PostgreSQL pods the Cluster's name and inherited labels, in the Cluster's namespace", () => {
        const cluster = resource(plan, types.cnpgCluster, "orthanc-db").inputs as Json;
        for (const name of instancesAndJobs) {
            const pod: RunningPod = runningPods[name as keyof typeof runningPods];
            assert.equal(pod.namespace, cluster.metadata.namespace, name);
            assert.equal(pod.labels["cnpg.io/cluster"], cluster.metadata.name, name);
            carries(pod, cluster.spec.inheritedMetadata.labels, name);
            assert.equal(pod.meshIdentity, cluster.metadata.name, `${name}: the Cluster's service account`);
        }
    });

    it("holds patient data only in the namespaces the tables above cover", () => {
        assert.ok(patientDataNamespaces.includes((resource(plan, types.deployment, "orthanc").inputs as Json).metadata.namespace));
        assert.ok(patientDataNamespaces.includes((resource(plan, types.cnpgCluster, "orthanc-db").inputs as Json).metadata.namespace));
    });

    it("was read at the chart versions the plan installs", () => {
        // A bump fails here until the labels in running-pods.ts are re-read at the new version.
        const releases = Object.fromEntries(
            resourcesOfType(plan, types.release).map((r) => [(r.inputs as Json).name, r.inputs as Json]),
        );
        const chartLabel = (release: string) => `${releases[release].chart}-${releases[release].version}`;
        assert.equal(runningPods.istiod.labels["helm.sh/chart"], chartLabel("istiod"));
        assert.equal(runningPods["istio-cni-node"].labels["helm.sh/chart"], chartLabel("istio-cni"));
        assert.equal(runningPods.gateway.labels["helm.sh/chart"], chartLabel("imaging-gateway"));
        assert.equal(runningPods["cert-manager-controller"].labels["helm.sh/chart"], chartLabel("cert-manager"));
        assert.equal(runningPods["approver-policy"].labels["helm.sh/chart"], chartLabel("cert-manager-approver-policy"));
        assert.equal(runningPods.reloader.labels["helm.sh/chart"], chartLabel("reloader"));
        assert.equal(runningPods["prometheus-operator"].labels.chart, chartLabel("kube-prometheus-stack"));
        assert.equal(releases["cloudnative-pg"].version, "0.29.0", "cnpg-operator and the instance labels were read for chart 0.29.0 (operator 1.30.0)");
        for (const [release, instance] of [
            ["istiod", runningPods.istiod],
            ["istio-cni", runningPods["istio-cni-node"]],
            ["imaging-gateway", runningPods.gateway],
            ["cert-manager", runningPods["cert-manager-controller"]],
            ["cert-manager-approver-policy", runningPods["approver-policy"]],
            ["reloader", runningPods.reloader],
            ["cloudnative-pg", runningPods["cnpg-operator"]],
            ["kube-prometheus-stack", runningPods.grafana],
        ] as const) {
            assert.equal(instance.labels["app.kubernetes.io/instance"], release, `${release}: pods carry the release name`);
            assert.equal(releases[release].namespace, instance.namespace, `${release}: namespace`);
        }
        const stack = releases["kube-prometheus-stack"].values;
        assert.equal(stack.fullnameOverride, "kps", "Prometheus and Alertmanager are named kps-*");
        assert.equal(stack.prometheus.prometheusSpec.podMetadata.labels["sidecar.istio.io/inject"], "true");
        assert.equal(stack.nodeExporter.enabled, false, "node-exporter (host network) is left out; see hostNetworkPods");
        assert.ok(hostNetworkPods["node-exporter"]);
    });
});

describe("network policies: the builder refuses flows it cannot honour", () => {
    const flow = (changes: Partial<Flow>): Flow => ({
        name: "a-to-b",
        from: { namespace: "imaging", pods: {} },
        to: { namespace: "imaging", pods: {} },
        ports: [1],
        why: "testing",
        ...changes,
    });
    const refuses = (flows: Flow[], message: RegExp) => assert.throws(() => networkPolicies(["imaging"], flows), message);

    it("names the flow or namespace in every refusal", () => {
        assert.throws(() => networkPolicies(["imaging", "imaging"], []), /namespace imaging is listed twice/);
        refuses([flow({}), flow({})], /a-to-b: the name is already taken/);
        refuses([flow({ ports: [] })], /a-to-b: list its ports/);
        refuses([flow({ ports: [70000] })], /70000 is not a port/);
        refuses([flow({ name: "Not_A_Label" })], /DNS label/);
        refuses([flow({ why: " " })], /say why/);
        refuses([flow({ from: { namespace: "default", pods: {} }, to: { namespace: "other", pods: {} } })], /neither end/);
    });
});

// ---------------------------------------------------------------------------
// Agreement with Istio: for every pod in imaging and every port (but Envoy's own),
// the parties the NetworkPolicies let through must be the parties the Istio
// authorization admits, with both sides' selectors evaluated on the running pods.
// Where Istio admits any caller (plain-text ports for callers outside the mesh),
// the network is what narrows them, and must admit someone.
// ---------------------------------------------------------------------------

// Ports Envoy serves itself, outside mutual TLS and AuthorizationPolicies
// (statistics, merged metrics, health): NetworkPolicies alone govern them.
const envoyOwnPorts = new Set(["15020", "15021", "15090"]);

function selects(selector: Json | undefined, labels: Record<string, string>): boolean {
    return Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

// Who Istio lets reach `to` on `port`: the parties whose identity a rule names, or
// "any" where a rule names no callers; then plain text (callers without a
// workload certificate) gets through only if a PeerAuthentication makes the port
// PERMISSIVE, as the mesh is STRICT.
type IstioAnswer = { callers: string[] } | { any: true; plainText: boolean };

function istioAdmits(plan: Plan, to: Party, port: string, present: Party[]): IstioAnswer {
    if (!("namespace" in to.endpoint)) {
        throw new Error("only pods");
    }
    const { namespace, labels } = to.endpoint;
    const applicable = resourcesOfType(plan, authorizationPolicyType)
        .map((r) => r.inputs as Json)
        .filter((a) => a.metadata.namespace === namespace && (a.spec.selector === undefined || selects(a.spec.selector, labels)));
    assert.ok(applicable.every((a) => (a.spec.action ?? "ALLOW") === "ALLOW"), "only ALLOW policies are modelled");
    const plainText = resourcesOfType(plan, peerAuthenticationType)
        .map((r) => r.inputs as Json)
        .some((pa) => pa.metadata.namespace === namespace && selects(pa.spec.selector, labels) && pa.spec.portLevelMtls?.[port]?.mode === "PERMISSIVE");
    if (applicable.length === 0) {
        return { any: true, plainText };
    }
    const admitted = new Set<string>();
    for (const rule of applicable.flatMap((a) => (a.spec.rules ?? []) as Json[])) {
        const operations: Json[] = (rule.to ?? []).map((t: Json) => t.operation ?? {});
        const matchesPort = operations.length === 0 || operations.some((o) => o.ports === undefined || o.ports.includes(port));
        if (!matchesPort) {
            continue;
        }
        const principals: string[] | undefined = rule.from?.flatMap((f: Json) => f.source.principals ?? []);
        if (!principals) {
            return { any: true, plainText };
        }
        for (const caller of present) {
            if (caller !== to && caller.meshIdentity && principals.includes(`cluster.local/ns/${namespaceOf(caller)}/sa/${caller.meshIdentity}`)) {
                admitted.add(caller.name);
            }
        }
    }
    return { callers: [...admitted].sort() };
}

function disagreements(plan: Plan, policies: PolicyLike[], present: Party[]): string[] {
    const found: string[] = [];
    const istioPorts = resourcesOfType(plan, authorizationPolicyType)
        .map((r) => r.inputs as Json)
        .flatMap((a) => ((a.spec.rules ?? []) as Json[]).flatMap((rule) => (rule.to ?? []).flatMap((t: Json) => t.operation.ports ?? [])));
    const ports = [...new Set([...portsOf(policies), ...istioPorts])].filter((key) => !key.includes("/") && !envoyOwnPorts.has(key));
    for (const to of present.filter((p) => namespaceOf(p) === "imaging")) {
        for (const port of ports) {
            const byNetwork = present
                .filter((from) => from !== to && allows(policies, from.endpoint, to.endpoint, Number(port)))
                .map((from) => from.name)
                .sort();
            const byIstio = istioAdmits(plan, to, port, present);
            const problem =
                "callers" in byIstio
                    ? JSON.stringify(byNetwork) === JSON.stringify(byIstio.callers)
                        ? undefined
                        : `Istio admits [${byIstio.callers.join(", ")}]`
                    : byNetwork.length === 0
                      ? "Istio admits any caller, the network none"
                      : !byIstio.plainText && byNetwork.some((name) => !party(name).meshIdentity)
                        ? "Istio admits only callers with a workload certificate (the port is STRICT)"
                        : undefined;
            if (problem) {
                found.push(`${to.name} ${port}: network admits [${byNetwork.join(", ")}], ${problem}`);
            }
        }
    }
    return found;
}
