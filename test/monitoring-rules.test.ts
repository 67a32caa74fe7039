// The key alerts behave as their runbooks promise, run by promtool's rule unit
// tests on synthetic series: they fire after their `for:` duration, and not before.
import { strict as assert } from "assert";
import * as YAML from "yaml";
import { buildAlertRuleGroups, type AlertTargets } from "../components/monitoring/alert-rules";
import { promtool } from "./support/monitoring";

const targets: AlertTargets = {
    orthanc: { namespace: "imaging", deployment: "orthanc", service: "orthanc" },
    postgres: { namespace: "imaging", cluster: "orthanc-db", backupMaxAgeHours: 26 },
    audit: { privilegedUsers: ["break-glass"] },
};
const groups = buildAlertRuleGroups(targets);
// The audit group is written out, and run under promtool, in audit-alerts.test.ts.
const auditGroup = "imaging-audit";

// What an operator receives when each alert fires in namespace imaging, written
// out: the expectation must not be rendered from the rule it checks.
const firing: Record<string, { labels: Record<string, string>; annotations: Record<string, string> }> = {
    OrthancDown: {
        labels: { severity: "critical" },
        annotations: {
            summary: "Orthanc in imaging answers no metrics scrape",
            description:
                "For 5 minutes Prometheus has reached no Orthanc replica at /tools/metrics-prometheus: " +
                "Orthanc is down or unreachable, or it refuses the metrics user's credentials.",
            runbook:
                "1. kubectl -n imaging get pods -l app.kubernetes.io/name=orthanc: are the pods Running and Ready? " +
                "2. If not: kubectl -n imaging describe pod / logs --previous (database unreachable, DICOM TLS Secret missing, OOM). " +
                "3. If they are Ready: Prometheus > Status > Targets shows the scrape error; a 401 means the " +
                "metrics Secret and Orthanc's configuration disagree (roll the Deployment orthanc so Orthanc reloads it).",
        },
    },
    AutoscalerCannotReadMetrics: {
        labels: { severity: "warning" },
        annotations: {
            summary: "Autoscaler imaging/orthanc cannot read metrics",
            description: "For 15 minutes the autoscaler has not been able to compute how many replicas it needs, so it will not scale out under load.",
            runbook:
                "1. kubectl -n imaging describe hpa orthanc: the ScalingActive condition says why. " +
                "2. kubectl get apiservice v1beta1.metrics.k8s.io: is metrics-server installed and Available? Install it (or the distribution's add-on) if not. " +
                "3. kubectl top pods -n imaging: metrics-server must report the pods' CPU.",
        },
    },
    CertificateExpiringSoon: {
        labels: { severity: "warning" },
        annotations: {
            summary: "Certificate imaging/orthanc-dicom-tls expires in 13d 22h 50m 0s",
            description:
                "Less than 14 days left and cert-manager has not renewed it; DICOM TLS clients will be refused once it expires.",
            runbook:
                "1. kubectl -n imaging describe certificate orthanc-dicom-tls: Ready condition and last failure. " +
                "2. kubectl -n imaging get certificaterequests,orders: the failing request. " +
                "3. kubectl -n cert-manager logs deploy/cert-manager; check the issuer (CA Secret present, ACME reachable).",
        },
    },
    PersistentVolumeOver80Percent: {
        labels: { severity: "warning" },
        annotations: {
            summary: "Volume imaging/orthanc-dicom is 81% full",
            description: "More than 80 % of the volume is used. A full PostgreSQL or DICOM volume stops ingest.",
            runbook:
                "1. Which workload: kubectl -n imaging get pvc orthanc-dicom. " +
                "2. PostgreSQL: raise site postgres.storageSize (CloudNativePG resizes when the storage class allows expansion); check WAL archiving is not failing. " +
                "3. DICOM volume: raise orthanc.storageSize, or move the site to an object store. " +
                "4. Prometheus: lower the retention or raise its volume size.",
        },
    },
    PostgresBackupTooOld: {
        labels: { severity: "critical" },
        annotations: {
            summary: "No PostgreSQL base backup of orthanc-db in imaging within 26 hours",
            description:
                "The newest available base backup is older than 26 hours, more than the backup schedule allows: " +
                "a restore would have to replay a long WAL chain, or nothing recent is restorable.",
            runbook:
                "1. kubectl -n imaging get backups,scheduledbackups: the latest Backup's phase and error. " +
                "2. kubectl -n imaging describe objectstore orthanc-db-backups and check the object store credentials and reachability. " +
                "3. The Barman Cloud plugin's logs, beside the operator (cnpg-system by default). " +
                "4. Once fixed, take one at once: a Backup of cluster orthanc-db with method plugin " +
                "(kubectl cnpg backup orthanc-db -n imaging --method plugin --plugin-name barman-cloud.cloudnative-pg.io).",
        },
    },
};

