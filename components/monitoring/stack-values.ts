// Helm values for kube-prometheus-stack: Prometheus, Alertmanager and Grafana on
// persistent volumes, Grafana's admin from a Secret of ours, and Prometheus
// picking up every ServiceMonitor, PodMonitor and PrometheusRule in the cluster.
import * as pulumi from "@pulumi/pulumi";
import { restrictedPodSecurityContext } from "../kubernetes/security";
import { alertReceiverLabel } from "./alert-receiver";

// Fixed names: the query proxy and later the ingress gateway address these
// Services, so they must not follow the release name.
export const stackNames = {
    release: "kube-prometheus-stack",
    // Prefix of the chart's objects: kps-prometheus, kps-alertmanager, kps-operator.
    fullname: "kps",
    prometheusService: "kps-prometheus",
    // Prometheus' service account, hence its mesh identity.
    prometheusServiceAccount: "kps-prometheus",
    prometheusPort: 9090,
    grafanaService: "grafana",
    grafanaPort: 80,
} as const;

// Keys of the Grafana admin Secret, as the grafana chart's admin.existingSecret reads them.
export const grafanaAdminSecretKeys = { user: "admin-user", password: "admin-password" } as const;

// ConfigMaps with this label, in Grafana's own namespace, are loaded as dashboards by its sidecar.
export const dashboardLabel = { key: "grafana_dashboard", value: "1" } as const;

// The grafana image's grafana user.
const grafanaUid = 472;

export interface StackValuesArgs {
    // How long Prometheus keeps samples, e.g. "15d".
    retention: string;
    prometheusStorageSize: string;
    alertmanagerStorageSize: string;
    grafanaStorageSize: string;
    // Absent: the cluster's default storage class.
    storageClass?: string;
    grafanaAdminSecretName: string;
    // Namespace for node-exporter, or undefined to leave it out (see below).
    nodeExporterNamespace?: string;
    // The only namespaces whose ServiceMonitors, PodMonitors, Probes, ScrapeConfigs
    // and PrometheusRules Prometheus loads: the platform's own. A monitor elsewhere
    // could point Prometheus' credentials and reach at anything.
    monitorNamespaces: pulumi.Input<string>[];
}

export function kubePrometheusStackValues(args: StackValuesArgs): Record<string, unknown> {
    const claim = (size: string) => ({
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: size } },
        ...(args.storageClass ? { storageClassName: args.storageClass } : {}),
    });
    return {
        fullnameOverride: stackNames.fullname,
        crds: { enabled: true },
        prometheus: {
            prometheusSpec: {
                retention: args.retention,
                storageSpec: { volumeClaimTemplate: { spec: claim(args.prometheusStorageSize) } },
                // Without these, Prometheus only selects objects labelled with this
                // Helm release; the program's own monitors and rules carry no such label.
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
                probeSelectorNilUsesHelmValues: false,
                scrapeConfigSelectorNilUsesHelmValues: false,
                ...onlyFrom(args.monitorNamespaces),
                ...meshCertificatesForScraping(),
                // A monitor may not point Prometheus at files in its container (the
                // service account token, the mesh certificate): those come only from
                // the scrape classes below, which the program writes.
                arbitraryFSAccessThroughSMs: { deny: true },
                scrapeClasses: scrapeClasses(),
            },
        },
        alertmanager: {
            alertmanagerSpec: {
                // Silences and notification state survive a restart.
                storage: { volumeClaimTemplate: { spec: claim(args.alertmanagerStorageSize) } },
                // The site's receiver (alert-receiver.ts), from this namespace; its route
                // takes alerts from every namespace, not only this one.
                alertmanagerConfigSelector: { matchLabels: { [alertReceiverLabel.key]: alertReceiverLabel.value } },
                alertmanagerConfigMatcherStrategy: { type: "None" },
            },
        },
        grafana: {
            fullnameOverride: stackNames.grafanaService,
            // Never the chart's default account: the credentials come from our Secret.
            admin: {
                existingSecret: args.grafanaAdminSecretName,
                userKey: grafanaAdminSecretKeys.user,
                passwordKey: grafanaAdminSecretKeys.password,
            },
            persistence: {
                enabled: true,
                type: "pvc",
                accessModes: ["ReadWriteOnce"],
                size: args.grafanaStorageSize,
                ...(args.storageClass ? { storageClassName: args.storageClass } : {}),
            },
            // A ReadWriteOnce volume cannot be mounted by the old and the new pod at once.
            deploymentStrategy: { type: "Recreate" },
            // The chown init container runs as root, which "restricted" refuses;
            // fsGroup gives Grafana its volume instead.
            initChownData: { enabled: false },
            securityContext: restrictedPodSecurityContext(grafanaUid, grafanaUid),
            // A helm-test pod with no security context; never run by the program.
            testFramework: { enabled: false },
            // Grafana faces browsers: its sidecar reads ConfigMaps (never Secrets) in
            // its own namespace, under a Role rather than a ClusterRole, instead of
            // every Secret in the cluster.
            rbac: { namespaced: true },
            sidecar: {
                dashboards: {
                    enabled: true,
                    label: dashboardLabel.key,
                    labelValue: dashboardLabel.value,
                    resource: "configmap",
                },
            },
        },
        // node-exporter needs hostNetwork, hostPID and hostPath mounts, which the
        // "restricted" (and "baseline") Pod Security Standard refuse. It only runs
        // when the caller names a namespace where "privileged" is allowed.
        nodeExporter: { enabled: args.nodeExporterNamespace !== undefined },
        ...(args.nodeExporterNamespace !== undefined
            ? { "prometheus-node-exporter": { namespaceOverride: args.nodeExporterNamespace } }
            : {}),
        ...controlPlaneLeftToTheCluster(args.nodeExporterNamespace !== undefined),
    };
}

