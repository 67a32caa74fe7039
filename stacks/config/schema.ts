// The one description of what a site may configure. Every key is listed here with
// its default; anything else in `imaging-platform:site` is an error, so a typo
// never falls back silently to a default.
import { z } from "zod";
import type { ContainerResources } from "../../components/kubernetes/resources";
import { distributions, type GatewayService } from "../../components/site/contract";
import {
    aeTitle,
    cidrBlock,
    cpuQuantity,
    dnsLabel,
    dnsSubdomain,
    flag,
    hostname,
    integerAtLeast,
    integerBetween,
    matching,
    memoryQuantity,
    oneOf,
    pemCertificate,
    pemCertificateRequest,
    prometheusDuration,
    retentionPeriod,
    section,
    sixFieldCron,
    storageSize,
    text,
} from "./fields";

// Every kind of site the program knows. Only `existing` is built so far; the
// others are reserved so stack files and messages already use their final names.
export const siteKinds = ["existing", "vsphere", "eks", "aks"] as const;
export const implementedSiteKinds: readonly SiteKind[] = ["existing"];
export type SiteKind = (typeof siteKinds)[number];

export { type Distribution } from "../../components/site/contract";

const resources = (defaults: { cpu: string; memory: string; cpuLimit: string; memoryLimit: string }) =>
    section({
        requests: section({
            cpu: cpuQuantity().default(defaults.cpu),
            memory: memoryQuantity().default(defaults.memory),
        }).prefault({}),
        limits: section({
            cpu: cpuQuantity().default(defaults.cpuLimit),
            memory: memoryQuantity().default(defaults.memoryLimit),
        }).prefault({}),
    }).prefault({});

const existingCluster = section({
    // Path to a kubeconfig file; when absent the provider uses $KUBECONFIG or ~/.kube/config.
    kubeconfig: text("a path to a kubeconfig file").optional(),
    // Context inside that kubeconfig: required, so that a stack never follows
    // whatever context happens to be current (see useCurrentContext).
    context: text("a kubeconfig context name").optional(),
    // Follow the kubeconfig's current context instead: for a laptop stack only.
    useCurrentContext: flag().default(false),
    // Kubernetes distributions that keep CNI files in non-standard places; Istio's CNI
    // agent must be told which one it runs on. "generic" covers kind, kubeadm, RKE2
    // and the managed clouds.
    distribution: oneOf(distributions).default("generic"),
});

const s3Bucket = () => matching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name (3 to 63 lowercase letters, digits, '.' and '-')");
const httpsUrl = () => matching(/^https:\/\/[^\s/]+(\/\S*)?$/, "an https:// URL");

const s3ObjectStore = section({
    type: z.literal("s3", { error: "expected one of: s3, azureBlob" }),
    bucket: s3Bucket(),
    region: text("a region name such as eu-central-1"),
    // Set for S3-compatible stores (MinIO, Ceph RGW, NetApp StorageGRID); absent for AWS S3 itself.
    endpoint: httpsUrl().optional(),
    // How the store encrypts the backups at rest: S3-managed keys, the account's KMS
    // key, or "none" for an S3-compatible store that cannot (then encrypt its disks).
    serverSideEncryption: oneOf(["AES256", "aws:kms", "none"] as const).default("AES256"),
    // With an access key, its secret comes from the secret config key
    // `objectStoreSecretAccessKey`; without one, workloads use the cluster's cloud identity.
    accessKeyId: text("an access key id").optional(),
    // The backups' own access key, required with accessKeyId and different from it:
    // Orthanc's key must not reach the backups. Its secret is `objectStoreBackupSecretAccessKey`.
    backupAccessKeyId: text("an access key id").optional(),
});

const azureBlobObjectStore = section({
    type: z.literal("azureBlob", { error: "expected one of: s3, azureBlob" }),
    storageAccount: matching(/^[a-z0-9]{3,24}$/, "an Azure storage account name (3 to 24 lowercase letters and digits)"),
    container: matching(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, "an Azure blob container name"),
});

// Said out loud: a site without an object store has no backups and keeps DICOM
// files on one volume. Fine for a laptop or a test site, never by omission.
const noObjectStore = section({
    type: z.literal("none", { error: "expected one of: s3, azureBlob, none" }),
});

const objectStore = z.discriminatedUnion("type", [s3ObjectStore, azureBlobObjectStore, noObjectStore], {
    error: "expected a mapping with type s3, azureBlob or none",
});

const postgres = section({
    instances: integerAtLeast(1).default(3),
    storageSize: storageSize().default("20Gi"),
    backupSchedule: sixFieldCron().default("0 0 2 * * *"),
    backupRetention: retentionPeriod().default("30d"),
    // Alert when the newest base backup is older than this: the schedule's interval plus slack.
    backupAlertAfterHours: integerAtLeast(1).default(26),
    resources: resources({ cpu: "500m", memory: "1Gi", cpuLimit: "2", memoryLimit: "2Gi" }),
});

