// PostgreSQL (CloudNativePG): is every instance up, are replicas current, is
// there a recent backup, and how big and busy is the database.
import { barmanCloudMetrics, cnpgMetrics as m } from "../metrics";
import { buildDashboard, type GrafanaDashboard } from "./grafana";

export function postgresDashboard(clusterName: string): GrafanaDashboard {
    // Instance pods only (<cluster>-<n>), not the cluster's initdb or join jobs.
    const sel = `namespace="$namespace", pod=~"${clusterName}-[0-9]+"`;
    return buildDashboard({
        uid: `imaging-postgres-${clusterName}`,
        title: `Imaging / PostgreSQL ${clusterName}`,
        tags: ["imaging-platform", "postgresql"],
        variables: [{ name: "namespace", label: "Namespace", query: `label_values(${m.collectorUp}, namespace)` }],
        panels: [
            { kind: "stat", title: "Instances up", unit: "short", width: 6, queries: [{ expr: `sum(${m.collectorUp}{${sel}})` }] },
            {
                kind: "stat",
                title: "Streaming replicas",
                description: "Replicas connected to the primary.",
                unit: "short",
                width: 6,
                queries: [{ expr: `max(${m.streamingReplicas}{${sel}})` }],
            },
            {
                kind: "stat",
                title: "Newest base backup",
                description: "From the Barman Cloud plugin, or CloudNativePG's in-core metric where the plugin reports none. Empty without backups.",
                unit: "dateTimeFromNow",
                width: 6,
                queries: [
                    {
                        // Seconds since the epoch; Grafana's time units count milliseconds.
                        expr: `max(${barmanCloudMetrics.lastAvailableBackup}{${sel}} or ${m.lastAvailableBackup}{${sel}}) * 1000`,
                    },
                ],
            },
            {
                kind: "stat",
                title: "Database size",
                unit: "bytes",
                width: 6,
                queries: [{ expr: `max(${m.databaseSizeBytes}{${sel}, datname!~"template0|template1|postgres"})` }],
            },
            {
                kind: "timeseries",
                title: "Replication lag",
                unit: "s",
                queries: [{ expr: `max by (pod) (${m.replicationLagSeconds}{${sel}})`, legend: "{{pod}}" }],
            },
            {
                kind: "timeseries",
                title: "Connections",
                description: "Server processes by state, per instance.",
                unit: "short",
                queries: [{ expr: `sum by (pod, state) (${m.backends}{${sel}})`, legend: "{{pod}} {{state}}" }],
            },
            {
                kind: "timeseries",
                title: "Instance up",
                description: "1 while the instance's exporter reaches PostgreSQL.",
                unit: "short",
                queries: [{ expr: `min by (pod) (${m.collectorUp}{${sel}})`, legend: "{{pod}}" }],
            },
            {
                kind: "timeseries",
                title: "Database size over time",
                unit: "bytes",
                queries: [{ expr: `max by (datname) (${m.databaseSizeBytes}{${sel}, datname!~"template0|template1|postgres"})`, legend: "{{datname}}" }],
            },
        ],
    });
}
