// THE table of network flows of the platform: every connection a component needs,
// with the reason. Everything else is denied (components/security/network-policies.ts
// turns each flow into an egress policy where it leaves and an ingress policy where
// it arrives). Selectors and ports of our own workloads come from their components;
// those of third-party charts are the charts' own labels, written here once.
//
// Read with these facts in mind:
// - NetworkPolicies see pod IPs and container ports, after Service translation:
//   istiod's webhook Service listens on 443 but the policy sees 15017, the API
//   server's Service is 443 but its endpoints listen on 6443 (kubeadm, kind, k3s)
//   or 443 (EKS, AKS).
// - Istio sidecars do not change what a policy sees: Envoy redirects inside the pod,
//   and connects to the same pod IP and port the application asked for.
// - Traffic from a pod's own node (kubelet probes, port-forward) is always allowed,
//   and pods on the host network are not governed by NetworkPolicies at all.
// - The API server (as the source of webhook calls and as a destination), the
//   internet and the site's object store have addresses the program cannot know:
//   those peers are every address (0.0.0.0/0, ::/0), narrowed to specific ports.
import { approverPolicyPods, approverPolicyWebhookPort } from "../components/certificates/approval";
import { queryProxyListenPort } from "../components/monitoring/query-proxy";
import { anyAddress, type AddressPeer, type Flow, type Labels, type PodPeer } from "../components/security/network-policies";

// The same keys as platformNamespaces in stacks/platform.ts.
export interface PlatformNamespaces {
    imaging: string;
    postgresOperator: string;
    certManager: string;
    reloader: string;
    istio: string;
    istioCni: string;
    ingress: string;
    // Its flows are a separate entry: see monitoringFlows below.
    monitoring?: string;
}

export interface PlatformFlowsInput {
    namespaces: PlatformNamespaces;
    // auditMetricsPort: the audit-metrics sidecar in Orthanc's pods.
    orthanc: { pods: Labels; httpPort: number; dicomPort: number; auditMetricsPort: number };
    // CloudNativePG instance pods (and their bootstrap and join jobs, which carry the same label).
    postgres: { pods: Labels; port: number; statusPort: number; metricsPort: number };
    // clientCidrs: the networks that may reach it (ingress.sourceRanges); absent: any address.
    gateway: { pods: Labels; dicomPort: number; clientCidrs?: readonly string[] };
    // The site's object store, when it has one (S3 endpoint or Azure Blob).
    objectStore?: { type: string; endpoint?: string };
    // Where workloads may connect outside the cluster; absent: any address on the port.
    egress?: {
        apiServerCidrs?: readonly string[];
        nodeCidrs?: readonly string[];
        objectStoreCidrs?: readonly string[];
    };
    // The web certificate comes from an issuer the site runs (ACME, Vault, ...), which cert-manager must reach.
    externalIssuer?: boolean;
    // The ports the API server answers on, as pods reach it (the site contract's).
    apiServerPorts: readonly number[];
    // Single sign-on: the auth service Orthanc asks, the platform's Keycloak when
    // the site runs one (upstreamPorts: its directory's or identity provider's,
    // outside the cluster), or the port of the hospital's own Keycloak.
    identity: {
        authService: { pods: Labels; port: number };
        keycloak?: { pods: Labels; port: number; upstreamPorts: number[] };
        hospitalRealmPort?: number;
    };
}

// The API server as a caller of webhooks. Where its calls come from depends on the
// distribution (a node, a managed control plane, a konnectivity agent): any
// address, and the webhook's port is what narrows these flows.
export const kubernetesApi: AddressPeer = {
    cidrs: anyAddress,
    what: "the Kubernetes API server",
};

// The API server as workloads reach it: the site's ranges (egress.apiServerRanges),
// else any address on its ports.
export function apiServerDestination(input: Pick<PlatformFlowsInput, "egress">): AddressPeer {
    return { cidrs: input.egress?.apiServerCidrs ?? anyAddress, what: "the Kubernetes API server" };
}

