// Metric names the dashboards and alert rules query, in one place, each with the
// exporter that produces it. A typo here would give an empty panel or an alert
// that can never fire, and nothing else would notice.

// Orthanc 1.12 at /tools/metrics-prometheus (Orthanc Book, "Instrumentation with
// Prometheus"; OrthancRestSystem.cpp). Counts and sizes describe the shared
// database, so every replica reports the same value: take max(), not sum().
// Durations are "max over the last 10 seconds" gauges.
export const orthancMetrics = {
    instances: "orthanc_count_instances",
    studies: "orthanc_count_studies",
    patients: "orthanc_count_patients",
    diskSizeMb: "orthanc_disk_size_mb",
    jobsPending: "orthanc_jobs_pending",
    jobsRunning: "orthanc_jobs_running",
    jobsFailed: "orthanc_jobs_failed",
    restActiveRequests: "orthanc_rest_api_active_requests",
    restDurationMs: "orthanc_rest_api_duration_ms",
    storeDicomDurationMs: "orthanc_store_dicom_duration_ms",
    upTimeSeconds: "orthanc_up_time_s",
} as const;

// CloudNativePG instance exporter (port "metrics", 9187): the collector's own
// metrics and the operator's default-monitoring queries (backends, pg_database,
// pg_replication).
export const cnpgMetrics = {
    collectorUp: "cnpg_collector_up",
    replicationLagSeconds: "cnpg_pg_replication_lag",
    streamingReplicas: "cnpg_pg_replication_streaming_replicas",
    databaseSizeBytes: "cnpg_pg_database_size_bytes",
    backends: "cnpg_backends_total",
    // In-core Barman metric: superseded by the plugin's below, kept as a fallback.
    lastAvailableBackup: "cnpg_collector_last_available_backup_timestamp",
} as const;

// Barman Cloud plugin, exported through the same instance exporter
// (plugin-barman-cloud docs, "Observability").
export const barmanCloudMetrics = {
    lastAvailableBackup: "barman_cloud_cloudnative_pg_io_last_available_backup_timestamp",
    lastFailedBackup: "barman_cloud_cloudnative_pg_io_last_failed_backup_timestamp",
} as const;

// Istio standard metrics (Envoy sidecars and gateways, /stats/prometheus).
export const istioMetrics = {
    requests: "istio_requests_total",
    requestDurationBucket: "istio_request_duration_milliseconds_bucket",
    tcpConnectionsOpened: "istio_tcp_connections_opened_total",
    tcpReceivedBytes: "istio_tcp_received_bytes_total",
    tcpSentBytes: "istio_tcp_sent_bytes_total",
} as const;

// cert-manager controller.
export const certManagerMetrics = {
    certificateExpiry: "certmanager_certificate_expiration_timestamp_seconds",
} as const;

// kubelet (volume stats) and kube-state-metrics, both scraped by kube-prometheus-stack.
export const kubernetesMetrics = {
    volumeUsedBytes: "kubelet_volume_stats_used_bytes",
    volumeCapacityBytes: "kubelet_volume_stats_capacity_bytes",
    deploymentReplicasAvailable: "kube_deployment_status_replicas_available",
    // One series per condition and status; ScalingActive false: the autoscaler cannot compute a desired count.
    autoscalerCondition: "kube_horizontalpodautoscaler_status_condition",
    scrapeUp: "up",
} as const;

// The audit-metrics sidecar in Orthanc's pod (mtail over the Lua filter's audit
// file; components/orthanc/audit-metrics.ts). One series per person and action
// (delete, export, change), labels user and action.
export const auditMetrics = {
    requests: "imaging_audit_requests_total",
} as const;
