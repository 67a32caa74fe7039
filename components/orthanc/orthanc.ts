// The Orthanc DICOM server behind single sign-on (no account of its own), a
// configuration built by buildOrthancConfig, a Deployment that meets the "restricted" Pod Security
// Standard, and a Service with its HTTP and DICOM (TLS, client certificates
// required) ports. With an object store it scales out; on a volume it is one replica.
import { configChecksum, configChecksumAnnotation } from "../kubernetes/config-checksum";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { HorizontalPodAutoscaler } from "@pulumi/kubernetes/autoscaling/v2";
import { ConfigMap, PersistentVolumeClaim, Secret, Service, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";
import type * as k8s from "@pulumi/kubernetes";
import { appLabels, selectorLabels } from "../kubernetes/labels";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../kubernetes/security";
import { objectStoreSecretKeys, type ObjectStoreTarget, type WorkloadIdentity } from "../storage/object-store";
import { buildOrthancConfig, type OrthancStorage } from "./config";
import { buildRequestFilterLua } from "./request-filter";
import { auditMetricsContainer, auditMetricsProgramFile, buildAuditMetricsProgram } from "./audit-metrics";
import { auditFilePath, containerPaths, podEnv, ports, secretEnv } from "./paths";
import { orthancProbes } from "./probes";
import { spreadAcrossNodesAndZones } from "../kubernetes/spreading";
import type { ContainerResources } from "../kubernetes/resources";

// The orthanc user the image creates (uid and gid 999) owns its writable paths.
const orthancUid = 999;
// Not a secret: it can only read metrics (see request-filter.ts).
export const orthancMetricsUser = "metrics";

export type OrthancStorageArgs =
    | { kind: "volume"; size: string; storageClass?: string }
    | { kind: "objectStore"; store: ObjectStoreTarget };

export interface OrthancDatabaseArgs {
    host: pulumi.Input<string>;
    port: number;
    database: string;
    // kubernetes.io/basic-auth Secret of the database owner.
    credentialsSecretName: pulumi.Input<string>;
    // Secret with the CA (key ca.crt) that signs the database server certificate.
    caSecretName: pulumi.Input<string>;
}

export interface OrthancDicomTlsArgs {
    // kubernetes.io/tls Secret with Orthanc's DICOM server certificate and key.
    serverSecretName: pulumi.Input<string>;
    // ConfigMap whose ca.crt holds every CA whose client certificates may connect.
    trustedCaConfigMapName: pulumi.Input<string>;
}

/** Single sign-on: what the authorization plugin and Orthanc Explorer 2 are told (sign-in.ts). */
export interface OrthancSignInArgs {
    /** The auth service as Orthanc's pods reach it, ending in '/'. */
    authServiceUrl: pulumi.Input<string>;
    /** The account the plugin calls the auth service with. */
    authServiceUsername: string;
    /** A Secret in Orthanc's namespace with that account's password under the key "password". */
    authServicePasswordSecretName: pulumi.Input<string>;
    /** Where browsers sign in: Keycloak's base URL ending in '/', the realm, the public client. */
    keycloak: { url: string; realm: string; clientId: string };
}

export interface OrthancArgs {
    namespace: pulumi.Input<string>;
    siteName: string;
    image: string;
    // The audit-metrics sidecar's image (mtail; the pin in components/versions.ts).
    auditMetricsImage: string;
    replicas: number;
    maxReplicas: number;
    aeTitle: string;
    concurrentJobs: number;
    resources: ContainerResources;
    storage: OrthancStorageArgs;
    database: OrthancDatabaseArgs;
    dicomTls: OrthancDicomTlsArgs;
    // The cloud identity that reaches the object store, bound to Orthanc's service
    // account; absent: none (keys in a Secret, or no object store).
    workloadIdentity?: WorkloadIdentity;
    // Extra annotations on the Deployment (e.g. restart triggers).
    deploymentAnnotations?: Record<string, string>;
    // What the pods need before they start: the database, their certificates, the
    // mesh that injects their sidecar. (A component's own dependsOn does not reach
    // its children, so the Deployment takes them directly.)
    podsWaitFor?: pulumi.Resource[];
    // Orthanc behind the identity provider: the authorization plugin decides every
    // call from the person's token, Orthanc's own authentication is off, and Orthanc
    // keeps no shared admin (the break-glass account is Keycloak's); the Lua filter
    // checks the metrics user's password, and the probes read the metrics (probes.ts).
    signIn: OrthancSignInArgs;
}

export class Orthanc extends pulumi.ComponentResource {
    readonly serviceName: pulumi.Output<string>;
    // basic-auth Secret for scraping /tools/metrics-prometheus.
    readonly metricsSecretName: pulumi.Output<string>;
    // The generated orthanc.json, exactly as the ConfigMap carries it (no secrets inside).
    readonly configJson: pulumi.Output<string>;
    readonly httpPort = ports.http;
    readonly dicomPort = ports.dicom;
    // Where the audit-metrics sidecar serves /metrics (each pod's own counters).
    readonly auditMetricsPort = ports.auditMetrics;
    readonly podSelector: Record<string, string>;
    readonly serviceAccountName: string;

    constructor(name: string, args: OrthancArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:orthanc:Orthanc", name, {}, opts);
        // Checked before any resource is declared: a store Orthanc cannot use stops here.
        const storage = configStorage(args.storage);
        const labels = appLabels(name, "pacs");
        const selector = selectorLabels(name);
        this.podSelector = selector;
        this.serviceAccountName = name;
        const scalable = args.storage.kind === "objectStore";
        if (!scalable && (args.replicas > 1 || args.maxReplicas > 1)) {
            throw new pulumi.ResourceError("Orthanc on a volume runs exactly one replica", this);
        }

        const signIn = args.signIn;
        if (!signIn.keycloak.url.endsWith("/")) {
            throw new pulumi.ResourceError(`signIn.keycloak.url must end in '/' (${signIn.keycloak.url})`, this);
        }
        if (typeof signIn.authServiceUrl === "string" && !signIn.authServiceUrl.endsWith("/")) {
            // Checked again once an output resolves (sign-in.ts), where a mistake fails the update later.
            throw new pulumi.ResourceError(`signIn.authServiceUrl must end in '/' (${signIn.authServiceUrl})`, this);
        }
        const metricsPassword = new random.RandomPassword(
            `${name}-metrics-password`,
            { length: 32, special: false },
            { parent: this },
        );
        const metricsSecret = new Secret(
            `${name}-metrics`,
            {
                metadata: { name: `${name}-metrics`, namespace: args.namespace, labels },
                type: "kubernetes.io/basic-auth",
                stringData: { username: orthancMetricsUser, password: metricsPassword.result },
            },
            { parent: this },
        );
        this.metricsSecretName = metricsSecret.metadata.name;

        const configJson = (host: string, authServiceUrl: string) =>
            JSON.stringify(
                buildOrthancConfig({
                    name: `${args.siteName}-${name}`,
                    aeTitle: args.aeTitle,
                    database: { host, port: args.database.port, database: args.database.database },
                    storage,
                    concurrentJobs: args.concurrentJobs,
                    sharedDatabase: scalable,
                    signIn: { authServiceUrl, authServiceUsername: signIn.authServiceUsername, keycloak: signIn.keycloak },
                }),
                null,
                2,
            );
        this.configJson = pulumi.all([args.database.host, signIn.authServiceUrl]).apply(([host, authServiceUrl]) => configJson(host, authServiceUrl));
        const requestFilter = buildRequestFilterLua(orthancMetricsUser);
        const config = new ConfigMap(
            `${name}-config`,
            {
                metadata: { name: `${name}-config`, namespace: args.namespace, labels },
                data: {
                    [containerPaths.configFile]: this.configJson,
                    [containerPaths.requestFilterFile]: requestFilter,
                },
            },
            { parent: this },
        );
        const auditMetricsProgram = buildAuditMetricsProgram();
        const auditMetricsConfig = new ConfigMap(
            `${name}-audit-metrics`,
            {
                metadata: { name: `${name}-audit-metrics`, namespace: args.namespace, labels },
                data: { [auditMetricsProgramFile]: auditMetricsProgram },
            },
            { parent: this },
        );

        const serviceAccount = new ServiceAccount(
            name,
            {
                metadata: { name, namespace: args.namespace, labels, annotations: args.workloadIdentity?.serviceAccountAnnotations },
                // Orthanc never calls the Kubernetes API.
                automountServiceAccountToken: false,
            },
            { parent: this },
        );

        const dicomVolume =
            args.storage.kind === "volume"
                ? new PersistentVolumeClaim(
                      `${name}-dicom`,
                      {
                          metadata: { name: `${name}-dicom`, namespace: args.namespace, labels },
                          spec: {
                              accessModes: ["ReadWriteOnce"],
                              resources: { requests: { storage: args.storage.size } },
                              ...(args.storage.storageClass ? { storageClassName: args.storage.storageClass } : {}),
                          },
                      },
                      // The DICOM archive itself: never deleted by an accidental destroy.
                      { parent: this, protect: true },
                  )
                : undefined;

        const deployment = new Deployment(
            name,
            {
                metadata: { name, namespace: args.namespace, labels, annotations: args.deploymentAnnotations },
                spec: {
                    // With an autoscaler, the autoscaler owns the count; setting it
                    // here too would reset it on every update.
                    ...(scalable ? {} : { replicas: args.replicas }),
                    selector: { matchLabels: selector },
                    // A ReadWriteOnce volume cannot be mounted by the old and new pod at once.
                    strategy: scalable
                        ? { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } }
                        : { type: "Recreate" },
                    template: {
                        metadata: {
                            labels: { ...labels, ...args.workloadIdentity?.podLabels },
                            // Orthanc reads its configuration only at start: a changed
                            // configuration must roll the pods.
                            annotations: {
                                [configChecksumAnnotation]: this.configJson.apply(
                                    // mtail reads its program only at start too.
                                    (json) => configChecksum(json + requestFilter + auditMetricsProgram),
                                ),
                            },
                        },
                        spec: {
                            serviceAccountName: serviceAccount.metadata.name,
                            automountServiceAccountToken: false,
                            // On SIGTERM Orthanc finishes the association in progress before
                            // exiting; a large study from a modality needs more than 30 s.
                            terminationGracePeriodSeconds: 120,
                            securityContext: restrictedPodSecurityContext(orthancUid, orthancUid),
                            ...(scalable ? { topologySpreadConstraints: spreadAcrossNodesAndZones(selector) } : {}),
                            containers: [
                                {
                                    name: "orthanc",
                                    image: args.image,
                                    ports: [
                                        { name: "http", containerPort: ports.http },
                                        { name: "dicom-tls", containerPort: ports.dicom },
                                    ],
                                    env: environment(metricsSecret.metadata.name, args),
                                    resources: args.resources,
                                    securityContext: restrictedContainerSecurityContext(),
                                    ...orthancProbes(ports.http, orthancMetricsUser),
                                    volumeMounts: [
                                        { name: "config", mountPath: containerPaths.configDirectory, readOnly: true },
                                        { name: "dicom-server-tls", mountPath: containerPaths.dicomServerTlsDirectory, readOnly: true },
                                        { name: "dicom-trusted-ca", mountPath: containerPaths.dicomTrustedCaDirectory, readOnly: true },
                                        { name: "postgres-ca", mountPath: containerPaths.postgresCaDirectory, readOnly: true },
                                        { name: "tmp", mountPath: containerPaths.tmp },
                                        { name: "plugins", mountPath: containerPaths.pluginsDirectory },
                                        { name: "audit", mountPath: containerPaths.auditDirectory },
                                        ...(dicomVolume ? [{ name: "dicom", mountPath: containerPaths.storageDirectory }] : []),
                                    ],
                                },
                                auditMetricsContainer(args.auditMetricsImage, { audit: "audit", program: "audit-metrics-program" }),
                            ],
                            volumes: [
                                { name: "config", configMap: { name: config.metadata.name } },
                                { name: "dicom-server-tls", secret: { secretName: args.dicomTls.serverSecretName } },
                                {
                                    name: "dicom-trusted-ca",
                                    configMap: { name: args.dicomTls.trustedCaConfigMapName, items: [{ key: "ca.crt", path: "ca.crt" }] },
                                },
                                {
                                    name: "postgres-ca",
                                    // Only the certificate: the same Secret also holds the CA's key.
                                    secret: { secretName: args.database.caSecretName, items: [{ key: "ca.crt", path: "ca.crt" }] },
                                },
                                { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
                                { name: "plugins", emptyDir: { sizeLimit: "256Mi" } },
                                // The audit file, emptied by the filter past 1 MiB (request-filter.ts).
                                { name: "audit", emptyDir: { sizeLimit: "16Mi" } },
                                { name: "audit-metrics-program", configMap: { name: auditMetricsConfig.metadata.name } },
                                ...(dicomVolume ? [{ name: "dicom", persistentVolumeClaim: { claimName: dicomVolume.metadata.name } }] : []),
                            ],
                        },
                    },
                },
            },
            { parent: this, dependsOn: args.podsWaitFor },
        );

        const service = new Service(
            name,
            {
                metadata: { name, namespace: args.namespace, labels },
                spec: {
                    type: "ClusterIP",
                    selector,
                    ports: [
                        { name: "http", port: ports.http, targetPort: "http", appProtocol: "http" },
                        // Opaque TCP for the mesh: TLS runs end to end up to Orthanc.
                        { name: "tcp-dicom-tls", port: ports.dicom, targetPort: "dicom-tls", appProtocol: "tcp" },
                    ],
                },
            },
            { parent: this },
        );
        this.serviceName = service.metadata.name;

        if (scalable) {
            new HorizontalPodAutoscaler(
                name,
                {
                    metadata: { name, namespace: args.namespace, labels },
                    spec: {
                        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
                        minReplicas: args.replicas,
                        maxReplicas: args.maxReplicas,
                        metrics: [
                            { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
                        ],
                    },
                },
                { parent: this },
            );
            new PodDisruptionBudget(
                name,
                {
                    metadata: { name, namespace: args.namespace, labels },
                    spec: { selector: { matchLabels: selector }, maxUnavailable: 1 },
                },
                { parent: this },
            );
        }

        this.registerOutputs({ serviceName: this.serviceName });
    }
}

function configStorage(storage: OrthancStorageArgs): OrthancStorage {
    if (storage.kind === "volume") {
        return { kind: "volume" };
    }
    const store = storage.store;
    if (store.type === "azureBlob" && store.credentialsSecretName === undefined) {
        // The plugin's only way in is its ConnectionString setting (Orthanc Book, object-storage).
        throw new pulumi.RunError("Orthanc's Azure Blob storage plugin needs a connection string: it cannot use a workload identity");
    }
    const rootPath = "orthanc";
    return store.type === "s3"
        ? {
              kind: "s3",
              bucket: store.bucket,
              region: store.region,
              endpoint: store.endpoint,
              rootPath,
              withAccessKey: store.credentialsSecretName !== undefined,
          }
        : { kind: "azureBlob", container: store.container, rootPath };
}

type EnvVar = k8s.types.input.core.v1.EnvVar;

function fromSecret(name: string, secretName: pulumi.Input<string>, key: string): EnvVar {
    return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

function environment(metricsSecretName: pulumi.Input<string>, args: OrthancArgs): EnvVar[] {
    const store = args.storage.kind === "objectStore" ? args.storage.store : undefined;
    const storeCredentials: EnvVar[] = [];
    if (store?.type === "s3" && store.credentialsSecretName !== undefined) {
        storeCredentials.push(
            fromSecret(secretEnv.s3AccessKey, store.credentialsSecretName, objectStoreSecretKeys.accessKeyId),
            fromSecret(secretEnv.s3SecretKey, store.credentialsSecretName, objectStoreSecretKeys.secretAccessKey),
        );
    }
    if (store?.type === "azureBlob" && store.credentialsSecretName !== undefined) {
        storeCredentials.push(
            fromSecret(secretEnv.azureConnectionString, store.credentialsSecretName, objectStoreSecretKeys.connectionString),
        );
    }
    return [
        // DCMTK leaves Nagle's algorithm on unless told otherwise; measured with real
        // Orthanc and dcmtk, turning it off gives 5 to 11 times more instances/s.
        { name: "TCP_NODELAY", value: "1" },
        // The image would otherwise write /etc/hostid, which a read-only root forbids.
        { name: "GENERATE_HOST_ID_IF_MISSING", value: "false" },
        { name: podEnv.podName, valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        // Read by the Lua filter, which appends each audit line there for the audit-metrics sidecar.
        { name: podEnv.auditFile, value: auditFilePath() },
        fromSecret(secretEnv.metricsPassword, metricsSecretName, "password"),
        // WebServicePassword of the authorization plugin's section (sign-in.ts).
        fromSecret(secretEnv.authServicePassword, args.signIn.authServicePasswordSecretName, "password"),
        fromSecret(secretEnv.databaseUser, args.database.credentialsSecretName, "username"),
        fromSecret(secretEnv.databasePassword, args.database.credentialsSecretName, "password"),
        ...storeCredentials,
    ];
}
