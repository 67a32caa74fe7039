// The prometheus-operator objects that tell Prometheus what to scrape: Orthanc,
// the CloudNativePG instances, and Istio's control and data plane. Plain objects
// here; the Monitoring component declares them.
import type * as pulumi from "@pulumi/pulumi";
import { metricsPath } from "../orthanc/request-filter";
import { scrapeClassNames } from "./stack-values";

export const monitoringApiVersion = "monitoring.coreos.com/v1";

export interface MonitoringObject {
    apiVersion: typeof monitoringApiVersion;
    kind: "ServiceMonitor" | "PodMonitor" | "PrometheusRule";
    metadata: { name: string; namespace: pulumi.Input<string>; labels: Record<string, string> };
    spec: Record<string, unknown>;
}

// Often enough for five-minute alert windows, rare enough to cost Orthanc's
// database nothing (each scrape counts the studies).
export const scrapeInterval = "30s";

export interface OrthancScrapeArgs {
    namespace: pulumi.Input<string>;
    // Orthanc's Service, labelled app.kubernetes.io/name=<its name> by the Orthanc component.
    serviceName: pulumi.Input<string>;
    // kubernetes.io/basic-auth Secret of the metrics user, in Orthanc's namespace.
    metricsSecretName: pulumi.Input<string>;
    labels: Record<string, string>;
}

export function orthancServiceMonitor(args: OrthancScrapeArgs): MonitoringObject {
    return {
        apiVersion: monitoringApiVersion,
        kind: "ServiceMonitor",
        // prometheus-operator reads basicAuth Secrets from the ServiceMonitor's own
        // namespace, so it lives beside Orthanc.
        metadata: { name: "orthanc", namespace: args.namespace, labels: args.labels },
        spec: {
            selector: { matchLabels: { "app.kubernetes.io/name": args.serviceName } },
            namespaceSelector: { matchNames: [args.namespace] },
            // Orthanc is in the mesh (STRICT mTLS): Prometheus presents its own Istio
            // workload certificate, which the scrape class names (see stack-values.ts).
            scrapeClassName: scrapeClassNames.mesh,
            endpoints: [
                {
                    port: "http",
                    path: metricsPath,
                    scheme: "https",
                    interval: scrapeInterval,
                    // Orthanc stamps each sample with the time it was last recorded;
                    // a gauge untouched for hours would be refused as out of bounds.
                    honorTimestamps: false,
                    basicAuth: {
                        username: { name: args.metricsSecretName, key: "username" },
                        password: { name: args.metricsSecretName, key: "password" },
                    },
                },
            ],
        },
    };
}

export interface AuditMetricsScrapeArgs {
    namespace: pulumi.Input<string>;
    // The labels of Orthanc's pods, which carry the audit-metrics sidecar.
    podSelector: Record<string, string>;
    // The sidecar's port name (components/orthanc/audit-metrics.ts).
    port: string;
    labels: Record<string, string>;
}

// Each Orthanc pod's own audit counters: a PodMonitor, since every replica counts
// only the calls it served (sum them; unlike Orthanc's database-wide gauges).
export function auditMetricsPodMonitor(args: AuditMetricsScrapeArgs): MonitoringObject {
    return {
        apiVersion: monitoringApiVersion,
        kind: "PodMonitor",
        metadata: { name: "orthanc-audit", namespace: args.namespace, labels: args.labels },
        spec: {
            selector: { matchLabels: args.podSelector },
            namespaceSelector: { matchNames: [args.namespace] },
            // In the mesh like Orthanc's own port: Prometheus scrapes with its workload certificate.
            scrapeClassName: scrapeClassNames.mesh,
            podMetricsEndpoints: [{ port: args.port, path: "/metrics", scheme: "https", interval: scrapeInterval }],
        },
    };
}

export interface PostgresScrapeArgs {
    namespace: pulumi.Input<string>;
    clusterName: string;
    labels: Record<string, string>;
}

// CloudNativePG's own enablePodMonitor is deprecated: the PodMonitor is ours.
export function cnpgPodMonitor(args: PostgresScrapeArgs): MonitoringObject {
    return {
        apiVersion: monitoringApiVersion,
        kind: "PodMonitor",
        metadata: { name: args.clusterName, namespace: args.namespace, labels: args.labels },
        spec: {
            selector: { matchLabels: { "cnpg.io/cluster": args.clusterName } },
            namespaceSelector: { matchNames: [args.namespace] },
            podMetricsEndpoints: [{ port: "metrics", interval: scrapeInterval }],
        },
    };
}

