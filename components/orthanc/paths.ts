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
} as const;

// Secret values reach Orthanc only as environment variables from Kubernetes
// Secrets; the configuration names them as ${VAR} and the image substitutes them.
export const secretEnv = {
    adminUser: "ORTHANC_ADMIN_USER",
    adminPassword: "ORTHANC_ADMIN_PASSWORD",
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
} as const;

export const ports = {
    http: 8042,
    dicom: 4242,
} as const;

export function placeholder(variable: string): string {
    return `\${${variable}}`;
}