interface AlertCase {
    eval_time: string;
    alertname: string;
    exp_alerts: { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[];
}

// labels: those of the series that fires (undefined: the alert must not fire at evalTime).
function expectAlert(name: string, evalTime: string, labels: Record<string, string> | undefined): AlertCase {
    const expected = firing[name];
    return {
        eval_time: evalTime,
        alertname: name,
        exp_alerts: labels ? [{ exp_labels: { ...labels, ...expected.labels }, exp_annotations: expected.annotations }] : [],
    };
}

function runUnitTests(tests: unknown[]): void {
    const result = promtool(["test", "rules", "tests.yaml"], {
        "rules.yaml": YAML.stringify({ groups }),
        "tests.yaml": YAML.stringify({ rule_files: ["rules.yaml"], evaluation_interval: "1m", tests }),
    });
    assert.equal(result.status, 0, result.output);
}

// Every rule as an operator and Prometheus read it, for the targets above, written
// out: a selector dropped, a threshold miscomputed or a runbook step lost shows
// here without promtool. The #real tests below show what the expressions do.
const written: { name: string; rules: { alert: string; expr: string; for: string; severity: string; annotations: Record<string, string> }[] }[] = [
    {
        name: "imaging-orthanc",
        rules: [
            {
                alert: "OrthancDown",
                expr: '(sum by (namespace) (up{namespace="imaging", service="orthanc"}) == 0) or absent(up{namespace="imaging", service="orthanc"})',
                for: "5m",
                severity: "critical",
                annotations: {
                    summary: "Orthanc in {{ $labels.namespace }} answers no metrics scrape",
                    description:
                        "For 5 minutes Prometheus has reached no Orthanc replica at /tools/metrics-prometheus: " +
                        "Orthanc is down or unreachable, or it refuses the metrics user's credentials.",
                    runbook:
                        "1. kubectl -n imaging get pods -l app.kubernetes.io/name=orthanc: are the pods Running and Ready? " +
                        "2. If not: kubectl -n imaging describe pod / logs --previous (database unreachable, DICOM TLS Secret missing, OOM). " +
                        "3. If they are Ready: Prometheus > Status > Targets shows the scrape error; a 401 means the " +
                        "metrics Secret and Orthanc's configuration disagree (roll the Deployment orthanc so Orthanc reloads it).",
                },
            },
            {
                alert: "OrthancNoReadyReplica",
                expr: 'max by (namespace, deployment) (kube_deployment_status_replicas_available{namespace="imaging", deployment="orthanc"}) < 1',
                for: "5m",
                severity: "critical",
                annotations: {
                    summary: "Deployment {{ $labels.deployment }} in {{ $labels.namespace }} has no ready replica",
                    description: "No Orthanc replica has passed its readiness probe for 5 minutes: DICOM and DICOMweb are unavailable.",
                    runbook:
                        "1. kubectl -n imaging get deploy,pods -l app.kubernetes.io/name=orthanc. " +
                        "2. kubectl -n imaging describe pod: Pending (volume, quota, node) or failing probes? " +
                        "3. The readiness probe calls /changes, which needs PostgreSQL: check the PostgreSQL alerts first. " +
                        "4. kubectl -n imaging logs deploy/orthanc for configuration or TLS errors.",
                },
            },
        ],
    },
    {
        name: "imaging-postgres",
        rules: [
            {
                alert: "PostgresInstanceNotReady",
                expr:
                    '(min by (namespace, pod) (cnpg_collector_up{namespace="imaging", pod=~"orthanc-db-[0-9]+"}) == 0) ' +
                    'or (min by (namespace, pod) (up{namespace="imaging", pod=~"orthanc-db-[0-9]+"}) == 0)',
                for: "5m",
                severity: "warning",
                annotations: {
                    summary: "PostgreSQL instance {{ $labels.pod }} in {{ $labels.namespace }} is not serving",
                    description: "The instance's exporter reports PostgreSQL down, or the instance cannot be scraped, for 5 minutes.",
                    runbook:
                        "1. kubectl -n imaging get cluster orthanc-db (status, current primary). " +
                        "2. kubectl -n imaging describe pod {{ $labels.pod }} and its logs. " +
                        "3. A full volume stops PostgreSQL: see PersistentVolumeOver80Percent. " +
                        "4. If the other instances are healthy, CloudNativePG fails over or recreates this one by itself.",
                },
            },
            {
                alert: "PostgresClusterDown",
                expr:
                    '(sum by (namespace) (cnpg_collector_up{namespace="imaging", pod=~"orthanc-db-[0-9]+"}) < 1) ' +
                    'or absent(cnpg_collector_up{namespace="imaging", pod=~"orthanc-db-[0-9]+"})',
                for: "5m",
                severity: "critical",
                annotations: {
                    summary: "PostgreSQL cluster orthanc-db in {{ $labels.namespace }} has no serving instance",
                    description: "No instance of the Orthanc database reports PostgreSQL up for 5 minutes: Orthanc cannot store or find studies.",
                    runbook:
                        "1. kubectl -n imaging get cluster,pods -l cnpg.io/cluster=orthanc-db. " +
                        "2. kubectl -n imaging describe cluster orthanc-db: phase and conditions. " +
                        "3. The CloudNativePG operator's logs (its namespace, cnpg-system by default) for reconcile errors. " +
                        "4. Check the volumes (full, lost node) before any manual action; never delete PVCs.",
                },
            },
            {
                alert: "PostgresReplicationLagHigh",
                expr: 'max by (namespace, pod) (cnpg_pg_replication_lag{namespace="imaging", pod=~"orthanc-db-[0-9]+"}) > 300',
                for: "10m",
                severity: "warning",
                annotations: {
                    summary: "Replica {{ $labels.pod }} in {{ $labels.namespace }} lags {{ $value | humanizeDuration }} behind the primary",
                    description: "Replication lag above 300 s for 10 minutes: a failover now would lose recent writes or wait for replay.",
                    runbook:
                        "1. kubectl -n imaging get cluster orthanc-db (replication status). " +
                        "2. Logs of {{ $labels.pod }}: WAL receiver errors, disk or CPU saturation. " +
                        "3. A heavy ingest burst causes short lag; sustained lag on one replica points at its node or volume.",
                },
            },
            {
                alert: "PostgresBackupTooOld",
                // The plugin's metric, else the in-core one; 26 hours in seconds.
                expr:
                    'time() - max by (namespace) (barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{namespace="imaging", pod=~"orthanc-db-[0-9]+"} ' +
                    'or cnpg_collector_last_available_backup_timestamp{namespace="imaging", pod=~"orthanc-db-[0-9]+"}) > 93600',
                for: "15m",
                severity: "critical",
                annotations: {
                    summary: "No PostgreSQL base backup of orthanc-db in {{ $labels.namespace }} within 26 hours",
                    description: firing.PostgresBackupTooOld.annotations.description,
                    runbook: firing.PostgresBackupTooOld.annotations.runbook,
                },
            },
        ],
    },
    {
        name: "imaging-platform",
        rules: [
            {
                alert: "CertificateExpiringSoon",
                // 14 days in seconds.
                expr: "(certmanager_certificate_expiration_timestamp_seconds - time()) < 1209600",
                for: "1h",
                severity: "warning",
                annotations: {
                    summary: "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in {{ $value | humanizeDuration }}",
                    description:
                        "Less than 14 days left and cert-manager has not renewed it; DICOM TLS clients will be refused once it expires.",
                    runbook:
                        "1. kubectl -n {{ $labels.namespace }} describe certificate {{ $labels.name }}: Ready condition and last failure. " +
                        "2. kubectl -n {{ $labels.namespace }} get certificaterequests,orders: the failing request. " +
                        "3. kubectl -n cert-manager logs deploy/cert-manager; check the issuer (CA Secret present, ACME reachable).",
                },
            },
            {
                alert: "AutoscalerCannotReadMetrics",
                expr: 'kube_horizontalpodautoscaler_status_condition{condition="ScalingActive", status="false"} == 1',
                for: "15m",
                severity: "warning",
                annotations: {
                    summary: "Autoscaler {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} cannot read metrics",
                    description: firing.AutoscalerCannotReadMetrics.annotations.description,
                    runbook:
                        "1. kubectl -n {{ $labels.namespace }} describe hpa {{ $labels.horizontalpodautoscaler }}: the ScalingActive condition says why. " +
                        "2. kubectl get apiservice v1beta1.metrics.k8s.io: is metrics-server installed and Available? Install it (or the distribution's add-on) if not. " +
                        "3. kubectl top pods -n {{ $labels.namespace }}: metrics-server must report the pods' CPU.",
                },
            },
            {
                alert: "PersistentVolumeOver80Percent",
                expr: "max by (namespace, persistentvolumeclaim) (kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes) > 0.8",
                for: "15m",
                severity: "warning",
                annotations: {
                    summary: "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} full",
                    description: "More than 80 % of the volume is used. A full PostgreSQL or DICOM volume stops ingest.",
                    runbook:
                        "1. Which workload: kubectl -n {{ $labels.namespace }} get pvc {{ $labels.persistentvolumeclaim }}. " +
                        "2. PostgreSQL: raise site postgres.storageSize (CloudNativePG resizes when the storage class allows expansion); check WAL archiving is not failing. " +
                        "3. DICOM volume: raise orthanc.storageSize, or move the site to an object store. " +
                        "4. Prometheus: lower the retention or raise its volume size.",
                },
            },
        ],
    },
];

describe("monitoring alert rules as written", () => {
    it("holds each rule's expression, duration, severity and texts as an operator reads them", () => {
        assert.deepEqual(
            groups.map((group) => group.name),
            [...written.map((group) => group.name), auditGroup],
        );
        const actual = groups.filter((group) => group.name !== auditGroup).map((group) => ({
            name: group.name,
            rules: group.rules.map((rule) => ({
                alert: rule.alert,
                expr: rule.expr,
                for: rule.for,
                severity: rule.labels.severity,
                annotations: rule.annotations,
            })),
        }));
        assert.deepEqual(actual, written);
        // Nothing beyond those fields reaches the PrometheusRule.
        for (const rule of groups.flatMap((group) => group.rules)) {
            assert.deepEqual(Object.keys(rule).sort(), ["alert", "annotations", "expr", "for", "labels"], rule.alert);
            assert.deepEqual(Object.keys(rule.labels), ["severity"], rule.alert);
        }
    });

    it("refuses a backup window that is not a positive number of hours, whoever builds the rules", () => {
        for (const hours of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
            assert.throws(
                () => buildAlertRuleGroups({ ...targets, postgres: { ...targets.postgres, backupMaxAgeHours: hours } }),
                /backupMaxAgeHours must be a positive number of hours/,
                String(hours),
            );
        }
    });
});

describe("monitoring alert rules under promtool test rules #real", () => {
    it("fires OrthancDown once every replica has failed its scrape for 5 minutes", () => {
        const namespace = { namespace: "imaging" };
        runUnitTests([
            {
                interval: "1m",
                // Scraped until minute 2, failing from then on.
                input_series: [{ series: 'up{namespace="imaging", service="orthanc", pod="orthanc-0"}', values: "1 1 0x20" }],
                alert_rule_test: [
                    expectAlert("OrthancDown", "1m", undefined),
                    expectAlert("OrthancDown", "6m", undefined),
                    expectAlert("OrthancDown", "8m", namespace),
                ],
            },
            {
                interval: "1m",
                // One replica of two still answers: Orthanc is not down.
                input_series: [
                    { series: 'up{namespace="imaging", service="orthanc", pod="orthanc-0"}', values: "0x20" },
                    { series: 'up{namespace="imaging", service="orthanc", pod="orthanc-1"}', values: "1x20" },
                ],
                alert_rule_test: [expectAlert("OrthancDown", "15m", undefined)],
            },
            {
                interval: "1m",
                // No Orthanc target at all (Service gone, monitor not picked up).
                input_series: [{ series: 'up{namespace="imaging", service="other"}', values: "1x20" }],
                alert_rule_test: [
                    expectAlert("OrthancDown", "4m", undefined),
                    expectAlert("OrthancDown", "6m", { namespace: "imaging", service: "orthanc" }),
                ],
            },
        ]);
    });

    it("fires PostgresBackupTooOld when the newest backup is older than the schedule allows", () => {
        const backupAt = (value: string) => ({
            series: 'barman_cloud_cloudnative_pg_io_last_available_backup_timestamp{namespace="imaging", pod="orthanc-db-1"}',
            values: value,
        });
        runUnitTests([
            {
                interval: "5m",
                // One backup at time 0, none after: 26 h allowed, then 15 minutes pending.
                input_series: [backupAt("0x400")],
                alert_rule_test: [
                    expectAlert("PostgresBackupTooOld", "25h", undefined),
                    expectAlert("PostgresBackupTooOld", "26h10m", undefined),
                    expectAlert("PostgresBackupTooOld", "26h20m", { namespace: "imaging" }),
                ],
            },
            {
                interval: "5m",
                // A backup every 5 minutes (the value tracks the clock): never too old.
                input_series: [backupAt("0+300x400")],
                alert_rule_test: [expectAlert("PostgresBackupTooOld", "30h", undefined)],
            },
        ]);
    });

    it("fires AutoscalerCannotReadMetrics when an autoscaler has been blind for 15 minutes", () => {
        const condition = (status: string) =>
            `kube_horizontalpodautoscaler_status_condition{namespace="imaging", horizontalpodautoscaler="orthanc", condition="ScalingActive", status="${status}"}`;
        const blind = { namespace: "imaging", horizontalpodautoscaler: "orthanc", condition: "ScalingActive", status: "false" };
        runUnitTests([
            {
                interval: "1m",
                // Metrics readable for 5 minutes, then not (metrics-server gone).
                input_series: [
                    { series: condition("false"), values: "0x4 1x30" },
                    { series: condition("true"), values: "1x4 0x30" },
                ],
                alert_rule_test: [
                    expectAlert("AutoscalerCannotReadMetrics", "4m", undefined),
                    expectAlert("AutoscalerCannotReadMetrics", "19m", undefined),
                    expectAlert("AutoscalerCannotReadMetrics", "21m", blind),
                ],
            },
        ]);
    });

    it("fires CertificateExpiringSoon once a certificate has had less than 14 days left for an hour", () => {
        const expiry = (values: string) => ({
            series: 'certmanager_certificate_expiration_timestamp_seconds{namespace="imaging", name="orthanc-dicom-tls"}',
            values,
        });
        const certificate = { namespace: "imaging", name: "orthanc-dicom-tls" };
        runUnitTests([
            {
                interval: "5m",
                // Expires at 15 days 2 hours and is never renewed: 14 days left at 26 hours, then 1 hour pending.
                input_series: [expiry("1303200x400")],
                alert_rule_test: [
                    expectAlert("CertificateExpiringSoon", "25h50m", undefined),
                    expectAlert("CertificateExpiringSoon", "26h50m", undefined),
                    expectAlert("CertificateExpiringSoon", "27h10m", certificate),
                ],
            },
            {
                interval: "5m",
                // Renewed on time: always 60 days ahead.
                input_series: [expiry("5184000+300x400")],
                alert_rule_test: [expectAlert("CertificateExpiringSoon", "30h", undefined)],
            },
        ]);
    });

    it("fires PersistentVolumeOver80Percent above 80 % for 15 minutes, not at 80 % itself", () => {
        const volume = 'namespace="imaging", persistentvolumeclaim="orthanc-dicom"';
        runUnitTests([
            {
                interval: "1m",
                // 100 GiB; exactly 80 % used for 30 minutes, then 81 %.
                input_series: [
                    { series: `kubelet_volume_stats_capacity_bytes{${volume}}`, values: "107374182400x60" },
                    { series: `kubelet_volume_stats_used_bytes{${volume}}`, values: "85899345920x30 86973087744x30" },
                ],
                alert_rule_test: [
                    expectAlert("PersistentVolumeOver80Percent", "30m", undefined),
                    expectAlert("PersistentVolumeOver80Percent", "45m", undefined),
                    expectAlert("PersistentVolumeOver80Percent", "47m", { namespace: "imaging", persistentvolumeclaim: "orthanc-dicom" }),
                ],
            },
        ]);
    });

    it("fails a wrong expectation (the harness can fail)", () => {
        const result = promtool(["test", "rules", "tests.yaml"], {
            "rules.yaml": YAML.stringify({ groups }),
            "tests.yaml": YAML.stringify({
                rule_files: ["rules.yaml"],
                evaluation_interval: "1m",
                tests: [
                    {
                        interval: "1m",
                        input_series: [{ series: 'up{namespace="imaging", service="orthanc"}', values: "1x20" }],
                        alert_rule_test: [expectAlert("OrthancDown", "10m", { namespace: "imaging" })],
                    },
                ],
            }),
        });
        assert.notEqual(result.status, 0, result.output);
    });
});
