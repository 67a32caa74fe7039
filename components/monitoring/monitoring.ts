// Monitoring for one site: kube-prometheus-stack (Prometheus, Alertmanager,
// Grafana) on persistent volumes, scrape targets for Orthanc, PostgreSQL and
// Istio, the platform's alert rules, Grafana dashboards as code, and an
// authenticated PromQL endpoint for the site's own monitoring system.
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { pinnedRelease } from "../kubernetes/helm-release";
import { appLabels } from "../kubernetes/labels";
import { namespace } from "../kubernetes/namespace";
import { charts, images } from "../versions";
import { alertWebhook } from "./alert-receiver";
import { buildAlertRuleGroups, checkAuditAlertSettings, checkBackupMaxAgeHours, type AuditAlertSettings } from "./alert-rules";
import { istioDashboard } from "./dashboards/istio";
import { orthancDashboard } from "./dashboards/orthanc";
import { postgresDashboard } from "./dashboards/postgres";
import type { GrafanaDashboard } from "./dashboards/grafana";
import { grafanaAdmin } from "./grafana-admin";
import { PrometheusQueryProxy } from "./query-proxy";
import {
    auditMetricsPodMonitor,
    certManagerPodMonitor,
    kubeletServiceMonitor,
    cnpgPodMonitor,
    envoyPodMonitor,
    istiodServiceMonitor,
    orthancServiceMonitor,
    prometheusRule,
    type MonitoringObject,
} from "./scrape-targets";
import { dashboardLabel, kubePrometheusStackValues, stackNames } from "./stack-values";

export interface MonitoringArgs {
    // Namespace created for the stack, Pod Security "restricted".
    namespace: string;
    // How long Prometheus keeps samples ("15d", "30d").
    retention: string;
    prometheusStorageSize: string;
    alertmanagerStorageSize: string;
    grafanaStorageSize: string;
    // Absent: the cluster's default storage class.
    storageClass?: string;
    orthanc: {
        namespace: pulumi.Input<string>;
        // The Orthanc component gives its Service, its Deployment and their
        // app.kubernetes.io/name label this one name.
        serviceName: pulumi.Input<string>;
        // kubernetes.io/basic-auth Secret of Orthanc's metrics user (keys username, password).
        metricsSecretName: pulumi.Input<string>;
        // Orthanc's pods and the port name of their audit-metrics sidecar.
        podSelector: Record<string, string>;
        auditMetricsPort: string;
    };
    // Who and what the audit alerts watch (see AuditAlertSettings).
    audit: AuditAlertSettings;
    postgres: {
        namespace: pulumi.Input<string>;
        clusterName: string;
        // Hours after which the newest base backup counts as missing, e.g. 26 for a
        // daily schedule. Leave out when the cluster is not backed up.
        backupMaxAgeHours?: number;
    };
    istio: {
        // Namespace of istiod (the objects here do not need it to exist yet).
        controlPlaneNamespace: string;
    };
    certManager: {
        // Namespace of cert-manager's controller, whose metrics carry certificate expiry.
        namespace: string;
    };
    // The site's alert webhook (a secret); absent: alerts show in Prometheus and
    // Grafana but are sent nowhere.
    alertWebhookUrl?: pulumi.Input<string>;
    // Run node-exporter (host metrics) in this extra namespace, which is created
    // with Pod Security "privileged". Absent: no node-exporter (see stack-values.ts).
    nodeExporter?: { namespace: string };
}