// The control plane's own components (etcd, scheduler, controller manager,
// kube-proxy) are not reachable on managed clusters (EKS, AKS) nor on laptop
// clusters, so the chart's scrapes of them would only raise "down" alerts that
// reach the site's webhook around the clock. They are the cluster's to watch;
// the platform watches what it runs.
function controlPlaneLeftToTheCluster(nodeExporter: boolean): Record<string, unknown> {
    return {
        // The chart's API server monitor reads the token file itself, which the
        // monitors may no longer do; its alerts go with it.
        kubeApiServer: { enabled: false },
        // The chart's kubelet monitor reads the token file too: the program writes
        // its own (scrape-targets.ts), with the same job and metrics_path labels the
        // chart's kubelet rules and KubeletDown expect.
        kubelet: { serviceMonitor: { enabled: false } },
        kubeEtcd: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeControllerManager: { enabled: false },
        kubeProxy: { enabled: false },
        defaultRules: {
            rules: {
                kubeApiserverAvailability: false,
                kubeApiserverBurnrate: false,
                kubeApiserverHistogram: false,
                kubeApiserverSlos: false,
                etcd: false,
                kubeSchedulerAlerting: false,
                kubeSchedulerRecording: false,
                kubeControllerManager: false,
                kubeProxy: false,
                nodeExporterAlerting: nodeExporter,
                nodeExporterRecording: nodeExporter,
            },
        },
    };
}

// Where Prometheus finds the Istio workload certificate it scrapes meshed pods with.
export const meshCertificatesPath = "/etc/prom-certs";

// What a monitor names instead of files (spec.scrapeClassName).
export const scrapeClassNames = {
    // Prometheus' Istio workload certificate, for targets under STRICT mTLS.
    mesh: "istio-mtls",
    // Prometheus' service account token and the cluster CA, for the kubelets.
    kubernetes: "kubernetes-service-account",
} as const;

const serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

function scrapeClasses(): Record<string, unknown>[] {
    return [
        {
            name: scrapeClassNames.mesh,
            tlsConfig: {
                caFile: `${meshCertificatesPath}/root-cert.pem`,
                certFile: `${meshCertificatesPath}/cert-chain.pem`,
                keyFile: `${meshCertificatesPath}/key.pem`,
                // Istio certificates carry SPIFFE identities, not host names.
                insecureSkipVerify: true,
            },
        },
        {
            name: scrapeClassNames.kubernetes,
            // Kubelet serving certificates are often self-signed (the chart's default too).
            tlsConfig: { caFile: `${serviceAccountDirectory}/ca.crt`, insecureSkipVerify: true },
            authorization: { credentialsFile: `${serviceAccountDirectory}/token` },
        },
    ];
}

// Istio's documented setup for Prometheus under STRICT mTLS: a sidecar that
// intercepts no traffic and only writes the workload certificate to a shared
// volume, so Prometheus itself can speak mutual TLS to meshed targets (and be
// allowed by its identity).
function meshCertificatesForScraping(): Record<string, unknown> {
    return {
        podMetadata: {
            labels: { "sidecar.istio.io/inject": "true" },
            annotations: {
                "traffic.sidecar.istio.io/includeInboundPorts": "",
                "traffic.sidecar.istio.io/includeOutboundIPRanges": "",
                "proxy.istio.io/config": "proxyMetadata:\n  OUTPUT_CERTS: /etc/istio-output-certs\n",
                "sidecar.istio.io/userVolumeMount": JSON.stringify({ "istio-certs": { mountPath: "/etc/istio-output-certs" } }),
            },
        },
        volumes: [{ name: "istio-certs", emptyDir: { medium: "Memory" } }],
        volumeMounts: [{ name: "istio-certs", mountPath: meshCertificatesPath }],
    };
}

function onlyFrom(namespaces: pulumi.Input<string>[]): Record<string, unknown> {
    const values = pulumi.all(namespaces).apply((names) => [...new Set(names)].sort());
    const selector = { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values }] };
    return {
        serviceMonitorNamespaceSelector: selector,
        podMonitorNamespaceSelector: selector,
        probeNamespaceSelector: selector,
        scrapeConfigNamespaceSelector: selector,
        ruleNamespaceSelector: selector,
    };
}
