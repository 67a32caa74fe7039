// Where things live inside the Orthanc container, and the environment variables
// that carry secrets into it. The config builder and the Deployment both read
// these, so a path or a variable cannot be renamed on one side only.
export const containerPaths = {
    // The orthancteam image reads /etc/orthanc/*.json, runs envsubst on them and
    // writes the merged result to /tmp/orthanc.json.
    configDirectory: "/etc/orthanc",
    configFile: "orthanc.json",
    // Beside orthanc.json in the same ConfigMap; the image only merges *.json files.
    requestFilterFile: "request-filter.lua",
    storageDirectory: "/var/lib/orthanc/db",
    dicomServerTlsDirectory: "/etc/orthanc/tls/dicom-server",
    dicomTrustedCaDirectory: "/etc/orthanc/tls/dicom-clients",
    postgresCaDirectory: "/etc/orthanc/tls/postgres",
    // Writable scratch: the generated config and Orthanc's temporary files.
    tmp: "/tmp",
    // The image copies enabled plugins here when the directory exists, which keeps
    // the root filesystem read-only.
    pluginsDirectory: "/run/orthanc/plugins",
    // The audit lines, also as a file: an emptyDir shared with the audit-metrics
    // sidecar, which reads it (see request-filter.ts and audit-metrics.ts).
    auditDirectory: "/var/log/orthanc-audit",
    auditFile: "audit.log",
    // The audit-metrics sidecar's program (its own ConfigMap).
    auditMetricsProgramDirectory: "/etc/mtail",
} as const;

export function auditFilePath(): string {
    return `${containerPaths.auditDirectory}/${containerPaths.auditFile}`;
}

// Secret values reach Orthanc only as environment variables from Kubernetes
// Secrets; the configuration names them as ${VAR} and the image substitutes them.
export const secretEnv = {
    metricsPassword: "ORTHANC_METRICS_PASSWORD",
    databaseUser: "ORTHANC_DB_USER",
    databasePassword: "ORTHANC_DB_PASSWORD",
    s3AccessKey: "ORTHANC_S3_ACCESS_KEY",
    s3SecretKey: "ORTHANC_S3_SECRET_KEY",
    azureConnectionString: "ORTHANC_AZURE_CONNECTION_STRING",
    // The authorization plugin's password at the auth service (WebServicePassword).
    authServicePassword: "ORTHANC_AUTH_SERVICE_PASSWORD",
} as const;

export const podEnv = {
    // Each replica needs its own identifier when several share one database.
    podName: "POD_NAME",
    // Where the Lua filter appends its audit lines; read at start by the filter.
    auditFile: "ORTHANC_AUDIT_FILE",
} as const;

export const ports = {
    http: 8042,
    dicom: 4242,
    // mtail's default port, where the audit-metrics sidecar serves /metrics.
    auditMetrics: 3903,
} as const;

export function placeholder(variable: string): string {
    return `\${${variable}}`;
}
