// Orthanc: what is stored, how fast it arrives, and whether jobs and the REST API keep up.
import { orthancMetrics as m } from "../metrics";
import { buildDashboard, type GrafanaDashboard } from "./grafana";

const ns = `namespace="$namespace"`;

export function orthancDashboard(): GrafanaDashboard {
    return buildDashboard({
        uid: "imaging-orthanc",
        title: "Imaging / Orthanc",
        tags: ["imaging-platform", "orthanc"],
        variables: [{ name: "namespace", label: "Namespace", query: `label_values(${m.instances}, namespace)` }],
        panels: [
            // Counts describe the shared database: every replica reports the same
            // number, so max() and never sum().
            { kind: "stat", title: "Instances stored", unit: "short", width: 6, queries: [{ expr: `max(${m.instances}{${ns}})` }] },
            { kind: "stat", title: "Studies", unit: "short", width: 6, queries: [{ expr: `max(${m.studies}{${ns}})` }] },
            { kind: "stat", title: "Patients", unit: "short", width: 6, queries: [{ expr: `max(${m.patients}{${ns}})` }] },
            {
                kind: "stat",
                title: "Replicas reporting",
                description: "Orthanc replicas whose metrics Prometheus scraped.",
                unit: "short",
                width: 6,
                queries: [{ expr: `count(${m.upTimeSeconds}{${ns}})` }],
            },
            {
                kind: "timeseries",
                title: "Ingest rate",
                description: "Net change of stored instances per second (deletions count negative).",
                unit: "short",
                queries: [{ expr: `max(deriv(${m.instances}{${ns}}[5m]))`, legend: "instances/s" }],
            },
            {
                kind: "timeseries",
                title: "Storage size",
                description: "Size of all DICOM files Orthanc stores (after compression, if any).",
                unit: "decmbytes",
                queries: [{ expr: `max(${m.diskSizeMb}{${ns}})`, legend: "stored" }],
            },
            {
                kind: "timeseries",
                title: "Jobs",
                description: "Each replica runs its own jobs (retrieves, exports, modifications).",
                unit: "short",
                queries: [
                    { expr: `sum(${m.jobsPending}{${ns}})`, legend: "pending" },
                    { expr: `sum(${m.jobsRunning}{${ns}})`, legend: "running" },
                    { expr: `sum(${m.jobsFailed}{${ns}})`, legend: "failed (kept in history)" },
                ],
            },
            {
                kind: "timeseries",
                title: "REST API load",
                unit: "short",
                queries: [{ expr: `max by (pod) (${m.restActiveRequests}{${ns}})`, legend: "{{pod}} active requests" }],
            },
            {
                kind: "timeseries",
                title: "Slowest request and store (10 s window)",
                unit: "ms",
                queries: [
                    { expr: `max by (pod) (${m.restDurationMs}{${ns}})`, legend: "{{pod}} REST" },
                    { expr: `max by (pod) (${m.storeDicomDurationMs}{${ns}})`, legend: "{{pod}} store DICOM" },
                ],
            },
        ],
    });
}
