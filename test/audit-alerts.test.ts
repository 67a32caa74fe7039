// The audit alerts (components/monitoring/alert-rules.ts, group imaging-audit):
// written out as an operator reads them, then run by promtool's rule unit tests
// on the counter the audit-metrics sidecar exports.
import { strict as assert } from "assert";
import * as YAML from "yaml";
import { buildAlertRuleGroups, type AlertTargets, type AuditAlertSettings } from "../components/monitoring/alert-rules";
import { promtool } from "./support/monitoring";

const targets = (audit: AuditAlertSettings): AlertTargets => ({
    orthanc: { namespace: "imaging", deployment: "orthanc", service: "orthanc" },
    postgres: { namespace: "imaging", cluster: "orthanc-db" },
    audit,
});
// As the platform passes them: the break-glass account and the marker of calls naming two people.
const privilegedUsers = ["break-glass", "(ambiguous)"];
const auditGroup = (audit: AuditAlertSettings) => {
    const group = buildAlertRuleGroups(targets(audit)).find((g) => g.name === "imaging-audit");
    assert.ok(group, "no imaging-audit group");
    return group;
};
const groups = buildAlertRuleGroups(targets({ privilegedUsers }));

const runbookStart =
    "1. Orthanc's log, every replica (kubectl -n imaging logs -l app.kubernetes.io/name=orthanc -c orthanc --tail=-1 --prefix " +
    "| grep 'AUDIT user={{ $labels.user }} '), or the site's log store: what was called, when, from which address.";
const privileged = 'imaging_audit_requests_total{user=~"break-glass|\\\\(ambiguous\\\\)"}';
const deletes = 'imaging_audit_requests_total{action="delete"}';

describe("audit alerts as written", () => {
    it("alerts on every call of a privileged account, and on a burst of deletes by one user, with the defaults", () => {
        assert.deepEqual(auditGroup({ privilegedUsers }), {
            name: "imaging-audit",
            rules: [
                {
                    alert: "PrivilegedAccountUsed",
                    // Calls within 10 minutes: the increase of a series, or the value of one that appeared within them.
                    expr:
                        `sum by (namespace, user) ((increase(${privileged}[10m]) unless (${privileged} unless ${privileged} offset 10m)) ` +
                        `or (${privileged} unless ${privileged} offset 10m)) > 0`,
                    for: "0m",
                    labels: { severity: "warning" },
                    annotations: {
                        summary: "{{ $labels.user }} changed, exported or deleted data in {{ $labels.namespace }}",
                        description:
                            "The account {{ $labels.user }} made audited calls within the last 10m. " +
                            "It is the break-glass account (for when sign-in through the hospital's directory fails) " +
                            "or (ambiguous): credentials naming different people in one request.",
                        runbook:
                            `${runbookStart} ` +
                            "2. Ask who used it and why; record it with the incident. " +
                            "3. Break-glass: once single sign-on works again, rotate its password in Keycloak. " +
                            "4. (ambiguous): someone sent one person's token with another's name or token; find the client by the address, and treat it as an attempt to act as someone else.",
                    },
                },
                {
                    alert: "AuditDeleteBurst",
                    expr:
                        `sum by (namespace, user) ((increase(${deletes}[10m]) unless (${deletes} unless ${deletes} offset 10m)) ` +
                        `or (${deletes} unless ${deletes} offset 10m)) > 20`,
                    for: "0m",
                    labels: { severity: "warning" },
                    annotations: {
                        summary: "{{ $labels.user }} deleted data {{ $value | humanize }} times within 10m in {{ $labels.namespace }}",
                        description: "More than 20 audited deletions by one user within 10m: a clean-up, a script gone wrong, or misuse.",
                        runbook:
                            `${runbookStart} ` +
                            "2. Ask the person (or the script's owner) whether the deletions were intended. " +
                            "3. If not: disable the account in Keycloak, then recover the studies (the PostgreSQL backups, the object store's versions).",
                    },
                },
            ],
        });
    });

    it("takes the burst threshold and window it is given", () => {
        const [, burst] = auditGroup({ privilegedUsers, deleteBurstThreshold: 50, deleteBurstWindow: "1h" }).rules;
        assert.match(burst.expr, /\[1h\]\)/);
        assert.match(burst.expr, / offset 1h\)\) > 50$/);
        assert.match(burst.annotations.description, /More than 50 audited deletions by one user within 1h/);
    });

    it("refuses settings that would make an alert that cannot fire or fires on anything", () => {
        const refused: [AuditAlertSettings, RegExp][] = [
            [{ privilegedUsers: [] }, /privilegedUsers must name at least one user/],
            [{ privilegedUsers: [""] }, /none of them empty/],
            [{ privilegedUsers, deleteBurstThreshold: 0 }, /deleteBurstThreshold must be a whole number/],
            [{ privilegedUsers, deleteBurstThreshold: 2.5 }, /deleteBurstThreshold must be a whole number/],
            [{ privilegedUsers, deleteBurstWindow: "10" }, /deleteBurstWindow must be minutes or hours/],
            [{ privilegedUsers, deleteBurstWindow: "0m" }, /deleteBurstWindow must be minutes or hours/],
        ];
        for (const [settings, message] of refused) {
            assert.throws(() => buildAlertRuleGroups(targets(settings)), message, JSON.stringify(settings));
        }
    });
});

