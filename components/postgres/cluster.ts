// A PostgreSQL cluster run by CloudNativePG, with one application database and its
// owner role. The password is generated and lives only in a Kubernetes Secret;
// clients must use TLS; when the site has an object store, WAL is archived and base
// backups are scheduled there through the Barman Cloud plugin.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Secret } from "@pulumi/kubernetes/core/v1";
import { appLabels } from "../kubernetes/labels";
import { hostnameTopologyKey, spreadAcrossZones } from "../kubernetes/spreading";
import { images } from "../versions";
import { objectStoreSecretKeys, objectStoreUrl, type ObjectStoreTarget, type WorkloadIdentity } from "../storage/object-store";
import type { ContainerResources } from "../kubernetes/resources";
import { managedRoleSpec, type ManagedRole } from "./extra-database";

// Ports CloudNativePG's instance pods listen on besides PostgreSQL's own.
export const cloudNativePgPorts = {
    // The instance manager's status endpoint, polled by the operator and by the other instances.
    status: 8000,
    metrics: 9187,
} as const;

export const barmanCloudPluginName = "barman-cloud.cloudnative-pg.io";

export interface PostgresBackupArgs {
    objectStore: ObjectStoreTarget;
    // Six fields, seconds first (CloudNativePG's cron dialect).
    schedule: string;
    // Barman retention policy, e.g. "30d".
    retention: string;
    // The cloud identity that reaches the store, bound to the instances' service
    // account (their Barman Cloud sidecar writes the backups); absent: keys in a Secret.
    workloadIdentity?: WorkloadIdentity;
}

export interface PostgresClusterArgs {
    namespace: pulumi.Input<string>;
    instances: number;
    storageSize: string;
    storageClass?: string;
    resources: ContainerResources;
    database: string;
    owner: string;
    backup?: PostgresBackupArgs;
    /**
     * Login roles of further applications' databases (extra-database.ts), kept by
     * CloudNativePG from their basic-auth Secrets. @default [] (the owner only)
     */
    managedRoles?: ManagedRole[];
    // The operator release: its CRDs and webhooks must exist before the Cluster.
    operator: pulumi.Resource;
    // Anything else the pods need first (e.g. the mesh that injects their sidecars).
    dependsOn?: pulumi.Resource[];
}

export class PostgresCluster extends pulumi.ComponentResource {
    readonly clusterName: string;
    // Read-write service; the server certificate CloudNativePG issues names it.
    readonly host: pulumi.Output<string>;
    readonly port = 5432;
    readonly database: string;
    // kubernetes.io/basic-auth Secret with the owner's username and password.
    readonly credentialsSecretName: pulumi.Output<string>;
    // Secret CloudNativePG creates with the CA that signs the server certificate (key ca.crt).
    readonly caSecretName: string;
    // Labels CloudNativePG puts on every instance pod, and its service account.
    readonly podSelector: Record<string, string>;
    readonly serviceAccountName: string;
    // The Barman Cloud ObjectStore the backups go to (a recovery reads it); absent without backups.
    readonly backupObjectStoreName?: string;

