// The platform's alert rules as Prometheus rule groups, built from plain names so
// that the same function feeds the PrometheusRule object and the promtool tests.
// Every alert carries a summary, a description and a runbook: the person paged
// at night is rarely the one who wrote the rule.
import { auditMetrics, barmanCloudMetrics, certManagerMetrics, cnpgMetrics, kubernetesMetrics } from "./metrics";

export type Severity = "critical" | "warning";

export interface AlertRule {
    alert: string;
    expr: string;
    for: string;
    labels: { severity: Severity };
    annotations: { summary: string; description: string; runbook: string };
}

export interface RuleGroup {
    name: string;
    rules: AlertRule[];
}

export interface AlertTargets {
    orthanc: {
        namespace: string;
        // The Deployment and the Service that Prometheus scrapes.
        deployment: string;
        service: string;
    };
    postgres: {
        namespace: string;
        // CloudNativePG Cluster name; its instance pods are <cluster>-<n>.
        cluster: string;
        // Alert when the newest backup is older than this. Only for clusters that
        // are backed up: without backups the alert would fire forever.
        backupMaxAgeHours?: number;
    };
    audit: AuditAlertSettings;
}

// The alerts on Orthanc's audit trail, counted by the audit-metrics sidecar
// (components/orthanc/audit-metrics.ts): per user and action, one per audited call
// (a bulk delete of many studies is one call).
export interface AuditAlertSettings {
    /**
     * Names in the audit's user field whose every audited call alerts: the
     * break-glass account and the "(ambiguous)" marker (and, for an Orthanc
     * without sign-in, the shared admin's marker: the filter never writes its
     * generated name). Passed in, never a generated name.
     */
    privilegedUsers: string[];
    /** More audited deletes than this by one user within deleteBurstWindow alert. @default 20 (defaultDeleteBurst.threshold) */
    deleteBurstThreshold?: number;
    /** Minutes or hours ("10m", "1h"). @default "10m" (defaultDeleteBurst.window) */
    deleteBurstWindow?: string;
}

// A person correcting studies deletes a few series or studies at a time; twenty
// separate deletions within ten minutes is a clean-up or a mistake worth a look.
export const defaultDeleteBurst = { threshold: 20, window: "10m" } as const;
// How long after a privileged call its alert stays firing.
export const privilegedUseWindow = "10m";

// A replica this far behind has lost most of its value as a failover target.
export const replicationLagThresholdSeconds = 300;
// cert-manager renews at two thirds of a certificate's life (30 days before expiry
// for 90-day certificates): two weeks left means renewal has been failing for weeks.
export const certificateExpiryThresholdDays = 14;
export const volumeUsageThreshold = 0.8;

export function buildAlertRuleGroups(targets: AlertTargets): RuleGroup[] {
    return [orthancRules(targets.orthanc), postgresRules(targets.postgres), platformRules(), auditRules(targets.audit, targets.orthanc)];
}

function orthancRules(o: AlertTargets["orthanc"]): RuleGroup {
    const scrape = selector({ namespace: o.namespace, service: o.service });
    const deployment = selector({ namespace: o.namespace, deployment: o.deployment });
    return {
        name: "imaging-orthanc",
        rules: [
            {
                alert: "OrthancDown",
                // absent(): with no target at all (Service gone, ServiceMonitor not
                // picked up) there is no "up" series to be 0.
                expr: `(sum by (namespace) (${kubernetesMetrics.scrapeUp}${scrape}) == 0) or absent(${kubernetesMetrics.scrapeUp}${scrape})`,
                for: "5m",
                labels: { severity: "critical" },
                annotations: {
                    summary: "Orthanc in {{ $labels.namespace }} answers no metrics scrape",
                    description:
                        "For 5 minutes Prometheus has reached no Orthanc replica at /tools/metrics-prometheus: " +
                        "Orthanc is down or unreachable, or it refuses the metrics user's credentials.",
                    runbook:
                        `1. kubectl -n ${o.namespace} get pods -l app.kubernetes.io/name=${o.service}: are the pods Running and Ready? ` +
                        `2. If not: kubectl -n ${o.namespace} describe pod / logs --previous (database unreachable, DICOM TLS Secret missing, OOM). ` +
                        "3. If they are Ready: Prometheus > Status > Targets shows the scrape error; a 401 means the " +
                        `metrics Secret and Orthanc's configuration disagree (roll the Deployment ${o.deployment} so Orthanc reloads it).`,
                },
            },
            {
                alert: "OrthancNoReadyReplica",
                expr: `max by (namespace, deployment) (${kubernetesMetrics.deploymentReplicasAvailable}${deployment}) < 1`,
                for: "5m",
                labels: { severity: "critical" },
                annotations: {
                    summary: "Deployment {{ $labels.deployment }} in {{ $labels.namespace }} has no ready replica",
                    description: "No Orthanc replica has passed its readiness probe for 5 minutes: DICOM and DICOMweb are unavailable.",
                    runbook:
                        `1. kubectl -n ${o.namespace} get deploy,pods -l app.kubernetes.io/name=${o.service}. ` +
                        `2. kubectl -n ${o.namespace} describe pod: Pending (volume, quota, node) or failing probes? ` +
                        "3. The readiness probe calls /changes, which needs PostgreSQL: check the PostgreSQL alerts first. " +
                        `4. kubectl -n ${o.namespace} logs deploy/${o.deployment} for configuration or TLS errors.`,
                },
            },
        ],
    };
}

