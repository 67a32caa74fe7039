// The Monitoring component's contract, read from its plan under the recording
// mocks: the pinned stack and its values, scrape targets, dashboards, alert rules
// (checked by promtool), the query proxy, and the usual rules for every object.
import { strict as assert } from "assert";
import * as YAML from "yaml";
import type { Plan, PlannedResource } from "../tools/plan/evaluate";
import { isKubernetesObject } from "../tools/plan/artifacts";
import { expectedImages, expectedReleases } from "./support/expected-versions";
import { resource, resourcesOfType, types } from "./support/plan";
import { validateObject } from "./support/schemas";
import { monitoringArgs, monitoringTypes, planMonitoring, promtool, rulesFileFromPlan } from "./support/monitoring";

type Json = Record<string, any>;

function stackValues(plan: Plan): Json {
    return (resource(plan, types.release, "monitoring-stack").inputs as Json).values;
}

function monitoringObjects(plan: Plan): PlannedResource[] {
    return plan.resources.filter((r) => r.type.startsWith("kubernetes:monitoring.coreos.com/"));
}

function ruleGroups(plan: Plan): Json[] {
    return resourcesOfType(plan, monitoringTypes.prometheusRule).flatMap((r) => (r.inputs as Json).spec.groups);
}

function alerts(plan: Plan): Json[] {
    return ruleGroups(plan).flatMap((group) => group.rules);
}

function dashboard(plan: Plan, key: string): Json {
    const configMap = resource(plan, types.configMap, `monitoring-dashboard-${key}`).inputs as Json;
    return JSON.parse(configMap.data[`${key}.json`]);
}

function dashboardExpressions(board: Json): string[] {
    return board.panels.flatMap((panel: Json) => panel.targets.map((target: Json) => target.expr));
}