    constructor(name: string, args: PostgresClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:postgres:PostgresCluster", name, {}, opts);
        this.clusterName = name;
        this.database = args.database;
        this.caSecretName = `${name}-ca`;
        this.podSelector = { "cnpg.io/cluster": name };
        this.serviceAccountName = name;
        const labels = appLabels(name, "database");

        const password = new random.RandomPassword(
            `${name}-owner`,
            // Alphanumeric only: the password is embedded in a libpq connection URI.
            { length: 32, special: false },
            { parent: this },
        );
        const credentials = new Secret(
            `${name}-owner`,
            {
                metadata: { name: `${name}-owner`, namespace: args.namespace, labels },
                // CloudNativePG requires basic-auth with username equal to the owner.
                type: "kubernetes.io/basic-auth",
                stringData: { username: args.owner, password: password.result },
            },
            { parent: this },
        );
        this.credentialsSecretName = credentials.metadata.name;

        const backupStore = args.backup
            ? this.declareBackupStore(name, args.namespace, args.backup, labels, args.operator)
            : undefined;
        this.backupObjectStoreName = backupStore ? backupObjectStoreName(name) : undefined;

        const cluster = new CustomResource(
            name,
            {
                apiVersion: "postgresql.cnpg.io/v1",
                kind: "Cluster",
                metadata: { name, namespace: args.namespace, labels },
                spec: {
                    instances: args.instances,
                    imageName: images.postgres,
                    primaryUpdateStrategy: "unsupervised",
                    enableSuperuserAccess: false,
                    inheritedMetadata: {
                        labels: { ...labels, ...args.backup?.workloadIdentity?.podLabels },
                        // Instances call each other's status endpoint by pod address, which a mesh
                        // that allows only registered hosts would drop: that call bypasses the
                        // sidecar, and the port admits callers outside the mesh (PERMISSIVE), as the
                        // operator's calls already need.
                        annotations: { "traffic.sidecar.istio.io/excludeOutboundPorts": String(cloudNativePgPorts.status) },
                    },
                    ...(args.backup?.workloadIdentity
                        ? { serviceAccountTemplate: { metadata: { annotations: args.backup.workloadIdentity.serviceAccountAnnotations } } }
                        : {}),
                    bootstrap: {
                        initdb: {
                            database: args.database,
                            owner: args.owner,
                            secret: { name: credentials.metadata.name },
                        },
                    },
                    storage: {
                        size: args.storageSize,
                        ...(args.storageClass ? { storageClass: args.storageClass } : {}),
                    },
                    resources: args.resources,
                    ...(args.managedRoles?.length ? { managed: { roles: args.managedRoles.map(managedRoleSpec) } } : {}),
                    // Never two instances on one node: a node lost must not take the
                    // primary and its standby together. A cluster needs as many nodes as instances.
                    affinity: { enablePodAntiAffinity: true, topologyKey: hostnameTopologyKey, podAntiAffinityType: "required" },
                    topologySpreadConstraints: [spreadAcrossZones(this.podSelector)],
                    postgresql: {
                        // Inserted before CloudNativePG's final password rule, so a
                        // client that does not negotiate TLS is refused outright.
                        pg_hba: ["hostnossl all all all reject"],
                        ...(args.instances > 1 ? { synchronous: synchronousReplication(args.instances) } : {}),
                    },
                    ...(backupStore
                        ? {
                              plugins: [
                                  {
                                      name: barmanCloudPluginName,
                                      isWALArchiver: true,
                                      parameters: { barmanObjectName: backupStore.metadata.name },
                                  },
                              ],
                          }
                        : {}),
                },
            },
            {
                parent: this,
                dependsOn: [args.operator, ...(args.dependsOn ?? []), ...(backupStore ? [backupStore] : [])],
                // Deleting the Cluster deletes its volumes: the database must be unprotected by hand first.
                protect: true,
            },
        );

        if (args.backup) {
            new CustomResource(
                `${name}-daily`,
                {
                    apiVersion: "postgresql.cnpg.io/v1",
                    kind: "ScheduledBackup",
                    metadata: { name: `${name}-scheduled`, namespace: args.namespace, labels },
                    spec: {
                        schedule: args.backup.schedule,
                        cluster: { name },
                        method: "plugin",
                        pluginConfiguration: { name: barmanCloudPluginName },
                        // A base backup right away, so a new site is restorable from day one.
                        immediate: true,
                        backupOwnerReference: "self",
                    },
                },
                { parent: this, dependsOn: [cluster] },
            );
        }

        this.host = pulumi.interpolate`${name}-rw.${args.namespace}.svc`;
        this.registerOutputs({
            clusterName: this.clusterName,
            host: this.host,
            credentialsSecretName: this.credentialsSecretName,
        });
    }

    private declareBackupStore(
        name: string,
        namespace: pulumi.Input<string>,
        backup: PostgresBackupArgs,
        labels: Record<string, string>,
        operator: pulumi.Resource,
    ): CustomResource {
        const store = backup.objectStore;
        return new CustomResource(
            `${name}-backups`,
            {
                apiVersion: "barmancloud.cnpg.io/v1",
                kind: "ObjectStore",
                metadata: { name: backupObjectStoreName(name), namespace, labels },
                spec: {
                    retentionPolicy: backup.retention,
                    configuration: {
                        destinationPath: objectStoreUrl(store, `postgres/${name}`),
                        ...(store.type === "s3" && store.endpoint ? { endpointURL: store.endpoint } : {}),
                        ...barmanCredentials(store),
                        // Azure Storage encrypts every blob at rest by itself; S3 is asked to.
                        wal: { compression: "gzip", ...serverSideEncryption(store) },
                        data: { compression: "gzip", ...serverSideEncryption(store) },
                    },
                },
            },
            { parent: this, dependsOn: [operator] },
        );
    }
}

function backupObjectStoreName(cluster: string): string {
    return `${cluster}-backups`;
}

function serverSideEncryption(store: ObjectStoreTarget): { encryption?: string } {
    return store.type === "s3" && store.encryption ? { encryption: store.encryption } : {};
}

function barmanCredentials(store: ObjectStoreTarget): Record<string, unknown> {
    if (store.type === "azureBlob" && store.credentialsSecretName === undefined) {
        // DefaultAzureCredential in barman-cloud: the workload identity the webhook injects.
        return { azureCredentials: { inheritFromAzureAD: true } };
    }
    if (store.type === "azureBlob") {
        return {
            azureCredentials: {
                connectionString: { name: store.credentialsSecretName, key: objectStoreSecretKeys.connectionString },
            },
        };
    }
    if (store.credentialsSecretName === undefined) {
        return { s3Credentials: { inheritFromIAMRole: true } };
    }
    return {
        s3Credentials: {
            accessKeyId: { name: store.credentialsSecretName, key: objectStoreSecretKeys.accessKeyId },
            secretAccessKey: { name: store.credentialsSecretName, key: objectStoreSecretKeys.secretAccessKey },
        },
    };
}

// Orthanc acknowledges a C-STORE once its index row is committed: with
// asynchronous replication a failover can lose rows of images already
// acknowledged. Every commit waits for one standby. With two or more standbys a
// commit never proceeds without one ("required"): one standby may be down and
// writes go on. With a single standby, "preferred" lets writes go on while it is
// down (there is then nothing to fail over to), and waits for it otherwise.
export function synchronousReplication(instances: number): Record<string, unknown> {
    return { method: "any", number: 1, dataDurability: instances >= 3 ? "required" : "preferred" };
}