function postgresRules(p: AlertTargets["postgres"]): RuleGroup {
    const instances = selector({ namespace: p.namespace }, { pod: `${p.cluster}-[0-9]+` });
    const rules: AlertRule[] = [
        {
            alert: "PostgresInstanceNotReady",
            // cnpg_collector_up is 0 when the exporter runs but PostgreSQL does not
            // answer; "up" is 0 when the pod cannot be scraped at all.
            expr:
                `(min by (namespace, pod) (${cnpgMetrics.collectorUp}${instances}) == 0) ` +
                `or (min by (namespace, pod) (${kubernetesMetrics.scrapeUp}${instances}) == 0)`,
            for: "5m",
            labels: { severity: "warning" },
            annotations: {
                summary: "PostgreSQL instance {{ $labels.pod }} in {{ $labels.namespace }} is not serving",
                description: "The instance's exporter reports PostgreSQL down, or the instance cannot be scraped, for 5 minutes.",
                runbook:
                    `1. kubectl -n ${p.namespace} get cluster ${p.cluster} (status, current primary). ` +
                    `2. kubectl -n ${p.namespace} describe pod {{ $labels.pod }} and its logs. ` +
                    "3. A full volume stops PostgreSQL: see PersistentVolumeOver80Percent. " +
                    "4. If the other instances are healthy, CloudNativePG fails over or recreates this one by itself.",
            },
        },
        {
            alert: "PostgresClusterDown",
            expr:
                `(sum by (namespace) (${cnpgMetrics.collectorUp}${instances}) < 1) ` +
                `or absent(${cnpgMetrics.collectorUp}${instances})`,
            for: "5m",
            labels: { severity: "critical" },
            annotations: {
                summary: `PostgreSQL cluster ${p.cluster} in {{ $labels.namespace }} has no serving instance`,
                description: "No instance of the Orthanc database reports PostgreSQL up for 5 minutes: Orthanc cannot store or find studies.",
                runbook:
                    `1. kubectl -n ${p.namespace} get cluster,pods -l cnpg.io/cluster=${p.cluster}. ` +
                    `2. kubectl -n ${p.namespace} describe cluster ${p.cluster}: phase and conditions. ` +
                    "3. The CloudNativePG operator's logs (its namespace, cnpg-system by default) for reconcile errors. " +
                    "4. Check the volumes (full, lost node) before any manual action; never delete PVCs.",
            },
        },
        {
            alert: "PostgresReplicationLagHigh",
            expr: `max by (namespace, pod) (${cnpgMetrics.replicationLagSeconds}${instances}) > ${replicationLagThresholdSeconds}`,
            for: "10m",
            labels: { severity: "warning" },
            annotations: {
                summary: "Replica {{ $labels.pod }} in {{ $labels.namespace }} lags {{ $value | humanizeDuration }} behind the primary",
                description: `Replication lag above ${replicationLagThresholdSeconds} s for 10 minutes: a failover now would lose recent writes or wait for replay.`,
                runbook:
                    `1. kubectl -n ${p.namespace} get cluster ${p.cluster} (replication status). ` +
                    "2. Logs of {{ $labels.pod }}: WAL receiver errors, disk or CPU saturation. " +
                    "3. A heavy ingest burst causes short lag; sustained lag on one replica points at its node or volume.",
            },
        },
    ];
    if (p.backupMaxAgeHours !== undefined) {
        rules.push(backupAgeRule(p, instances, p.backupMaxAgeHours));
    }
    return { name: "imaging-postgres", rules };
}

