// An existing cluster fulfils the site contract from its stack file alone: the
// kubeconfig context, the storage class and object store the hospital already
// runs, and the keys (or the cluster's cloud identity) that reach that store.
import * as pulumi from "@pulumi/pulumi";
import { siteContractDefaults, type ObjectStoreAccess, type ObjectStoreUser, type SiteContract } from "../../../components/site/contract";
import { ExistingCluster } from "../../../components/site/existing-cluster";
import type { ObjectStoreLocation } from "../../../components/storage/object-store";
import type { Site } from "../../config/load";
import type { SiteConfig } from "../../config/schema";

type ExistingSiteConfig = SiteConfig & { kind: "existing" };

export function existingSite(site: Site & { config: ExistingSiteConfig }, opts?: pulumi.ComponentResourceOptions): SiteContract {
    const { config } = site;
    const { kubeconfig, context, distribution } = config.existing ?? { distribution: "generic" as const };
    // kubeconfig is already an absolute path to a file that exists (see config/kubeconfig.ts).
    const cluster = new ExistingCluster(config.name, { clusterIdentifier: config.name, kubeconfig, context }, opts);
    // The schema already reads "none" as no store.
    const store = config.objectStore;
    return {
        ...siteContractDefaults,
        apiServerPorts: [...siteContractDefaults.apiServerPorts],
        provider: cluster.provider,
        distribution,
        // The site's own load balancer or node ports, as its configuration says.
        gatewayService: config.ingress.service,
        storageClass: config.storageClass,
        objectStore: store ? { orthanc: access(store, site, "orthanc"), backups: access(store, site, "backups") } : undefined,
        egress: {
            apiServerCidrs: config.egress.apiServerRanges,
            nodeCidrs: config.egress.nodeRanges,
            objectStoreCidrs: config.egress.objectStoreRanges,
        },
    };
}

// The store as one of its users reaches it: with that user's own keys, or
// (S3 without keys) the cloud identity the cluster gives its service account.
function access(store: Exclude<NonNullable<ExistingSiteConfig["objectStore"]>, { type: "none" }>, site: Site, user: ObjectStoreUser): ObjectStoreAccess {
    const { secrets } = site;
    if (store.type === "azureBlob") {
        return {
            location: { type: "azureBlob", storageAccount: store.storageAccount, container: store.container },
            credentials: {
                kind: "keys",
                keys: { connectionString: required(user === "orthanc" ? secrets.objectStoreConnectionString : secrets.objectStoreBackupConnectionString) },
            },
        };
    }
    const location: ObjectStoreLocation = {
        type: "s3",
        bucket: store.bucket,
        region: store.region,
        endpoint: store.endpoint,
        ...(store.serverSideEncryption === "none" ? {} : { encryption: store.serverSideEncryption }),
    };
    if (store.accessKeyId === undefined || store.backupAccessKeyId === undefined) {
        // Whatever identity the cluster binds to the service account (IRSA set up by the hospital).
        return { location, credentials: { kind: "workloadIdentity", identity: { serviceAccountAnnotations: {}, podLabels: {} } } };
    }
    return {
        location,
        credentials: {
            kind: "keys",
            keys:
                user === "orthanc"
                    ? { accessKeyId: store.accessKeyId, secretAccessKey: required(secrets.objectStoreSecretAccessKey) }
                    : { accessKeyId: store.backupAccessKeyId, secretAccessKey: required(secrets.objectStoreBackupSecretAccessKey) },
        },
    };
}

function required<T>(value: T | undefined): T {
    if (value === undefined) {
        // loadSite checks these before any resource is declared.
        throw new Error("object store secret missing after validation");
    }
    return value;
}