const orthanc = section({
    // Absent: 1 on a volume, 2 on an object store (see resolveOrthancReplicas).
    replicas: integerAtLeast(1).optional(),
    maxReplicas: integerAtLeast(1).optional(),
    // Size of the DICOM volume when the site has no object store.
    storageSize: storageSize().default("100Gi"),
    aeTitle: aeTitle().default("ORTHANC"),
    // How many jobs (retrieves, exports, modifications) run at once in each replica.
    concurrentJobs: integerBetween(1, 16).default(2),
    resources: resources({ cpu: "500m", memory: "1Gi", cpuLimit: "2", memoryLimit: "2Gi" }),
});

// Kubernetes' default NodePort range (kube-apiserver --service-node-port-range).
const nodePort = () => integerBetween(30000, 32767);

// How clients reach the ingress gateway. A cloud or on-prem cluster gives the
// gateway's Service an external address; a laptop cluster has no load balancer,
// so its Service waits forever for one: there the gateway listens on fixed node
// ports that the cluster maps to the host (kind-cluster.yaml).
const loadBalancerService = section({
    type: z.literal("LoadBalancer", { error: "expected one of: LoadBalancer, NodePort" }),
});
const nodePortService = section({
    type: z.literal("NodePort", { error: "expected one of: LoadBalancer, NodePort" }),
    nodePorts: section({
        http: nodePort().default(30080),
        https: nodePort().default(30443),
        dicom: nodePort().default(31112),
    }).prefault({}),
});
const gatewayService = z.discriminatedUnion("type", [loadBalancerService, nodePortService], {
    error: "expected a mapping with type LoadBalancer or NodePort",
});

const ingress = section({
    // Orthanc's web interface, REST API and DICOMweb (443), and DICOM TLS (11112).
    hostname: hostname(),
    // Where the site's existing monitoring reaches the Prometheus query API; absent: not exposed.
    prometheusHostname: hostname().optional(),
    service: gatewayService.prefault({ type: "LoadBalancer" }),
    // The fewest ingress gateway replicas: 2 or more where the cluster has more than one node.
    replicas: integerAtLeast(1).default(2),
    // Networks whose modalities and browsers may reach the gateway at all (web and
    // DICOM); absent: any address. The hospital's own ranges belong here.
    sourceRanges: z.array(cidrBlock(), { error: "expected a list of networks in CIDR notation" }).min(1, { error: "expected at least one network" }).optional(),
    // Networks from which Orthanc's administrative and write routes are reached
    // through the gateway; absent: from nowhere (use kubectl port-forward).
    adminSourceRanges: z.array(cidrBlock(), { error: "expected a list of networks in CIDR notation" }).default([]),
});

const certificates = section({
    // An issuer the site already runs (ACME, Vault, a corporate CA) for the web
    // certificate; absent: the site CA this program creates.
    webIssuer: section({
        kind: oneOf(["ClusterIssuer", "Issuer"] as const),
        name: dnsSubdomain(),
    }).optional(),
    // CAs whose client certificates may also send DICOM, for modalities enrolled elsewhere.
    extraTrustedClientCAs: z.array(pemCertificate(), { error: "expected a list of PEM certificates" }).default([]),
    // Modalities enrolled with the site's modality CA: a name of the site's
    // choosing (a DNS label, e.g. ct-room-1) and the modality's certificate
    // request; each becomes one client certificate in the stack output
    // modalityCertificates. Removing an entry does not revoke its certificate.
    modalityCertificateRequests: z.record(dnsLabel(), pemCertificateRequest(), { error: "expected modality names with their PEM certificate requests" }).default({}),
    // How long a modality certificate lasts; it is reissued at the first `pulumi up` in its last 60 days.
    modalityCertificateDays: integerBetween(90, 1825).default(730),
});

// Where workloads connect outside the cluster. Absent: any address on the port
// (the API server's 443 and 6443, the kubelets' 10250, the object store's port):
// set them to close the rest of the internet to the platform's pods.
const egress = section({
    // The Kubernetes API server's addresses, as pods reach it (the kubernetes Service's endpoints).
    apiServerRanges: z.array(cidrBlock(), { error: "expected a list of networks in CIDR notation" }).min(1, { error: "expected at least one network" }).optional(),
    // The cluster nodes' addresses, where Prometheus scrapes the kubelets.
    nodeRanges: z.array(cidrBlock(), { error: "expected a list of networks in CIDR notation" }).min(1, { error: "expected at least one network" }).optional(),
    // The object store's addresses (the S3 endpoint's or storage account's networks).
    objectStoreRanges: z.array(cidrBlock(), { error: "expected a list of networks in CIDR notation" }).min(1, { error: "expected at least one network" }).optional(),
});

const monitoring = section({
    retention: prometheusDuration().default("30d"),
    prometheusStorageSize: storageSize().default("50Gi"),
    alertmanagerStorageSize: storageSize().default("2Gi"),
    grafanaStorageSize: storageSize().default("5Gi"),
});