describe("monitoring", () => {
    let plan: Plan;
    before(async () => {
        plan = await planMonitoring();
    });

    describe("kube-prometheus-stack", () => {
        it("installs the pinned chart under a fixed release name and waits for it", () => {
            const release = resource(plan, types.release, "monitoring-stack").inputs as Json;
            const expected = expectedReleases["monitoring-stack"];
            assert.equal(release.chart, expected.chart);
            assert.equal(release.version, expected.version);
            assert.equal(release.repositoryOpts.repo, expected.repository);
            assert.equal(release.name, "kube-prometheus-stack");
            assert.equal(release.namespace, "monitoring");
            assert.equal(release.skipAwait, false, "monitors and rules need the CRDs installed");
        });

        it("keeps the configured retention on persistent volumes of the configured sizes and class", () => {
            const values = stackValues(plan);
            const prometheus = values.prometheus.prometheusSpec;
            assert.equal(prometheus.retention, "21d");
            assert.deepEqual(prometheus.storageSpec.volumeClaimTemplate.spec, {
                accessModes: ["ReadWriteOnce"],
                resources: { requests: { storage: "50Gi" } },
                storageClassName: "fast-ssd",
            });
            const alertmanager = values.alertmanager.alertmanagerSpec.storage.volumeClaimTemplate.spec;
            assert.equal(alertmanager.resources.requests.storage, "2Gi");
            assert.equal(alertmanager.storageClassName, "fast-ssd");
            const grafana = values.grafana.persistence;
            assert.equal(grafana.enabled, true);
            assert.equal(grafana.size, "5Gi");
            assert.equal(grafana.storageClassName, "fast-ssd");
        });

        it("leaves the storage class to the cluster when none is given", async () => {
            const { storageClass: _omitted, ...args } = monitoringArgs;
            const values = stackValues(await planMonitoring(args));
            assert.equal(values.prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.storageClassName, undefined);
            assert.equal(values.grafana.persistence.storageClassName, undefined);
        });

        it("selects the program's monitors and rules, whatever their labels, in the platform's namespaces only", () => {
            const spec = stackValues(plan).prometheus.prometheusSpec;
            const platformOnly = { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["imaging", "monitoring"] }] };
            for (const kind of ["serviceMonitor", "podMonitor", "rule", "probe", "scrapeConfig"]) {
                assert.equal(spec[`${kind}SelectorNilUsesHelmValues`], false, kind);
                assert.deepEqual(spec[`${kind}NamespaceSelector`], platformOnly, kind);
            }
            // Every monitor and rule the program writes is in one of them.
            const monitors = plan.resources.filter((r) => r.type.startsWith("kubernetes:monitoring.coreos.com/"));
            assert.ok(monitors.length >= 5);
            for (const monitor of monitors) {
                assert.ok(["imaging", "monitoring"].includes((monitor.inputs as Json).metadata.namespace), monitor.name);
            }
        });

        it("gives Grafana a generated admin from a Secret, never the chart's default account", () => {
            assert.doesNotMatch(JSON.stringify(plan), /prom-operator/);
            const grafana = stackValues(plan).grafana;
            assert.equal(grafana.adminPassword, undefined);
            const secret = resource(plan, types.secret, "monitoring-grafana-admin").inputs as Json;
            assert.equal(grafana.admin.existingSecret, secret.metadata.name);
            assert.equal(secret.metadata.namespace, "monitoring");
            assert.deepEqual(secret.stringData, { [grafana.admin.userKey]: "[secret]", [grafana.admin.passwordKey]: "[secret]" });
            const outputs = plan.outputs.grafana as Json;
            assert.equal(outputs.adminUsername, "[secret]");
            assert.equal(outputs.adminPassword, "[secret]");
            assert.deepEqual([outputs.serviceName, outputs.port], ["grafana", 80]);
        });

        it("keeps Grafana within the restricted Pod Security Standard", () => {
            const grafana = stackValues(plan).grafana;
            assert.equal(grafana.initChownData.enabled, false, "the chown init container runs as root");
            assert.equal(grafana.securityContext.runAsNonRoot, true);
            assert.deepEqual(grafana.securityContext.seccompProfile, { type: "RuntimeDefault" });
            assert.equal(grafana.deploymentStrategy.type, "Recreate", "a ReadWriteOnce volume");
        });

        it("leaves the control plane's own components to the cluster", () => {
            const values = (resource(plan, types.release, "monitoring-stack").inputs as Json).values;
            for (const component of ["kubeEtcd", "kubeScheduler", "kubeControllerManager", "kubeProxy"]) {
                assert.equal(values[component].enabled, false, component);
            }
            assert.equal(values.defaultRules.rules.kubeControllerManager, false);
            assert.equal(values.defaultRules.rules.nodeExporterAlerting, false, "node-exporter is off");
        });

        it("loads dashboards from labelled ConfigMaps of its own namespace only, under a Role", () => {
            const grafana = stackValues(plan).grafana;
            assert.deepEqual(grafana.sidecar.dashboards, { enabled: true, label: "grafana_dashboard", labelValue: "1", resource: "configmap" });
            assert.deepEqual(grafana.rbac, { namespaced: true });
            const dashboards = resourcesOfType(plan, types.configMap).filter((r) => (r.inputs as Json).metadata.labels?.grafana_dashboard === "1");
            assert.ok(dashboards.length >= 3);
            for (const dashboard of dashboards) {
                assert.equal((dashboard.inputs as Json).metadata.namespace, "monitoring", dashboard.name);
            }
        });
    });

    describe("pod security", () => {
        it("creates a restricted monitoring namespace and leaves node-exporter out", () => {
            const ns = resource(plan, types.namespace, "monitoring").inputs as Json;
            assert.equal(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
            assert.equal(stackValues(plan).nodeExporter.enabled, false);
            assert.equal(stackValues(plan)["prometheus-node-exporter"], undefined);
            assert.equal(resourcesOfType(plan, types.namespace).length, 1);
        });

        it("runs node-exporter only in a namespace of its own that admits privileged pods", async () => {
            const withNodes = await planMonitoring({ ...monitoringArgs, nodeExporter: { namespace: "monitoring-nodes" } });
            const values = stackValues(withNodes);
            assert.equal(values.nodeExporter.enabled, true);
            assert.equal(values["prometheus-node-exporter"].namespaceOverride, "monitoring-nodes");
            const ns = resource(withNodes, types.namespace, "monitoring-nodes").inputs as Json;
            assert.equal(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "privileged");
            // Under the component: a namespace outside it would use the default provider, the wrong cluster.
            const nodesNamespace = resource(withNodes, types.namespace, "monitoring-nodes");
            assert.equal(nodesNamespace.parent, resource(withNodes, "imaging:monitoring:Monitoring", "monitoring").urn);
            assert.equal(nodesNamespace.provider, resource(withNodes, types.namespace, "monitoring").provider);
            const release = resource(withNodes, types.release, "monitoring-stack");
            assert.ok(release.dependencies.includes(resource(withNodes, types.namespace, "monitoring-nodes").urn));
        });
    });

    describe("scrape targets", () => {
        it("scrapes Orthanc's metrics path in its namespace with the metrics user's basic-auth Secret", () => {
            const monitor = resource(plan, monitoringTypes.serviceMonitor, "monitoring-orthanc").inputs as Json;
            assert.equal(monitor.metadata.namespace, "imaging", "basicAuth Secrets are read from the monitor's namespace");
            assert.deepEqual(monitor.spec.selector, { matchLabels: { "app.kubernetes.io/name": "orthanc" } });
            const [endpoint] = monitor.spec.endpoints;
            assert.equal(endpoint.port, "http");
            assert.equal(endpoint.path, "/tools/metrics-prometheus");
            assert.deepEqual(endpoint.basicAuth, {
                username: { name: "orthanc-metrics", key: "username" },
                password: { name: "orthanc-metrics", key: "password" },
            });
        });

        it("lets no monitor name a file in Prometheus' container: the scrape classes do", () => {
            const prometheus = (resource(plan, types.release, "monitoring-stack").inputs as Json).values.prometheus.prometheusSpec;
            assert.deepEqual(prometheus.arbitraryFSAccessThroughSMs, { deny: true });
            assert.deepEqual(
                prometheus.scrapeClasses.map((c: Json) => c.name),
                ["istio-mtls", "kubernetes-service-account"],
            );
            // prometheus-operator v0.93 pkg/prometheus/resource_selector.go, testForArbitraryFSAccess: what it refuses.
            const fileKeys = /"(bearerTokenFile|caFile|certFile|keyFile|credentialsFile)"/;
            for (const monitor of monitoringObjects(plan).filter((r) => r.type !== monitoringTypes.prometheusRule)) {
                assert.doesNotMatch(JSON.stringify((monitor.inputs as Json).spec), fileKeys, monitor.name);
            }
            // The chart's monitors that read the token file themselves are off.
            const values = (resource(plan, types.release, "monitoring-stack").inputs as Json).values;
            assert.deepEqual(values.kubeApiServer, { enabled: false });
            assert.deepEqual(values.kubelet, { serviceMonitor: { enabled: false } });
        });

        it("scrapes the kubelets with the service account's class, labelled as the chart's kubelet rules expect", () => {
            const monitor = resource(plan, monitoringTypes.serviceMonitor, "monitoring-kubelet").inputs as Json;
            assert.equal(monitor.metadata.namespace, "monitoring");
            assert.equal(monitor.spec.scrapeClassName, "kubernetes-service-account");
            // KubeletDown: up{job="kubelet", metrics_path="/metrics"} (kube-prometheus-stack 88.5.3, kubernetes-system-kubelet.yaml).
            assert.equal(monitor.spec.jobLabel, "k8s-app");
            assert.deepEqual(monitor.spec.selector, { matchLabels: { "app.kubernetes.io/name": "kubelet", "k8s-app": "kubelet" } });
            assert.deepEqual(monitor.spec.namespaceSelector, { matchNames: ["kube-system"] });
            assert.deepEqual(
                monitor.spec.endpoints.map((e: Json) => [e.port, e.scheme, e.path, e.relabelings]),
                ["/metrics", "/metrics/cadvisor"].map((path) => [
                    "https-metrics",
                    "https",
                    path,
                    [{ action: "replace", sourceLabels: ["__metrics_path__"], targetLabel: "metrics_path" }],
                ]),
            );
            const kubernetesClass = (resource(plan, types.release, "monitoring-stack").inputs as Json).values.prometheus.prometheusSpec.scrapeClasses[1];
            assert.deepEqual(kubernetesClass, {
                name: "kubernetes-service-account",
                tlsConfig: { caFile: "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt", insecureSkipVerify: true },
                authorization: { credentialsFile: "/var/run/secrets/kubernetes.io/serviceaccount/token" },
            });
        });

        it("scrapes each Orthanc pod's audit-metrics sidecar over the mesh, on its own port only", () => {
            const monitor = resource(plan, monitoringTypes.podMonitor, "monitoring-orthanc-audit").inputs as Json;
            assert.equal(monitor.metadata.namespace, "imaging");
            assert.deepEqual(monitor.spec.selector, { matchLabels: { "app.kubernetes.io/name": "orthanc" } });
            assert.deepEqual(monitor.spec.namespaceSelector, { matchNames: ["imaging"] });
            assert.equal(monitor.spec.scrapeClassName, "istio-mtls");
            assert.deepEqual(
                monitor.spec.podMetricsEndpoints.map((e: Json) => [e.port, e.path, e.scheme]),
                [["audit-metrics", "/metrics", "https"]],
            );
        });

        it("scrapes the CloudNativePG instances through a PodMonitor of ours", () => {
            const monitor = resource(plan, monitoringTypes.podMonitor, "monitoring-postgres").inputs as Json;
            assert.equal(monitor.metadata.namespace, "imaging");
            assert.deepEqual(monitor.spec.selector, { matchLabels: { "cnpg.io/cluster": "orthanc-db" } });
            assert.deepEqual(monitor.spec.podMetricsEndpoints.map((e: Json) => e.port), ["metrics"]);
        });

        it("scrapes istiod and every Envoy from the monitoring namespace", () => {
            const istiod = resource(plan, monitoringTypes.serviceMonitor, "monitoring-istiod").inputs as Json;
            assert.equal(istiod.metadata.namespace, "monitoring");
            assert.deepEqual(istiod.spec.namespaceSelector, { matchNames: ["istio-system"] });
            assert.deepEqual(istiod.spec.endpoints.map((e: Json) => e.port), ["http-monitoring"]);
            const envoy = resource(plan, monitoringTypes.podMonitor, "monitoring-envoy").inputs as Json;
            assert.deepEqual(envoy.spec.namespaceSelector, { any: true });
            assert.deepEqual(envoy.spec.podMetricsEndpoints, [{ port: "http-envoy-prom", path: "/stats/prometheus", interval: "30s" }]);
        });

        it("declares every prometheus-operator object after the release that installs its CRD", () => {
            const release = resource(plan, types.release, "monitoring-stack");
            const objects = monitoringObjects(plan);
            assert.equal(objects.length, 8);
            for (const object of objects) {
                assert.ok(object.dependencies.includes(release.urn), `${object.type} ${object.name}: ${object.dependencies.join(", ")}`);
            }
        });
    });

    describe("dashboards", () => {
        const expected: Record<string, string[]> = {
            orthanc: [
                "orthanc_count_instances",
                "orthanc_disk_size_mb",
                "orthanc_jobs_pending",
                "orthanc_jobs_running",
                "orthanc_rest_api_active_requests",
            ],
            postgres: [
                "cnpg_collector_up",
                "cnpg_pg_replication_lag",
                "cnpg_collector_last_available_backup_timestamp",
                "cnpg_pg_database_size_bytes",
                "cnpg_backends_total",
            ],
            istio: ["istio_requests_total", "istio_tcp_connections_opened_total", "istio_request_duration_milliseconds_bucket"],
        };

        it("labels each dashboard ConfigMap for Grafana's sidecar", () => {
            for (const key of Object.keys(expected)) {
                const configMap = resource(plan, types.configMap, `monitoring-dashboard-${key}`).inputs as Json;
                assert.equal(configMap.metadata.labels.grafana_dashboard, "1", key);
                assert.equal(configMap.metadata.namespace, "monitoring");
            }
        });

        it("holds dashboard JSON whose panels query the expected metrics", () => {
            const uids = new Set<string>();
            for (const [key, metrics] of Object.entries(expected)) {
                const board = dashboard(plan, key);
                uids.add(board.uid);
                assert.ok(board.title && board.panels.length > 0, key);
                const expressions = dashboardExpressions(board).join("\n");
                for (const metric of metrics) {
                    assert.ok(expressions.includes(metric), `${key} dashboard queries no ${metric}`);
                }
                const ids = board.panels.map((panel: Json) => panel.id);
                assert.equal(new Set(ids).size, ids.length, `${key}: panel ids are unique`);
                for (const panel of board.panels) {
                    assert.ok(panel.gridPos.x + panel.gridPos.w <= 24, `${key}/${panel.title} fits the grid`);
                }
            }
            assert.equal(uids.size, Object.keys(expected).length, "dashboard uids are unique");
        });

        it("shows the namespace chosen in the dashboard's variable, and no other", () => {
            // Orthanc's metrics carry the scrape target's namespace; Istio's the receiving workload's.
            assert.deepEqual(dashboardExpressions(dashboard(plan, "orthanc")), [
                'max(orthanc_count_instances{namespace="$namespace"})',
                'max(orthanc_count_studies{namespace="$namespace"})',
                'max(orthanc_count_patients{namespace="$namespace"})',
                'count(orthanc_up_time_s{namespace="$namespace"})',
                'max(deriv(orthanc_count_instances{namespace="$namespace"}[5m]))',
                'max(orthanc_disk_size_mb{namespace="$namespace"})',
                'sum(orthanc_jobs_pending{namespace="$namespace"})',
                'sum(orthanc_jobs_running{namespace="$namespace"})',
                'sum(orthanc_jobs_failed{namespace="$namespace"})',
                'max by (pod) (orthanc_rest_api_active_requests{namespace="$namespace"})',
                'max by (pod) (orthanc_rest_api_duration_ms{namespace="$namespace"})',
                'max by (pod) (orthanc_store_dicom_duration_ms{namespace="$namespace"})',
            ]);
            // reporter="destination": each request once, as the receiving sidecar saw it.
            const dest = 'reporter="destination", destination_workload_namespace="$namespace"';
            assert.deepEqual(dashboardExpressions(dashboard(plan, "istio")), [
                `sum by (destination_service) (rate(istio_requests_total{${dest}}[5m]))`,
                `sum by (destination_service) (rate(istio_requests_total{${dest}, response_code=~"5.."}[5m]))`,
                `histogram_quantile(0.95, sum by (le, destination_service) (rate(istio_request_duration_milliseconds_bucket{${dest}}[5m])))`,
                `sum by (destination_service) (rate(istio_tcp_connections_opened_total{${dest}}[5m]))`,
                `sum by (destination_service) (rate(istio_tcp_received_bytes_total{${dest}}[5m]))`,
                `sum by (destination_service) (rate(istio_tcp_sent_bytes_total{${dest}}[5m]))`,
            ]);
        });

        it("writes only PromQL that Prometheus parses #real", () => {
            // Every panel query as a recording rule: promtool parses each expression.
            const rules = Object.keys(expected).flatMap((key) =>
                dashboardExpressions(dashboard(plan, key)).map((expr, i) => ({ record: `dashboard:${key}:${i}`, expr })),
            );
            const result = promtool(["check", "rules", "dashboards.yaml"], {
                "dashboards.yaml": YAML.stringify({ groups: [{ name: "dashboard-queries", rules }] }),
            });
            assert.equal(result.status, 0, result.output);
        });
    });

    describe("alert rules", () => {
        it("alerts on Orthanc, PostgreSQL, backups, certificates, volumes, blind autoscalers and the audit trail", () => {
            assert.deepEqual(alerts(plan).map((rule) => rule.alert).sort(), [
                "AuditDeleteBurst",
                "AutoscalerCannotReadMetrics",
                "CertificateExpiringSoon",
                "OrthancDown",
                "OrthancNoReadyReplica",
                "PersistentVolumeOver80Percent",
                "PostgresBackupTooOld",
                "PostgresClusterDown",
                "PostgresInstanceNotReady",
                "PostgresReplicationLagHigh",
                "PrivilegedAccountUsed",
            ]);
        });

        it("gives every alert a severity, a summary, a description and a runbook", () => {
            for (const rule of alerts(plan)) {
                assert.match(rule.labels.severity, /^(critical|warning)$/, rule.alert);
                for (const key of ["summary", "description", "runbook"]) {
                    assert.ok(typeof rule.annotations[key] === "string" && rule.annotations[key].length > 20, `${rule.alert}: ${key}`);
                }
                assert.match(rule.for, /^\d+[mh]$/, rule.alert);
                // Only the audit alerts fire at once: a privileged call or a burst of deletes is the event itself.
                if (rule.for === "0m") {
                    assert.ok(["PrivilegedAccountUsed", "AuditDeleteBurst"].includes(rule.alert), rule.alert);
                }
            }
        });

        it("points the rules at the namespaces and names it was given", () => {
            const byName = Object.fromEntries(alerts(plan).map((rule) => [rule.alert, rule]));
            assert.match(byName.OrthancDown.expr, /up\{namespace="imaging", service="orthanc"\}/);
            assert.match(byName.PostgresClusterDown.expr, /cnpg_collector_up\{namespace="imaging", pod=~"orthanc-db-\[0-9\]\+"\}/);
            // Daily backups, alert after 26 hours.
            assert.match(byName.PostgresBackupTooOld.expr, /> 93600$/);
            assert.match(byName.PostgresBackupTooOld.expr, /barman_cloud_cloudnative_pg_io_last_available_backup_timestamp/);
        });

        it("leaves the backup alert out when the cluster is not backed up", async () => {
            const { backupMaxAgeHours: _omitted, ...postgres } = monitoringArgs.postgres;
            const unbacked = await planMonitoring({ ...monitoringArgs, postgres });
            assert.ok(!alerts(unbacked).some((rule) => rule.alert === "PostgresBackupTooOld"));
        });

        it("refuses a backup window that is not a positive number of hours", async () => {
            await assert.rejects(
                planMonitoring({ ...monitoringArgs, postgres: { ...monitoringArgs.postgres, backupMaxAgeHours: 0 } }),
                /backupMaxAgeHours must be a positive number of hours/,
            );
        });

        it("passes promtool check rules #real", () => {
            const result = promtool(["check", "rules", "imaging-platform.rules.yaml"], {
                "imaging-platform.rules.yaml": rulesFileFromPlan(plan),
            });
            assert.equal(result.status, 0, result.output);
            assert.match(result.output, /SUCCESS: 11 rules found/);
        });
    });

    describe("alert webhook", () => {
        // The token in the URL is what must stay out of the plan and of Helm values.
        const url = "https://alerts.example.org/hooks/imaging?token=s3cr3t-t0ken";
        let withWebhook: Plan;
        before(async () => {
            withWebhook = await planMonitoring({ ...monitoringArgs, alertWebhookUrl: url });
        });

        it("keeps the URL in a Secret of the monitoring namespace that Alertmanager reads by reference", () => {
            const secret = resource(withWebhook, types.secret, "site-alert-webhook").inputs as Json;
            assert.equal(secret.metadata.namespace, "monitoring");
            assert.equal(secret.type, "Opaque");
            assert.deepEqual(secret.stringData, { url: "[secret]" });
            const config = resource(withWebhook, "kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig", "site-alert-webhook").inputs as Json;
            assert.equal(config.metadata.namespace, "monitoring");
            // stack-values.ts selects AlertmanagerConfigs by this label.
            assert.equal(config.metadata.labels["imaging-platform/alert-receiver"], "true");
            assert.deepEqual(config.spec.receivers, [
                { name: "site-alert-webhook", webhookConfigs: [{ urlSecret: { name: "site-alert-webhook", key: "url" }, sendResolved: true }] },
            ]);
            assert.doesNotMatch(JSON.stringify(withWebhook), /s3cr3t-t0ken/);
        });

        it("sends one notification per alert and namespace, without the chart's heartbeat, again after four hours", () => {
            const config = resource(withWebhook, "kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig", "site-alert-webhook").inputs as Json;
            assert.deepEqual(config.spec.route, {
                receiver: "site-alert-webhook",
                matchers: [{ name: "alertname", matchType: "!~", value: "Watchdog|InfoInhibitor" }],
                groupBy: ["alertname", "namespace"],
                groupWait: "30s",
                groupInterval: "5m",
                repeatInterval: "4h",
            });
        });

        it("declares both objects under the component, the AlertmanagerConfig after the release that installs its CRD", async () => {
            const component = resource(withWebhook, "imaging:monitoring:Monitoring", "monitoring").urn;
            const provider = resource(withWebhook, types.namespace, "monitoring").provider;
            const secret = resource(withWebhook, types.secret, "site-alert-webhook");
            const config = resource(withWebhook, "kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig", "site-alert-webhook");
            for (const object of [secret, config]) {
                assert.equal(object.parent, component, object.type);
                assert.equal(object.provider, provider, object.type);
                await validateObject(object.inputs as { apiVersion: string; kind: string });
            }
            assert.ok(config.dependencies.includes(resource(withWebhook, types.release, "monitoring-stack").urn));
        });
    });

    describe("Prometheus query endpoint", () => {
        it("is a ClusterIP Service in front of an authenticating proxy", () => {
            const service = resource(plan, types.service, "prometheus-query").inputs as Json;
            assert.equal(service.spec.type, "ClusterIP");
            assert.deepEqual(service.spec.ports, [{ name: "http-query", port: 9090, targetPort: "http", appProtocol: "http" }]);
            const outputs = plan.outputs.prometheusQuery as Json;
            assert.deepEqual([outputs.serviceName, outputs.port], ["prometheus-query", 9090]);
            assert.equal(outputs.username, "[secret]");
            assert.equal(outputs.password, "[secret]");
            assert.equal(outputs.credentialsSecretName, "prometheus-query-credentials");
        });

        it("runs the pinned nginx with only the password's bcrypt hash, in a restricted pod", () => {
            const deployment = resource(plan, types.deployment, "prometheus-query").inputs as Json;
            const pod = deployment.spec.template.spec;
            const [container] = pod.containers;
            assert.equal(container.image, expectedImages.prometheusQueryProxy);
            assert.equal(pod.securityContext.runAsNonRoot, true);
            assert.deepEqual(pod.securityContext.seccompProfile, { type: "RuntimeDefault" });
            assert.equal(container.securityContext.allowPrivilegeEscalation, false);
            assert.equal(container.securityContext.readOnlyRootFilesystem, true);
            assert.deepEqual(container.securityContext.capabilities, { drop: ["ALL"] });
            assert.equal(pod.automountServiceAccountToken, false);
            const secretVolumes = pod.volumes.filter((v: Json) => v.secret).map((v: Json) => v.secret.secretName);
            assert.deepEqual(secretVolumes, ["prometheus-query-htpasswd"], "the plain password never reaches the proxy");
            const htpasswd = resource(plan, types.secret, "prometheus-query-htpasswd").inputs as Json;
            assert.deepEqual(htpasswd.stringData, { htpasswd: "[secret]" });
            const credentials = resource(plan, types.secret, "prometheus-query-credentials").inputs as Json;
            assert.equal(credentials.type, "kubernetes.io/basic-auth");
        });

        it("probes the proxy on its credential-free health path", () => {
            const [container] = (resource(plan, types.deployment, "prometheus-query").inputs as Json).spec.template.spec.containers;
            for (const probe of [container.readinessProbe, container.livenessProbe]) {
                assert.deepEqual(probe.httpGet, { path: "/healthz", port: "http" });
            }
            const conf = (resource(plan, types.configMap, "prometheus-query-config").inputs as Json).data["nginx.conf"] as string;
            assert.match(conf, /location = \/healthz \{\n\s+access_log off;\n\s+return 200 "ok\\n";\n\s+\}/);
        });

        it("waits for the release whose Service it proxies", () => {
            const deployment = resource(plan, types.deployment, "prometheus-query");
            assert.ok(deployment.dependencies.includes(resource(plan, types.release, "monitoring-stack").urn));
        });

        it("forwards only the read-only API, with credentials, to the chart's Prometheus Service", () => {
            const conf = (resource(plan, types.configMap, "prometheus-query-config").inputs as Json).data["nginx.conf"] as string;
            assert.match(conf, /proxy_pass http:\/\/kps-prometheus\.monitoring\.svc:9090;/);
            assert.match(conf, /auth_basic_user_file \/etc\/nginx\/query-proxy-auth\/htpasswd;/);
            assert.match(conf, /location ~ \^\/api\/v1\/\(query\|query_range\|/);
            assert.doesNotMatch(conf, /\/-\/|admin/, "no lifecycle or admin endpoints");
            // Each proxied location authenticates.
            assert.equal(conf.match(/proxy_pass /g)?.length, conf.match(/auth_basic_user_file /g)?.length);
            assert.match(conf, /location \/ \{\n\s+return 404;/);
        });
    });

    describe("every object", () => {
        it("validates against its upstream schema", async () => {
            const failures: string[] = [];
            const objects = plan.resources.filter(isKubernetesObject);
            for (const r of objects) {
                try {
                    await validateObject(r.inputs as { apiVersion: string; kind: string });
                } catch (error) {
                    failures.push(`${r.type} ${r.name}: ${(error as Error).message}`);
                }
            }
            assert.deepEqual(failures, []);
            assert.ok(objects.length >= 15, `only ${objects.length} objects`);
        });

        it("uses the explicit providers and sits under components of this program", () => {
            const providers = new Set(plan.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => r.urn));
            for (const r of plan.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))) {
                assert.ok(r.provider && providers.has(r.provider), `${r.type} ${r.name} uses provider ${r.provider ?? "(default)"}`);
                assert.ok(plan.resources.some((p) => p.urn === r.parent && !p.custom), `${r.type} ${r.name}: parent is not a component`);
            }
            for (const component of plan.resources.filter((r) => !r.custom)) {
                assert.match(component.type, /^imaging:monitoring:[A-Z][A-Za-z]+$/);
            }
        });
    });
});
