// The key alerts behave as their runbooks promise, run by promtool's rule unit
// tests on synthetic series: they fire after their `for:` duration, and not before.
import { strict as assert } from "assert";
import * as YAML from "yaml";
import { buildAlertRuleGroups, type AlertTargets } from "../components/monitoring/alert-rules";
import { promtool } from "./support/monitoring";

const targets: AlertTargets = {
    orthanc: { namespace: "imaging", deployment: "orthanc", service: "orthanc" },
    postgres: { namespace: "imaging", cluster: "orthanc-db", backupMaxAgeHours: 26 },
};
const groups = buildAlertRuleGroups(targets);

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