export function checkBackupMaxAgeHours(hours: number): void {
    if (!Number.isFinite(hours) || hours <= 0) {
        throw new Error(`backupMaxAgeHours must be a positive number of hours, got ${hours}`);
    }
}

function backupAgeRule(p: AlertTargets["postgres"], instances: string, maxAgeHours: number): AlertRule {
    checkBackupMaxAgeHours(maxAgeHours);
    // The plugin's metric first; the in-core one only where the plugin's is missing.
    const newestBackup =
        `max by (namespace) (${barmanCloudMetrics.lastAvailableBackup}${instances} ` +
        `or ${cnpgMetrics.lastAvailableBackup}${instances})`;
    return {
        alert: "PostgresBackupTooOld",
        expr: `time() - ${newestBackup} > ${Math.round(maxAgeHours * 3600)}`,
        for: "15m",
        labels: { severity: "critical" },
        annotations: {
            summary: `No PostgreSQL base backup of ${p.cluster} in {{ $labels.namespace }} within ${maxAgeHours} hours`,
            description:
                `The newest available base backup is older than ${maxAgeHours} hours, more than the backup schedule allows: ` +
                "a restore would have to replay a long WAL chain, or nothing recent is restorable.",
            runbook:
                `1. kubectl -n ${p.namespace} get backups,scheduledbackups: the latest Backup's phase and error. ` +
                `2. kubectl -n ${p.namespace} describe objectstore ${p.cluster}-backups and check the object store credentials and reachability. ` +
                "3. The Barman Cloud plugin's logs, beside the operator (cnpg-system by default). " +
                `4. Once fixed, take one at once: a Backup of cluster ${p.cluster} with method plugin (kubectl cnpg backup ${p.cluster} -n ${p.namespace} --method plugin --plugin-name barman-cloud.cloudnative-pg.io).`,
        },
    };
}

function platformRules(): RuleGroup {
    const secondsLeft = `(${certManagerMetrics.certificateExpiry} - time())`;
    const usage = `(${kubernetesMetrics.volumeUsedBytes} / ${kubernetesMetrics.volumeCapacityBytes})`;
    return {
        name: "imaging-platform",
        rules: [
            {
                alert: "CertificateExpiringSoon",
                expr: `${secondsLeft} < ${certificateExpiryThresholdDays * 24 * 3600}`,
                for: "1h",
                labels: { severity: "warning" },
                annotations: {
                    summary: "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in {{ $value | humanizeDuration }}",
                    description: `Less than ${certificateExpiryThresholdDays} days left and cert-manager has not renewed it; DICOM TLS clients will be refused once it expires.`,
                    runbook:
                        "1. kubectl -n {{ $labels.namespace }} describe certificate {{ $labels.name }}: Ready condition and last failure. " +
                        "2. kubectl -n {{ $labels.namespace }} get certificaterequests,orders: the failing request. " +
                        "3. kubectl -n cert-manager logs deploy/cert-manager; check the issuer (CA Secret present, ACME reachable).",
                },
            },
            {
                // An autoscaler needs the metrics API (metrics-server), which many
                // clusters (kind, kubeadm, RKE2 without its add-on) lack: then it
                // never adds a replica, and nothing else would say so.
                alert: "AutoscalerCannotReadMetrics",
                expr: `${kubernetesMetrics.autoscalerCondition}${selector({ condition: "ScalingActive", status: "false" })} == 1`,
                for: "15m",
                labels: { severity: "warning" },
                annotations: {
                    summary: "Autoscaler {{ $labels.namespace }}/{{ $labels.horizontalpodautoscaler }} cannot read metrics",
                    description: "For 15 minutes the autoscaler has not been able to compute how many replicas it needs, so it will not scale out under load.",
                    runbook:
                        "1. kubectl -n {{ $labels.namespace }} describe hpa {{ $labels.horizontalpodautoscaler }}: the ScalingActive condition says why. " +
                        "2. kubectl get apiservice v1beta1.metrics.k8s.io: is metrics-server installed and Available? Install it (or the distribution's add-on) if not. " +
                        "3. kubectl top pods -n {{ $labels.namespace }}: metrics-server must report the pods' CPU.",
                },
            },
            {
                alert: "PersistentVolumeOver80Percent",
                expr: `max by (namespace, persistentvolumeclaim) ${usage} > ${volumeUsageThreshold}`,
                for: "15m",
                labels: { severity: "warning" },
                annotations: {
                    summary: "Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is {{ $value | humanizePercentage }} full",
                    description: `More than ${volumeUsageThreshold * 100} % of the volume is used. A full PostgreSQL or DICOM volume stops ingest.`,
                    runbook:
                        "1. Which workload: kubectl -n {{ $labels.namespace }} get pvc {{ $labels.persistentvolumeclaim }}. " +
                        "2. PostgreSQL: raise site postgres.storageSize (CloudNativePG resizes when the storage class allows expansion); check WAL archiving is not failing. " +
                        "3. DICOM volume: raise orthanc.storageSize, or move the site to an object store. " +
                        "4. Prometheus: lower the retention or raise its volume size.",
                },
            },
        ],
    };
}