// Ports and labels of the third-party charts (istiod, gateway, cert-manager, CloudNativePG).
export const istiodPods: Labels = { app: "istiod" };
export const istiodPorts = { xds: 15012, monitoring: 15014, webhook: 15017 } as const;
export const gatewayPorts = { http: 80, https: 443, status: 15021 } as const;
export const envoyStatsPort = 15090;
export const certManagerWebhookPods: Labels = { "app.kubernetes.io/component": "webhook" };
export const certManagerControllerPods: Labels = { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/component": "controller" };
export const certManagerPorts = { webhook: 10250, metrics: 9402 } as const;
export const cnpgOperatorPods: Labels = { "app.kubernetes.io/name": "cloudnative-pg" };
export const cnpgWebhookPort = 9443;
export const barmanCloudPluginPods: Labels = { "app.kubernetes.io/name": "plugin-barman-cloud" };
export const barmanCloudPluginPort = 9090;

// The port an HTTPS object store listens on: the endpoint's own, or 443.
export function objectStorePort(endpoint?: string): number {
    return endpoint && new URL(endpoint).port ? Number(new URL(endpoint).port) : 443;
}

export function platformFlows(input: PlatformFlowsInput): Flow[] {
    const ns = input.namespaces;
    const orthanc: PodPeer = { namespace: ns.imaging, pods: input.orthanc.pods };
    const postgres: PodPeer = { namespace: ns.imaging, pods: input.postgres.pods };
    const gateway: PodPeer = { namespace: ns.ingress, pods: input.gateway.pods };
    const istiod: PodPeer = { namespace: ns.istio, pods: istiodPods };
    const cnpgOperator: PodPeer = { namespace: ns.postgresOperator, pods: cnpgOperatorPods };
    const everyPod = (namespace: string): PodPeer => ({ namespace, pods: {} });
    const anyone: AddressPeer = { cidrs: anyAddress, what: "modalities, browsers and the load balancer" };
    const objectStore: AddressPeer = { cidrs: input.egress?.objectStoreCidrs ?? anyAddress, what: "the site's object store" };
    const apiServer = apiServerDestination(input);
    const storePort = objectStorePort(input.objectStore?.endpoint);

    return [
        // --- imaging: Orthanc and its PostgreSQL cluster, all sidecar-injected ---
        {
            name: "gateway-to-orthanc",
            from: gateway,
            to: orthanc,
            ports: [input.orthanc.httpPort, input.orthanc.dicomPort],
            why: "The ingress gateway forwards HTTPS (ended at the gateway) and DICOM TLS (passed through) to Orthanc. Istio's allow-orthanc admits the gateway's identity on the same two ports.",
        },
        {
            name: "orthanc-to-postgres",
            from: orthanc,
            to: postgres,
            ports: [input.postgres.port],
            why: "Orthanc keeps its index in PostgreSQL (TLS, verify-full). Istio's allow-orthanc-db admits Orthanc's identity on this port.",
        },
        {
            name: "postgres-replication",
            from: postgres,
            to: postgres,
            ports: [input.postgres.port],
            why: "Replicas stream WAL from the primary; join jobs clone it with pg_basebackup; a former primary rejoins with pg_rewind. Istio's allow-orthanc-db admits the instances' identity on this port.",
        },
        {
            name: "postgres-isolation-check",
            from: postgres,
            to: postgres,
            ports: [input.postgres.statusPort],
            why: "CloudNativePG's primary isolation check (on by default since 1.27) calls every instance's status endpoint; a primary that reaches neither them nor the API server shuts itself down.",
        },
        {
            name: "operator-to-postgres",
            from: cnpgOperator,
            to: postgres,
            ports: [input.postgres.statusPort],
            why: "The CloudNativePG operator polls each instance manager's status endpoint. The operator is outside the mesh, so Istio admits any caller on this port: this flow is what limits it to the operator.",
        },
        {
            name: "imaging-to-istiod",
            from: everyPod(ns.imaging),
            to: istiod,
            ports: [istiodPorts.xds],
            why: "Every pod in the namespace is injected: its sidecar fetches configuration (xDS) and its workload certificate (CA) from istiod.",
        },
        {
            name: "postgres-to-api",
            from: postgres,
            to: apiServer,
            ports: [...input.apiServerPorts],
            why: "The instance manager reads its Cluster and Secrets and reports status through the API server.",
        },
        ...(input.objectStore
            ? [
                  {
                      name: "orthanc-to-object-store",
                      from: orthanc,
                      to: objectStore,
                      ports: [storePort],
                      why: "Orthanc stores DICOM files in the site's object store (HTTPS); its address is the site's.",
                  },
                  {
                      name: "postgres-to-object-store",
                      from: postgres,
                      to: objectStore,
                      ports: [storePort],
                      why: "The Barman Cloud sidecar in each instance archives WAL and base backups to the site's object store (HTTPS).",
                  },
              ]
            : []),

        ...identityFlows(input, { orthanc, postgres, gateway }),

        // --- istio-ingress: the gateway ---
        {
            name: "clients-to-gateway",
            from: input.gateway.clientCidrs ? { cidrs: input.gateway.clientCidrs, what: "the site's client networks (ingress.sourceRanges)" } : anyone,
            to: gateway,
            ports: [gatewayPorts.http, gatewayPorts.https, input.gateway.dicomPort],
            why: "The platform's public entry: HTTP (redirected), HTTPS and DICOM TLS from modalities and browsers, through the gateway's Service (a load balancer, or node ports on a laptop cluster).",
        },
        {
            name: "load-balancer-health-checks",
            from: anyone,
            to: gateway,
            ports: [gatewayPorts.status],
            why: "Cloud load balancers check the gateway's readiness on its status port.",
        },
        {
            name: "gateway-to-istiod",
            from: gateway,
            to: istiod,
            ports: [istiodPorts.xds],
            why: "The gateway fetches its configuration, its certificate and the web certificate Secret (SDS) from istiod.",
        },

        // --- istio-system: istiod ---
        {
            name: "api-to-istiod-webhooks",
            from: kubernetesApi,
            to: istiod,
            ports: [istiodPorts.webhook],
            why: "The API server calls istiod's sidecar injection and configuration validation webhooks (Service port 443, container port 15017).",
        },
        {
            name: "istiod-to-api",
            from: istiod,
            to: apiServer,
            ports: [...input.apiServerPorts],
            why: "istiod watches Services, endpoints, pods, Istio configuration and gateway Secrets, and writes the mesh root certificate.",
        },

        // --- istio-cni: the node agent ---
        {
            name: "istio-cni-to-api",
            from: everyPod(ns.istioCni),
            to: apiServer,
            ports: [...input.apiServerPorts],
            why: "The CNI node agent watches pods to repair broken redirection. Since Istio 1.26 it runs on the pod network, so this policy applies; run on the host network (ambient.shareHostNetworkNamespace) it is exempt from NetworkPolicies.",
        },

        // --- cert-manager ---
        {
            name: "api-to-cert-manager-webhook",
            from: kubernetesApi,
            to: { namespace: ns.certManager, pods: certManagerWebhookPods },
            ports: [certManagerPorts.webhook],
            why: "The API server calls cert-manager's validating and mutating webhook.",
        },
        {
            name: "api-to-approver-policy-webhook",
            from: kubernetesApi,
            to: { namespace: ns.certManager, pods: approverPolicyPods },
            ports: [approverPolicyWebhookPort],
            why: "The API server calls approver-policy's webhook, which validates CertificateRequestPolicies.",
        },
        {
            name: "cert-manager-to-api",
            from: everyPod(ns.certManager),
            to: apiServer,
            ports: [...input.apiServerPorts],
            why: "The controller, cainjector, webhook, approver-policy and start-up check all work through the API server. Without the site's API server ranges, 443 is open to every address, which also lets the controller reach an ACME or other HTTPS issuer.",
        },
        ...(input.externalIssuer && input.egress?.apiServerCidrs
            ? [
                  {
                      name: "cert-manager-to-issuer",
                      from: { namespace: ns.certManager, pods: certManagerControllerPods },
                      to: { cidrs: anyAddress, what: "the site's own issuer (ACME, Vault, a corporate CA)" },
                      ports: [443],
                      why: "The controller asks the site's issuer (certificates.webIssuer) for the web certificate; its address is the issuer's, not the site's to list here.",
                  },
              ]
            : []),

        // --- cnpg-system: the CloudNativePG operator (and the Barman Cloud plugin with backups) ---
        {
            name: "api-to-cnpg-webhook",
            from: kubernetesApi,
            to: cnpgOperator,
            ports: [cnpgWebhookPort],
            why: "The API server calls the operator's defaulting and validating webhooks.",
        },
        {
            name: "cnpg-system-to-api",
            from: everyPod(ns.postgresOperator),
            to: apiServer,
            ports: [...input.apiServerPorts],
            why: "The operator (and the Barman Cloud plugin) reconcile their resources through the API server.",
        },
        ...(input.objectStore
            ? [
                  {
                      name: "operator-to-barman-cloud-plugin",
                      from: cnpgOperator,
                      to: { namespace: ns.postgresOperator, pods: barmanCloudPluginPods },
                      ports: [barmanCloudPluginPort],
                      why: "The operator calls the Barman Cloud plugin over gRPC with mutual TLS to run backups and WAL archiving.",
                  },
              ]
            : []),

        // --- reloader ---
        {
            name: "reloader-to-api",
            from: everyPod(ns.reloader),
            to: apiServer,
            ports: [...input.apiServerPorts],
            why: "Reloader watches Secrets and rolls the Deployments that name them.",
        },
    ];
}

// ---------------------------------------------------------------------------
// Monitoring (components/monitoring: kube-prometheus-stack and the query proxy).
// A separate entry: its selectors are the charts' and that component's, to be
// checked whenever that component changes.
// ---------------------------------------------------------------------------

export interface MonitoringFlowsInput {
    namespace: string;
    prometheus: Labels;
    alertmanager: Labels;
    grafana: Labels;
    // The authenticating proxy in front of Prometheus' query API, and the port its pod listens on.
    queryProxy: { pods: Labels; port: number };
    // The prometheus-operator, whose admission webhook the API server calls.
    operator: Labels;
    // node-exporter runs on the host network, so only the scraping side needs a policy.
    nodeExporter: boolean;
    // Alertmanager sends to the site's webhook (alertWebhookUrl).
    alertWebhook?: boolean;
}

export const monitoringPorts = {
    prometheus: 9090,
    alertmanager: 9093,
    grafana: 3000,
    kubeStateMetrics: 8080,
    operator: 10250,
    kubelet: 10250,
    nodeExporter: 9100,
} as const;

// The monitoring component as it stands: kube-prometheus-stack's pod labels
// (fullnameOverride "kps") and the query proxy's (selectorLabels("prometheus-query")).
export function kubePrometheusStackMonitoring(namespace: string, nodeExporter = false): MonitoringFlowsInput {
    return {
        namespace,
        prometheus: { "app.kubernetes.io/name": "prometheus" },
        alertmanager: { "app.kubernetes.io/name": "alertmanager" },
        grafana: { "app.kubernetes.io/name": "grafana" },
        queryProxy: { pods: { "app.kubernetes.io/name": "prometheus-query" }, port: queryProxyListenPort },
        operator: { app: "kube-prometheus-stack-operator" },
        nodeExporter,
    };
}

export function monitoringFlows(platform: PlatformFlowsInput, monitoring: MonitoringFlowsInput): Flow[] {
    const ns = platform.namespaces;
    const prometheus: PodPeer = { namespace: monitoring.namespace, pods: monitoring.prometheus };
    const grafana: PodPeer = { namespace: monitoring.namespace, pods: monitoring.grafana };
    const queryProxy: PodPeer = { namespace: monitoring.namespace, pods: monitoring.queryProxy.pods };
    const istiod: PodPeer = { namespace: ns.istio, pods: istiodPods };
    const nodes: AddressPeer = { cidrs: platform.egress?.nodeCidrs ?? anyAddress, what: "the cluster's nodes" };
    const apiServer = apiServerDestination(platform);

    return [
        {
            name: "prometheus-to-orthanc",
            from: prometheus,
            to: { namespace: ns.imaging, pods: platform.orthanc.pods },
            ports: [platform.orthanc.httpPort],
            why: "Prometheus scrapes /tools/metrics-prometheus as Orthanc's metrics user, over mutual TLS with its Istio certificate. Istio's allow-orthanc admits its identity for that path only.",
        },
        {
            name: "prometheus-to-orthanc-audit-metrics",
            from: prometheus,
            to: { namespace: ns.imaging, pods: platform.orthanc.pods },
            ports: [platform.orthanc.auditMetricsPort],
            why: "Prometheus scrapes the audit counters of the mtail sidecar in each Orthanc pod (break-glass and delete-burst alerts), over mutual TLS. Istio's allow-orthanc admits its identity on this port only.",
        },
        {
            name: "prometheus-to-postgres",
            from: prometheus,
            to: { namespace: ns.imaging, pods: platform.postgres.pods },
            ports: [platform.postgres.metricsPort],
            why: "Prometheus scrapes each PostgreSQL instance's exporter in plain text. Istio admits any caller on this port: this flow is what limits it to Prometheus.",
        },
        {
            name: "prometheus-to-sidecars",
            from: prometheus,
            to: { namespace: ns.imaging, pods: {} },
            ports: [envoyStatsPort],
            why: "Prometheus scrapes Envoy's statistics in every injected pod; Envoy serves this port itself, outside mutual TLS and authorization.",
        },
        {
            name: "prometheus-to-gateway",
            from: prometheus,
            to: { namespace: ns.ingress, pods: platform.gateway.pods },
            ports: [envoyStatsPort],
            why: "Prometheus scrapes the ingress gateway's Envoy statistics.",
        },
        {
            name: "prometheus-to-istiod",
            from: prometheus,
            to: istiod,
            ports: [istiodPorts.monitoring, istiodPorts.xds],
            why: "Prometheus scrapes istiod's control plane metrics; its certificate-only sidecar fetches the workload certificate Prometheus scrapes meshed pods with.",
        },
        {
            name: "prometheus-to-cert-manager",
            from: prometheus,
            to: { namespace: ns.certManager, pods: {} },
            ports: [certManagerPorts.metrics],
            why: "Prometheus scrapes cert-manager (certificate expiry alerts).",
        },
        {
            name: "prometheus-to-monitoring",
            from: prometheus,
            to: { namespace: monitoring.namespace, pods: {} },
            ports: [
                monitoringPorts.prometheus,
                monitoringPorts.alertmanager,
                monitoringPorts.grafana,
                monitoringPorts.kubeStateMetrics,
                monitoringPorts.operator,
            ],
            why: "Prometheus sends alerts to Alertmanager and scrapes the stack itself: Prometheus, Alertmanager, Grafana, kube-state-metrics and the operator.",
        },
        {
            name: "prometheus-to-nodes",
            from: prometheus,
            to: nodes,
            ports: [monitoringPorts.kubelet, ...(monitoring.nodeExporter ? [monitoringPorts.nodeExporter] : [])],
            why:
                "Prometheus scrapes each kubelet (volume usage)" +
                (monitoring.nodeExporter ? " and node-exporter, both on node addresses." : ", on node addresses."),
        },
        {
            name: "grafana-to-prometheus",
            from: grafana,
            to: prometheus,
            ports: [monitoringPorts.prometheus],
            why: "Grafana's dashboards query Prometheus.",
        },
        {
            name: "grafana-to-alertmanager",
            from: grafana,
            to: { namespace: monitoring.namespace, pods: monitoring.alertmanager },
            ports: [monitoringPorts.alertmanager],
            why: "Grafana shows and silences alerts through its Alertmanager data source.",
        },
        ...(monitoring.alertWebhook
            ? [
                  {
                      name: "alertmanager-to-webhook",
                      from: { namespace: monitoring.namespace, pods: monitoring.alertmanager },
                      to: { cidrs: anyAddress, what: "the site's alert webhook" },
                      ports: [443],
                      why: "Alertmanager delivers alerts to the site's webhook over HTTPS; its address is the site's.",
                  },
              ]
            : []),
        {
            name: "query-proxy-to-prometheus",
            from: queryProxy,
            to: prometheus,
            ports: [monitoringPorts.prometheus],
            why: "The authenticating proxy forwards the site's PromQL queries to Prometheus.",
        },
        {
            name: "gateway-to-query-proxy",
            from: { namespace: ns.ingress, pods: platform.gateway.pods },
            to: queryProxy,
            ports: [monitoring.queryProxy.port],
            why: "The site's existing monitoring reaches the query proxy over HTTPS through the ingress gateway (ingress.prometheusHostname).",
        },
        {
            name: "api-to-prometheus-operator",
            from: kubernetesApi,
            to: { namespace: monitoring.namespace, pods: monitoring.operator },
            ports: [monitoringPorts.operator],
            why: "The API server calls the prometheus-operator's webhook that validates PrometheusRules.",
        },
        {
            name: "monitoring-to-api",
            from: { namespace: monitoring.namespace, pods: {} },
            to: apiServer,
            ports: [...platform.apiServerPorts],
            why: "Prometheus discovers its targets, the operator and kube-state-metrics watch the cluster, and Grafana's sidecar loads dashboards, all through the API server.",
        },
    ];
}

// Single sign-on's connections, in the imaging namespace (every pod injected).
function identityFlows(input: PlatformFlowsInput, peers: { orthanc: PodPeer; postgres: PodPeer; gateway: PodPeer }): Flow[] {
    const ns = input.namespaces.imaging;
    const authService: PodPeer = { namespace: ns, pods: input.identity.authService.pods };
    const keycloakInput = input.identity.keycloak;
    const flows: Flow[] = [
        {
            name: "orthanc-to-auth-service",
            from: peers.orthanc,
            to: authService,
            ports: [input.identity.authService.port],
            why: "Orthanc's authorization plugin asks the auth service who holds each token and what they may do. Istio's allow-orthanc-auth admits Orthanc's identity on this port.",
        },
    ];
    if (keycloakInput !== undefined) {
        const keycloak: PodPeer = { namespace: ns, pods: keycloakInput.pods };
        flows.push(
            {
                name: "gateway-to-keycloak",
                from: peers.gateway,
                to: keycloak,
                ports: [keycloakInput.port],
                why: "Browsers sign in at Keycloak under /keycloak on Orthanc's host name, through the gateway (HTTPS ended there). Istio's allow-keycloak admits the gateway's identity.",
            },
            {
                name: "auth-service-to-keycloak",
                from: authService,
                to: keycloak,
                ports: [keycloakInput.port],
                why: "The auth service reads the realm's public key from Keycloak when it starts, to verify tokens. Istio's allow-keycloak admits its identity.",
            },
            {
                name: "keycloak-to-postgres",
                from: keycloak,
                to: peers.postgres,
                ports: [input.postgres.port],
                why: "Keycloak keeps its realm, users and sessions in its own database of the platform's PostgreSQL (TLS, verify-full). Istio's allow-orthanc-db admits Keycloak's identity.",
            },
        );
        if (keycloakInput.upstreamPorts.length > 0) {
            flows.push({
                name: "keycloak-to-upstream",
                from: keycloak,
                to: { cidrs: anyAddress, what: "the hospital's directory (LDAP) or identity provider (OpenID Connect)" },
                ports: keycloakInput.upstreamPorts,
                why: "Keycloak checks people's passwords against the hospital's directory, or exchanges their sign-in with the hospital's identity provider; their addresses are the hospital's. The mesh lets it reach only the hosts its ServiceEntry names.",
            });
        }
    }
    if (input.identity.hospitalRealmPort !== undefined) {
        flows.push({
            name: "auth-service-to-hospital-realm",
            from: authService,
            to: { cidrs: anyAddress, what: "the hospital's Keycloak" },
            ports: [input.identity.hospitalRealmPort],
            why: "The auth service reads the realm's public key from the hospital's Keycloak (HTTPS) when it starts. The mesh lets it reach only that host (its ServiceEntry).",
        });
    }
    return flows;
}
