// The one description of what a site may configure. Every key is listed here with
// its default; anything else in `imaging-platform:site` is an error, so a typo
// never falls back silently to a default.
import { z } from "zod";
import type { ContainerResources } from "../../components/kubernetes/resources";
import type { GatewayService } from "../../components/site/contract";
import { aksSiteFields, refineAksSite } from "../sites/aks/schema";
import { existingSiteFields, hasNamedObjectStore, refineExistingSite } from "../sites/existing/schema";
import { eksSiteFields, refineEksSite } from "../sites/eks/schema";
import { hasVsphereObjectStore, refineVsphereSite, vsphereSiteFields } from "../sites/vsphere/schema";
import { hasProxmoxObjectStore, proxmoxSiteFields, refineProxmoxSite } from "../sites/proxmox/schema";
import { identity } from "./identity";
import {
    aeTitle,
    cidrBlock,
    cpuQuantity,
    dnsLabel,
    dnsSubdomain,
    hostname,
    integerAtLeast,
    integerBetween,
    memoryQuantity,
    oneOf,
    pemCertificate,
    pemCertificateRequest,
    prometheusDuration,
    retentionPeriod,
    section,
    sixFieldCron,
    storageSize,
} from "./fields";

// Every kind of site the program knows. Names not built yet are reserved, so that
// stack files and messages already use their final names.
export const reservedSiteKinds = [] as const;

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

// What every site configures, whatever its kind: the platform's own settings.
const platformFields = {
    name: dnsLabel(),
    ingress,
    certificates: certificates.prefault({}),
    postgres: postgres.prefault({}),
    orthanc: orthanc.prefault({}),
    monitoring: monitoring.prefault({}),
    egress: egress.prefault({}),
    // Who signs people in to Orthanc; absent: a Keycloak the platform runs, with its own accounts only.
    identity: identity.prefault({ provider: "platform" }),
};

// One entry per built site kind: its own keys, their checks, and whether the
// site then has an object store. Adding a kind here makes it a SiteKind, and
// stacks/site.ts does not compile until it says how the kind is built.
const siteKindFields = {
    existing: { fields: existingSiteFields, refine: refineExistingSite, hasObjectStore: hasNamedObjectStore },
    // The site makes its own storage account: it always has an object store.
    aks: { fields: aksSiteFields, refine: refineAksSite, hasObjectStore: () => true },
    // The program builds the buckets itself: an EKS site always has its object store.
    eks: { fields: eksSiteFields, refine: refineEksSite, hasObjectStore: () => true },
    // The hospital's own S3-compatible store, or none (one Orthanc replica on a volume).
    vsphere: { fields: vsphereSiteFields, refine: refineVsphereSite, hasObjectStore: hasVsphereObjectStore },
    // As vsphere: the hospital's own S3-compatible store, or none.
    proxmox: { fields: proxmoxSiteFields, refine: refineProxmoxSite, hasObjectStore: hasProxmoxObjectStore },
};

const existingSite = section({ kind: z.literal("existing"), ...platformFields, ...siteKindFields.existing.fields });
const aksSite = section({ kind: z.literal("aks"), ...platformFields, ...siteKindFields.aks.fields });
const eksSite = section({ kind: z.literal("eks"), ...platformFields, ...siteKindFields.eks.fields });
const vsphereSite = section({ kind: z.literal("vsphere"), ...platformFields, ...siteKindFields.vsphere.fields });
const proxmoxSite = section({ kind: z.literal("proxmox"), ...platformFields, ...siteKindFields.proxmox.fields });

export type SiteKind = keyof typeof siteKindFields;
const builtSiteKinds = Object.keys(siteKindFields) as SiteKind[];
const allSiteKinds = [...builtSiteKinds, ...reservedSiteKinds];

function kindMessage(kind: unknown): string {
    const reserved = (reservedSiteKinds as readonly unknown[]).includes(kind);
    return `expected one of: ${(reserved ? builtSiteKinds : allSiteKinds).join(", ")}` + (reserved ? ` (the ${String(kind)} site kind is reserved but not built yet)` : "");
}

// Read instead when the kind itself is wrong or missing: the platform's settings
// are still checked, so that one run names every problem.
const { name, ...otherPlatformFields } = platformFields;
export const siteOfUnknownKind = z.looseObject({
    name,
    kind: z.enum(builtSiteKinds as [SiteKind, ...SiteKind[]], { error: (issue) => kindMessage(issue.input) }),
    ...otherPlatformFields,
});

export const siteSchema = z
    .discriminatedUnion("kind", [existingSite, aksSite, eksSite, vsphereSite, proxmoxSite], {
        error: (issue) => (issue.code === "invalid_union" ? kindMessage((issue.input as { kind?: unknown } | undefined)?.kind) : `expected a mapping with keys from: ${Object.keys(existingSite.shape).sort().join(", ")}`),
    })
    .superRefine((site, ctx) => {
        // The entry of the site's own kind takes that kind's fields.
        const kind = siteKindFields[site.kind] as unknown as { refine: (s: typeof site, c: z.RefinementCtx) => void; hasObjectStore: (s: typeof site) => boolean };
        kind.refine(site, ctx);
        const hasObjectStore = kind.hasObjectStore(site);
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
        if (site.egress.objectStoreRanges !== undefined && !hasObjectStore) {
            ctx.addIssue({
                code: "custom",
                path: ["egress", "objectStoreRanges"],
                input: site.egress.objectStoreRanges,
                message: "expected no object store ranges when the site has no object store",
            });
        }
        const { replicas, maxReplicas } = site.orthanc;
        for (const [key, count] of [["replicas", replicas], ["maxReplicas", maxReplicas]] as const) {
            if (count !== undefined && count > 1 && !hasObjectStore) {
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
export const siteSchemaResolved = siteSchema.transform((site) =>
    site.kind === "existing" || site.kind === "vsphere" || site.kind === "proxmox" ? { ...site, objectStore: site.objectStore?.type === "none" ? undefined : site.objectStore } : site,
);

export type SiteConfig = z.output<typeof siteSchemaResolved>;
// The schema answers to the components' argument types, not the other way round:
// a site field that no longer fits what a component takes fails to compile here.
type Fits<T extends U, U> = T;
export type ResourcesConfig = Fits<SiteConfig["orthanc"]["resources"], ContainerResources> & Fits<SiteConfig["postgres"]["resources"], ContainerResources>;
export type GatewayServiceConfig = Fits<SiteConfig["ingress"]["service"], GatewayService>;
