// Istio traffic into the platform's workloads, as the receiving sidecar sees it
// (reporter="destination"): HTTP for the REST API and DICOMweb, TCP for DICOM.
import { istioMetrics as m } from "../metrics";
import { buildDashboard, type GrafanaDashboard } from "./grafana";

const dest = `reporter="destination", destination_workload_namespace="$namespace"`;

export function istioDashboard(): GrafanaDashboard {
    return buildDashboard({
        uid: "imaging-istio-traffic",
        title: "Imaging / Istio traffic",
        tags: ["imaging-platform", "istio"],
        variables: [
            { name: "namespace", label: "Namespace", query: `label_values(${m.requests}{reporter="destination"}, destination_workload_namespace)` },
        ],
        panels: [
            {
                kind: "timeseries",
                title: "HTTP requests",
                unit: "reqps",
                queries: [{ expr: `sum by (destination_service) (rate(${m.requests}{${dest}}[5m]))`, legend: "{{destination_service}}" }],
            },
            {
                kind: "timeseries",
                title: "HTTP 5xx responses",
                unit: "reqps",
                queries: [
                    {
                        expr: `sum by (destination_service) (rate(${m.requests}{${dest}, response_code=~"5.."}[5m]))`,
                        legend: "{{destination_service}}",
                    },
                ],
            },
            {
                kind: "timeseries",
                title: "HTTP latency, 95th percentile",
                unit: "ms",
                queries: [
                    {
                        expr: `histogram_quantile(0.95, sum by (le, destination_service) (rate(${m.requestDurationBucket}{${dest}}[5m])))`,
                        legend: "{{destination_service}}",
                    },
                ],
            },
            {
                kind: "timeseries",
                title: "TCP connections opened (DICOM)",
                unit: "cps",
                queries: [
                    { expr: `sum by (destination_service) (rate(${m.tcpConnectionsOpened}{${dest}}[5m]))`, legend: "{{destination_service}}" },
                ],
            },
            {
                kind: "timeseries",
                title: "TCP throughput",
                unit: "Bps",
                queries: [
                    { expr: `sum by (destination_service) (rate(${m.tcpReceivedBytes}{${dest}}[5m]))`, legend: "{{destination_service}} in" },
                    { expr: `sum by (destination_service) (rate(${m.tcpSentBytes}{${dest}}[5m]))`, legend: "{{destination_service}} out" },
                ],
            },
        ],
    });
}
