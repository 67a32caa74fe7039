// The key alerts behave as their runbooks promise, run by promtool's rule unit
// tests on synthetic series: they fire after their `for:` duration, and not before.
import { strict as assert } from "assert";
import * as YAML from "yaml";
import { buildAlertRuleGroups, type AlertRule, type AlertTargets } from "../components/monitoring/alert-rules";
import { promtool } from "./support/monitoring";

const targets: AlertTargets = {
    orthanc: { namespace: "imaging", deployment: "orthanc", service: "orthanc" },
    postgres: { namespace: "imaging", cluster: "orthanc-db", backupMaxAgeHours: 26 },
};
const groups = buildAlertRuleGroups(targets);

function rule(name: string): AlertRule {
    const found = groups.flatMap((group) => group.rules).find((r) => r.alert === name);
    assert.ok(found, `no alert ${name}`);
    return found;
}

// Annotations as Prometheus renders them for an alert with these labels. Only
// {{ $labels.x }} is supported: the alerts tested here use nothing else.
function rendered(name: string, labels: Record<string, string>): Record<string, string> {
    return Object.fromEntries(
        Object.entries(rule(name).annotations).map(([key, template]) => {
            const text = template.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, label: string) => labels[label] ?? "");
            assert.doesNotMatch(text, /\{\{/, `${name}.${key} uses a template this test cannot render`);
            return [key, text];
        }),
    );
}

interface AlertCase {
    eval_time: string;
    alertname: string;
    exp_alerts: { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[];
}

function expectAlert(name: string, evalTime: string, labels: Record<string, string> | undefined): AlertCase {
    const all = labels ? { ...labels, severity: rule(name).labels.severity } : undefined;
    return {
        eval_time: evalTime,
        alertname: name,
        exp_alerts: all ? [{ exp_labels: all, exp_annotations: rendered(name, all) }] : [],
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