export class Monitoring extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    // The kube-prometheus-stack release: depend on it for the monitoring.coreos.com CRDs.
    readonly release: Release;
    readonly grafana: {
        serviceName: string;
        port: number;
        adminUsername: pulumi.Output<string>;
        adminPassword: pulumi.Output<string>;
    };
    // The authenticated PromQL endpoint (ClusterIP) for the site's monitoring system.
    readonly prometheusQuery: {
        serviceName: pulumi.Output<string>;
        port: number;
        username: pulumi.Output<string>;
        password: pulumi.Output<string>;
        credentialsSecretName: pulumi.Output<string>;
    };

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:monitoring:Monitoring", name, {}, opts);
        const labels = appLabels(name, "monitoring");
        if (args.postgres.backupMaxAgeHours !== undefined) {
            // Here and not only in the rule builder, which runs later inside an apply.
            checkBackupMaxAgeHours(args.postgres.backupMaxAgeHours);
        }
        checkAuditAlertSettings(args.audit);

        const ns = namespace({ name: args.namespace, podSecurity: "restricted" }, { parent: this });
        this.namespace = ns.metadata.name;
        const nodeExporterNamespace = args.nodeExporter
            ? namespace(
                  // node-exporter reads the host through hostNetwork, hostPID and
                  // hostPath: only "privileged" admits it, so it gets a namespace of its own.
                  { name: args.nodeExporter.namespace, podSecurity: "privileged" },
                  { parent: this },
              )
            : undefined;

        const admin = grafanaAdmin(`${name}-grafana-admin`, { namespace: this.namespace, labels }, this);

        const pin = charts.kubePrometheusStack;
        this.release = pinnedRelease(
            `${name}-stack`,
            {
                releaseName: stackNames.release,
                pin,
                namespace: this.namespace,
                // CRDs, admission webhook certificates and three volumes take a while.
                timeout: 900,
                values: kubePrometheusStackValues({
                    retention: args.retention,
                    prometheusStorageSize: args.prometheusStorageSize,
                    alertmanagerStorageSize: args.alertmanagerStorageSize,
                    grafanaStorageSize: args.grafanaStorageSize,
                    storageClass: args.storageClass,
                    grafanaAdminSecretName: admin.secretName,
                    nodeExporterNamespace: args.nodeExporter?.namespace,
                    // Where the program puts monitors and rules: here, and beside Orthanc and PostgreSQL.
                    monitorNamespaces: [args.namespace, args.orthanc.namespace, args.postgres.namespace],
                }),
            },
            { parent: this, dependsOn: [admin.secret, ...(nodeExporterNamespace ? [nodeExporterNamespace] : [])] },
        );

        const monitoringObject = (logicalName: string, object: MonitoringObject) =>
            new CustomResource(logicalName, object, { parent: this, dependsOn: [this.release] });

        monitoringObject(
            `${name}-orthanc`,
            orthancServiceMonitor({
                namespace: args.orthanc.namespace,
                serviceName: args.orthanc.serviceName,
                metricsSecretName: args.orthanc.metricsSecretName,
                labels,
            }),
        );
        monitoringObject(
            `${name}-orthanc-audit`,
            auditMetricsPodMonitor({
                namespace: args.orthanc.namespace,
                podSelector: args.orthanc.podSelector,
                port: args.orthanc.auditMetricsPort,
                labels,
            }),
        );
        monitoringObject(
            `${name}-postgres`,
            cnpgPodMonitor({ namespace: args.postgres.namespace, clusterName: args.postgres.clusterName, labels }),
        );
        monitoringObject(
            `${name}-istiod`,
            istiodServiceMonitor({ namespace: this.namespace, controlPlaneNamespace: args.istio.controlPlaneNamespace, labels }),
        );
        monitoringObject(`${name}-envoy`, envoyPodMonitor({ namespace: this.namespace, labels }));
        monitoringObject(`${name}-kubelet`, kubeletServiceMonitor({ namespace: this.namespace, labels }));
        if (args.alertWebhookUrl !== undefined) {
            alertWebhook("site-alert-webhook", { namespace: this.namespace, url: args.alertWebhookUrl, labels, release: this.release }, this);
        }
        monitoringObject(
            `${name}-cert-manager`,
            certManagerPodMonitor({ namespace: this.namespace, certManagerNamespace: args.certManager.namespace, labels }),
        );

        const ruleGroups = pulumi
            .all([args.orthanc.namespace, args.orthanc.serviceName, args.postgres.namespace])
            .apply(([orthancNamespace, orthancName, postgresNamespace]) =>
                buildAlertRuleGroups({
                    orthanc: { namespace: orthancNamespace, deployment: orthancName, service: orthancName },
                    postgres: {
                        namespace: postgresNamespace,
                        cluster: args.postgres.clusterName,
                        backupMaxAgeHours: args.postgres.backupMaxAgeHours,
                    },
                    audit: args.audit,
                }),
            );
        monitoringObject(
            `${name}-rules`,
            prometheusRule({ name: "imaging-platform", namespace: this.namespace, groups: ruleGroups, labels }),
        );

        const dashboards: Record<string, GrafanaDashboard> = {
            orthanc: orthancDashboard(),
            postgres: postgresDashboard(args.postgres.clusterName),
            istio: istioDashboard(),
        };
        for (const [key, dashboard] of Object.entries(dashboards)) {
            new ConfigMap(
                `${name}-dashboard-${key}`,
                {
                    metadata: {
                        name: `dashboard-${key}`,
                        namespace: this.namespace,
                        labels: { ...labels, [dashboardLabel.key]: dashboardLabel.value },
                    },
                    data: { [`${key}.json`]: JSON.stringify(dashboard, null, 2) },
                },
                { parent: this },
            );
        }

        const proxy = new PrometheusQueryProxy(
            "prometheus-query",
            {
                namespace: this.namespace,
                image: images.prometheusQueryProxy,
                upstream: `${stackNames.prometheusService}.${args.namespace}.svc:${stackNames.prometheusPort}`,
                prometheus: this.release,
            },
            { parent: this },
        );

        this.grafana = {
            serviceName: stackNames.grafanaService,
            port: stackNames.grafanaPort,
            adminUsername: admin.username,
            adminPassword: admin.password,
        };
        this.prometheusQuery = {
            serviceName: proxy.serviceName,
            port: proxy.port,
            username: proxy.username,
            password: proxy.password,
            credentialsSecretName: proxy.credentialsSecretName,
        };
        this.registerOutputs({
            namespace: this.namespace,
            grafana: this.grafana,
            prometheusQuery: this.prometheusQuery,
        });
    }
}