export function checkAuditAlertSettings(settings: AuditAlertSettings): void {
    if (settings.privilegedUsers.length === 0 || settings.privilegedUsers.some((user) => user.length === 0)) {
        throw new Error("privilegedUsers must name at least one user, none of them empty");
    }
    const threshold = settings.deleteBurstThreshold ?? defaultDeleteBurst.threshold;
    if (!Number.isInteger(threshold) || threshold < 1) {
        throw new Error(`deleteBurstThreshold must be a whole number of deletions, at least 1, got ${threshold}`);
    }
    const window = settings.deleteBurstWindow ?? defaultDeleteBurst.window;
    if (!/^[1-9][0-9]*[mh]$/.test(window)) {
        throw new Error(`deleteBurstWindow must be minutes or hours, e.g. "10m" or "1h", got ${JSON.stringify(window)}`);
    }
}

// The calls a counter counted within the window, also for a series that appeared
// within it: increase() sees no growth in a series' first sample, yet mtail
// creates a user's series at the first call, possibly with several calls in it.
function callsWithin(series: string, window: string): string {
    const appeared = `(${series} unless ${series} offset ${window})`;
    return `(increase(${series}[${window}]) unless ${appeared}) or ${appeared}`;
}

function auditRules(settings: AuditAlertSettings, o: AlertTargets["orthanc"]): RuleGroup {
    checkAuditAlertSettings(settings);
    const threshold = settings.deleteBurstThreshold ?? defaultDeleteBurst.threshold;
    const window = settings.deleteBurstWindow ?? defaultDeleteBurst.window;
    const privileged = `${auditMetrics.requests}${selector({}, { user: settings.privilegedUsers.map(escapeRegex).join("|") })}`;
    const deletes = `${auditMetrics.requests}${selector({ action: "delete" })}`;
    const runbookStart =
        `1. Orthanc's log, every replica (kubectl -n ${o.namespace} logs -l app.kubernetes.io/name=${o.service} -c orthanc --tail=-1 --prefix ` +
        "| grep 'AUDIT user={{ $labels.user }} '), or the site's log store: what was called, when, from which address.";
    return {
        name: "imaging-audit",
        rules: [
            {
                alert: "PrivilegedAccountUsed",
                expr: `sum by (namespace, user) (${callsWithin(privileged, privilegedUseWindow)}) > 0`,
                for: "0m",
                labels: { severity: "warning" },
                annotations: {
                    summary: "{{ $labels.user }} changed, exported or deleted data in {{ $labels.namespace }}",
                    description:
                        `The account {{ $labels.user }} made audited calls within the last ${privilegedUseWindow}. ` +
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
                expr: `sum by (namespace, user) (${callsWithin(deletes, window)}) > ${threshold}`,
                for: "0m",
                labels: { severity: "warning" },
                annotations: {
                    summary: "{{ $labels.user }} deleted data {{ $value | humanize }} times within " + window + " in {{ $labels.namespace }}",
                    description: `More than ${threshold} audited deletions by one user within ${window}: a clean-up, a script gone wrong, or misuse.`,
                    runbook:
                        `${runbookStart} ` +
                        "2. Ask the person (or the script's owner) whether the deletions were intended. " +
                        "3. If not: disable the account in Keycloak, then recover the studies (the PostgreSQL backups, the object store's versions).",
                },
            },
        ],
    };
}

function escapeRegex(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// A PromQL selector: exact matches, then regular-expression matches.
function selector(equal: Record<string, string>, regex: Record<string, string> = {}): string {
    const quote = (value: string) => JSON.stringify(value);
    const parts = [
        ...Object.entries(equal).map(([label, value]) => `${label}=${quote(value)}`),
        ...Object.entries(regex).map(([label, value]) => `${label}=~${quote(value)}`),
    ];
    return `{${parts.join(", ")}}`;
}
