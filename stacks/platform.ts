// The platform layer, written once for every site: PostgreSQL (CloudNativePG) and
// Orthanc. Everything site-specific arrives as data in `site`; nothing here asks
// what kind of site it runs on.
import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/kubernetes/core/v1";
import { namespace } from "../components/kubernetes/namespace";
import { Orthanc } from "../components/orthanc/orthanc";
import { PostgresCluster } from "../components/postgres/cluster";
import { CloudNativePgOperator } from "../components/postgres/operator";
import { objectStoreSecretKeys, objectStoreUrl, type ObjectStoreTarget } from "../components/storage/object-store";
import { images } from "../components/versions";
import type { Site } from "./config/load";
import type { SiteConfig } from "./config/schema";

export const platformNamespaces = {
    imaging: "imaging",
    postgresOperator: "cnpg-system",
} as const;

// Secrets that the certificate layer provides to Orthanc's DICOM TLS port.
export const dicomTlsSecretNames = {
    server: "orthanc-dicom-server-tls",
    trustedCa: "orthanc-dicom-trusted-ca",
} as const;

export interface PlatformArgs {
    site: Site;
}

export class Platform extends pulumi.ComponentResource {
    readonly namespace: string = platformNamespaces.imaging;
    readonly orthanc: Orthanc;
    readonly database: PostgresCluster;
    // Where PostgreSQL backups go, or undefined when the site has no object store.
    readonly backupDestination?: string;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:platform:Platform", name, {}, opts);
        const { config } = args.site;

        const imaging = namespace(
            { name: platformNamespaces.imaging, podSecurity: "restricted" },
            // Deleting the namespace would delete the database and the DICOM volume with it.
            { parent: this, protect: true },
        );
        const ns = imaging.metadata.name;

        const objectStore = config.objectStore ? this.objectStoreTarget(config.objectStore, ns, args.site) : undefined;

        const operator = new CloudNativePgOperator(
            "cloudnative-pg",
            {
                namespace: platformNamespaces.postgresOperator,
                ...(objectStore ? { barmanCloudPlugin: { dependsOn: [] } } : {}),
            },
            { parent: this },
        );

        this.database = new PostgresCluster(
            "orthanc-db",
            {
                namespace: ns,
                instances: config.postgres.instances,
                storageSize: config.postgres.storageSize,
                storageClass: config.storageClass,
                resources: config.postgres.resources,
                database: "orthanc",
                owner: "orthanc",
                operator,
                ...(objectStore
                    ? {
                          backup: {
                              objectStore,
                              schedule: config.postgres.backupSchedule,
                              retention: config.postgres.backupRetention,
                          },
                      }
                    : {}),
            },
            { parent: this },
        );
        this.backupDestination = objectStore ? objectStoreUrl(objectStore, "postgres/orthanc-db") : undefined;
        if (!objectStore) {
            pulumi.log.warn(
                `site ${config.name} has no objectStore: PostgreSQL is not backed up and DICOM files live on one volume. ` +
                    `Set site.objectStore for any site that holds patient data.`,
                this,
            );
        }

        const { replicas, maxReplicas } = orthancReplicas(config);
        this.orthanc = new Orthanc(
            "orthanc",
            {
                namespace: ns,
                siteName: config.name,
                // Only the -full image carries the Azure Blob storage plugin.
                image: config.objectStore?.type === "azureBlob" ? images.orthancFull : images.orthanc,
                replicas,
                maxReplicas,
                aeTitle: config.orthanc.aeTitle,
                concurrentJobs: config.orthanc.concurrentJobs,
                resources: config.orthanc.resources,
                storage: objectStore
                    ? { kind: "objectStore", store: objectStore }
                    : { kind: "volume", size: config.orthanc.storageSize, storageClass: config.storageClass },
                database: {
                    host: this.database.host,
                    port: this.database.port,
                    database: this.database.database,
                    credentialsSecretName: this.database.credentialsSecretName,
                    caSecretName: this.database.caSecretName,
                },
                dicomTls: {
                    serverSecretName: dicomTlsSecretNames.server,
                    trustedCaSecretName: dicomTlsSecretNames.trustedCa,
                },
            },
            { parent: this, dependsOn: [this.database] },
        );

        this.registerOutputs({ namespace: this.namespace });
    }

    // The site's object store, with a Secret for its keys when the site uses keys.
    private objectStoreTarget(
        store: NonNullable<SiteConfig["objectStore"]>,
        ns: pulumi.Output<string>,
        site: Site,
    ): ObjectStoreTarget {
        const secretName = "object-store-credentials";
        const credentials = (stringData: Record<string, pulumi.Input<string>>) =>
            new Secret(
                secretName,
                { metadata: { name: secretName, namespace: ns }, type: "Opaque", stringData },
                { parent: this },
            ).metadata.name;

        if (store.type === "azureBlob") {
            return {
                type: "azureBlob",
                storageAccount: store.storageAccount,
                container: store.container,
                credentialsSecretName: credentials({
                    [objectStoreSecretKeys.connectionString]: required(site.secrets.objectStoreConnectionString),
                }),
            };
        }
        return {
            type: "s3",
            bucket: store.bucket,
            region: store.region,
            endpoint: store.endpoint,
            credentialsSecretName:
                store.accessKeyId === undefined
                    ? undefined
                    : credentials({
                          [objectStoreSecretKeys.accessKeyId]: store.accessKeyId,
                          [objectStoreSecretKeys.secretAccessKey]: required(site.secrets.objectStoreSecretAccessKey),
                      }),
        };
    }
}

// One replica on a volume; on an object store, two for availability and room to grow.
export function orthancReplicas(config: SiteConfig): { replicas: number; maxReplicas: number } {
    if (!config.objectStore) {
        return { replicas: 1, maxReplicas: 1 };
    }
    const replicas = config.orthanc.replicas ?? 2;
    return { replicas, maxReplicas: config.orthanc.maxReplicas ?? Math.max(replicas, 4) };
}

function required<T>(value: T | undefined): T {
    if (value === undefined) {
        // loadSite checks these before any resource is declared.
        throw new Error("object store secret missing after validation");
    }
    return value;
}