// Both Istio monitors live in the monitoring namespace and reach out with a
// namespace selector: istio-system may not exist yet when monitoring is deployed.
export function istiodServiceMonitor(args: {
    namespace: pulumi.Input<string>;
    controlPlaneNamespace: string;
    labels: Record<string, string>;
}): MonitoringObject {
    return {
        apiVersion: monitoringApiVersion,
        kind: "ServiceMonitor",
        metadata: { name: "istiod", namespace: args.namespace, labels: args.labels },
        spec: {
            // The label istiod's Service carries.
            selector: { matchLabels: { istio: "pilot" } },
            namespaceSelector: { matchNames: [args.controlPlaneNamespace] },
            endpoints: [{ port: "http-monitoring", interval: scrapeInterval }],
        },
    };
}

export function envoyPodMonitor(args: { namespace: pulumi.Input<string>; labels: Record<string, string> }): MonitoringObject {
    return {
        apiVersion: monitoringApiVersion,
        kind: "PodMonitor",
        metadata: { name: "envoy-stats", namespace: args.namespace, labels: args.labels },
        spec: {
            // Every pod in every namespace, but only pods with an Envoy (sidecar or
            // gateway) declare the http-envoy-prom port, so only they become targets.
            selector: { matchExpressions: [{ key: "istio-prometheus-ignore", operator: "DoesNotExist" }] },
            namespaceSelector: { any: true },
            podMetricsEndpoints: [{ port: "http-envoy-prom", path: "/stats/prometheus", interval: scrapeInterval }],
        },
    };
}

export function prometheusRule(args: {
    name: string;
    namespace: pulumi.Input<string>;
    groups: pulumi.Input<unknown[]>;
    labels: Record<string, string>;
}): MonitoringObject {
    return {
        apiVersion: monitoringApiVersion,
        kind: "PrometheusRule",
        metadata: { name: args.name, namespace: args.namespace, labels: args.labels },
        spec: { groups: args.groups },
    };
}

// cert-manager's controller exports certificate expiry times, which the
// CertificateExpiringSoon alert reads; without this monitor that alert could never fire.
export function certManagerPodMonitor(args: {
    namespace: pulumi.Input<string>;
    certManagerNamespace: string;
    labels: Record<string, string>;
}): MonitoringObject {
    return {
        apiVersion: monitoringApiVersion,
        kind: "PodMonitor",
        metadata: { name: "cert-manager", namespace: args.namespace, labels: args.labels },
        spec: {
            selector: {
                matchLabels: { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/component": "controller" },
            },
            namespaceSelector: { matchNames: [args.certManagerNamespace] },
            podMetricsEndpoints: [{ port: "http-metrics", interval: scrapeInterval }],
        },
    };
}

// The kubelets, through the Service prometheus-operator keeps in kube-system
// (kube-prometheus-stack's prometheusOperator.kubeletService): volume usage for
// the volume alert, cAdvisor for the chart's container rules. The job is
// "kubelet" and metrics_path is kept, as the chart's KubeletDown and kubelet
// rules expect.
export function kubeletServiceMonitor(args: { namespace: pulumi.Input<string>; labels: Record<string, string> }): MonitoringObject {
    const endpoint = (path: string) => ({
        port: "https-metrics",
        scheme: "https",
        path,
        interval: scrapeInterval,
        honorLabels: true,
        relabelings: [{ action: "replace", sourceLabels: ["__metrics_path__"], targetLabel: "metrics_path" }],
    });
    return {
        apiVersion: monitoringApiVersion,
        kind: "ServiceMonitor",
        metadata: { name: "kubelet", namespace: args.namespace, labels: args.labels },
        spec: {
            scrapeClassName: scrapeClassNames.kubernetes,
            jobLabel: "k8s-app",
            selector: { matchLabels: { "app.kubernetes.io/name": "kubelet", "k8s-app": "kubelet" } },
            namespaceSelector: { matchNames: ["kube-system"] },
            endpoints: [endpoint("/metrics"), endpoint("/metrics/cadvisor")],
        },
    };
}