interface AlertCase {
    eval_time: string;
    alertname: string;
    exp_alerts: { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[];
}

function expectAlert(name: string, evalTime: string, firing?: { labels: Record<string, string>; annotations: Record<string, string> }): AlertCase {
    const rule = groups.flatMap((g) => g.rules).find((r) => r.alert === name);
    assert.ok(rule, name);
    return {
        eval_time: evalTime,
        alertname: name,
        exp_alerts: firing ? [{ exp_labels: { ...firing.labels, severity: "warning" }, exp_annotations: firing.annotations }] : [],
    };
}

function runUnitTests(tests: unknown[]): void {
    const result = promtool(["test", "rules", "tests.yaml"], {
        "rules.yaml": YAML.stringify({ groups }),
        "tests.yaml": YAML.stringify({ rule_files: ["rules.yaml"], evaluation_interval: "1m", tests }),
    });
    assert.equal(result.status, 0, result.output);
}

// One pod's counter, as Prometheus scrapes it from the sidecar.
const series = (user: string, action: string) =>
    `imaging_audit_requests_total{namespace="imaging", pod="orthanc-7d9f-abcde", user="${user}", action="${action}"}`;

function privilegedFiring(user: string) {
    return {
        labels: { namespace: "imaging", user },
        annotations: {
            summary: `${user} changed, exported or deleted data in imaging`,
            description:
                `The account ${user} made audited calls within the last 10m. ` +
                "It is the break-glass account (for when sign-in through the hospital's directory fails) " +
                "or (ambiguous): credentials naming different people in one request.",
            runbook: runbookFor(user, [
                "2. Ask who used it and why; record it with the incident.",
                "3. Break-glass: once single sign-on works again, rotate its password in Keycloak.",
                "4. (ambiguous): someone sent one person's token with another's name or token; find the client by the address, and treat it as an attempt to act as someone else.",
            ]),
        },
    };
}

function burstFiring(user: string, count: string) {
    return {
        labels: { namespace: "imaging", user },
        annotations: {
            summary: `${user} deleted data ${count} times within 10m in imaging`,
            description: "More than 20 audited deletions by one user within 10m: a clean-up, a script gone wrong, or misuse.",
            runbook: runbookFor(user, [
                "2. Ask the person (or the script's owner) whether the deletions were intended.",
                "3. If not: disable the account in Keycloak, then recover the studies (the PostgreSQL backups, the object store's versions).",
            ]),
        },
    };
}

function runbookFor(user: string, steps: string[]): string {
    return [runbookStart.replace("{{ $labels.user }}", user), ...steps].join(" ");
}

describe("audit alerts under promtool test rules #real", () => {
    it("fires PrivilegedAccountUsed at the first call of break-glass, for 10 minutes, and not for a person", () => {
        runUnitTests([
            {
                interval: "1m",
                // mtail creates the series at the account's first call (minute 5); nothing after.
                input_series: [
                    { series: series("break-glass", "change"), values: "_ _ _ _ _ 1x30" },
                    { series: series("jane.doe", "delete"), values: "1+1x30" },
                ],
                alert_rule_test: [
                    expectAlert("PrivilegedAccountUsed", "4m"),
                    expectAlert("PrivilegedAccountUsed", "5m", privilegedFiring("break-glass")),
                    expectAlert("PrivilegedAccountUsed", "14m", privilegedFiring("break-glass")),
                    expectAlert("PrivilegedAccountUsed", "16m"),
                ],
            },
        ]);
    });

    it("fires PrivilegedAccountUsed again when calls naming two people, long counted, come again", () => {
        runUnitTests([
            {
                interval: "1m",
                // Three calls long ago; one more at minute 30.
                input_series: [{ series: series("(ambiguous)", "export"), values: "3x29 4x30" }],
                alert_rule_test: [
                    expectAlert("PrivilegedAccountUsed", "25m"),
                    expectAlert("PrivilegedAccountUsed", "31m", privilegedFiring("(ambiguous)")),
                    expectAlert("PrivilegedAccountUsed", "41m"),
                ],
            },
        ]);
    });

    it("fires AuditDeleteBurst above 20 deletions in 10 minutes by one user, new or long counted, and not at 20", () => {
        runUnitTests([
            {
                interval: "1m",
                input_series: [
                    // 25 deletions before the first scrape of her series.
                    { series: series("jane.doe", "delete"), values: "_ _ _ _ _ _ 25x30" },
                    // 3 a minute: 30 in 10 minutes.
                    { series: series("script-user", "delete"), values: "0+3x30" },
                    // 2 a minute: 20 in 10 minutes, not more.
                    { series: series("bob", "delete"), values: "0+2x30" },
                    // Changes are not deletions.
                    { series: series("carol", "change"), values: "0+5x30" },
                ],
                alert_rule_test: [
                    expectAlert("AuditDeleteBurst", "4m"),
                    {
                        ...expectAlert("AuditDeleteBurst", "12m"),
                        exp_alerts: [burstFiring("jane.doe", "25"), burstFiring("script-user", "30")].map((f) => ({
                            exp_labels: { ...f.labels, severity: "warning" },
                            exp_annotations: f.annotations,
                        })),
                    },
                    expectAlert("AuditDeleteBurst", "17m", burstFiring("script-user", "30")),
                ],
            },
        ]);
    });
});