export const siteSchema = section({
    name: dnsLabel(),
    kind: oneOf(siteKinds),
    existing: existingCluster.optional(),
    // Storage class for every volume; absent: the cluster's default class.
    storageClass: dnsSubdomain().optional(),
    objectStore: objectStore.optional(),
    ingress,
    certificates: certificates.prefault({}),
    postgres: postgres.prefault({}),
    orthanc: orthanc.prefault({}),
    monitoring: monitoring.prefault({}),
    egress: egress.prefault({}),
}).superRefine((site, ctx) => {
    if (!implementedSiteKinds.includes(site.kind)) {
        ctx.addIssue({
            code: "custom",
            path: ["kind"],
            input: site.kind,
            message: `expected one of: ${implementedSiteKinds.join(", ")} (the ${site.kind} site kind is reserved but not built yet)`,
        });
    }
    if (site.objectStore === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["objectStore"],
            input: undefined,
            message:
                "expected an object store (type s3 or azureBlob) for a site that holds patient data: PostgreSQL's backups and the DICOM files go there; " +
                "a laptop or test site without one says so with objectStore: {type: none}",
        });
    }
    const store = site.objectStore;
    if (store?.type === "s3" && (store.accessKeyId === undefined) !== (store.backupAccessKeyId === undefined)) {
        ctx.addIssue({
            code: "custom",
            path: ["objectStore", store.accessKeyId === undefined ? "accessKeyId" : "backupAccessKeyId"],
            input: undefined,
            message: "expected an access key for Orthanc and another for the backups, or neither (the cluster's cloud identity)",
        });
    }
    if (store?.type === "s3" && store.accessKeyId !== undefined && store.accessKeyId === store.backupAccessKeyId) {
        ctx.addIssue({
            code: "custom",
            path: ["objectStore", "backupAccessKeyId"],
            input: store.backupAccessKeyId,
            message: "expected a key of the backups' own: with Orthanc's key, a compromised Orthanc could delete the backups",
        });
    }
    if (site.kind === "existing") {
        // The provider's clusterIdentifier says the cluster never changes; a stack
        // that follows the current context would reach whichever cluster that is.
        const existing = site.existing;
        if (existing?.context === undefined && existing?.useCurrentContext !== true) {
            ctx.addIssue({
                code: "custom",
                path: ["existing", "context"],
                input: undefined,
                message:
                    "expected the kubeconfig context of this site's cluster; without one the stack would follow whatever context is current " +
                    "and could be applied to the wrong cluster (a laptop stack may set existing.useCurrentContext: true instead)",
            });
        }
        if (existing?.context !== undefined && existing.useCurrentContext) {
            ctx.addIssue({
                code: "custom",
                path: ["existing", "useCurrentContext"],
                input: true,
                message: "expected false when existing.context names the context",
            });
        }
    }
    if (site.kind !== "existing" && site.existing !== undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["existing"],
            input: site.existing,
            message: `expected no existing section when kind is ${site.kind}`,
        });
    }
    const service = site.ingress.service;
    if (service.type === "NodePort") {
        // Reported on the mapping: a clash may come from a default the site never wrote.
        const entries = Object.entries(service.nodePorts);
        for (const [index, [key, port]] of entries.entries()) {
            const earlier = entries.slice(0, index).find(([, other]) => other === port);
            if (earlier !== undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: ["ingress", "service", "nodePorts"],
                    input: service.nodePorts,
                    message: `expected a different port for each of ${entries.map(([k]) => k).join(", ")} (${earlier[0]} and ${key} are both ${port})`,
                });
            }
        }
    }
    if (site.egress.objectStoreRanges !== undefined && (store === undefined || store.type === "none")) {
        ctx.addIssue({
            code: "custom",
            path: ["egress", "objectStoreRanges"],
            input: site.egress.objectStoreRanges,
            message: "expected no object store ranges when the site has no object store",
        });
    }
    const { replicas, maxReplicas } = site.orthanc;
    for (const [key, count] of [["replicas", replicas], ["maxReplicas", maxReplicas]] as const) {
        if (count !== undefined && count > 1 && (site.objectStore === undefined || site.objectStore.type === "none")) {
            ctx.addIssue({
                code: "custom",
                path: ["orthanc", key],
                input: count,
                message: "expected 1 when the site has no objectStore (DICOM files then live on one ReadWriteOnce volume)",
            });
        }
    }
    if (maxReplicas !== undefined && replicas !== undefined && maxReplicas < replicas) {
        ctx.addIssue({
            code: "custom",
            path: ["orthanc", "maxReplicas"],
            input: maxReplicas,
            message: `expected an integer >= orthanc.replicas (${replicas})`,
        });
    }
});

// Past validation, "none" and absent mean the same to the program: no object store.
export const siteSchemaResolved = siteSchema.transform((site) => ({
    ...site,
    objectStore: site.objectStore?.type === "none" ? undefined : site.objectStore,
}));

export type SiteConfig = z.output<typeof siteSchemaResolved>;
// The schema answers to the components' argument types, not the other way round:
// a site field that no longer fits what a component takes fails to compile here.
type Fits<T extends U, U> = T;
export type ResourcesConfig = Fits<SiteConfig["orthanc"]["resources"], ContainerResources> & Fits<SiteConfig["postgres"]["resources"], ContainerResources>;
export type GatewayServiceConfig = Fits<SiteConfig["ingress"]["service"], GatewayService>;
