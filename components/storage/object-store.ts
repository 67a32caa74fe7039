// How workloads reach a site's object store: the bucket or container from the site
// configuration plus, where the site uses keys rather than a cloud identity, the
// Kubernetes Secret that holds them. Orthanc (DICOM files) and CloudNativePG
// (PostgreSQL backups) both take this one description.
import * as pulumi from "@pulumi/pulumi";

export const objectStoreSecretKeys = {
    accessKeyId: "ACCESS_KEY_ID",
    secretAccessKey: "ACCESS_SECRET_KEY",
    connectionString: "AZURE_CONNECTION_STRING",
} as const;

// Where a store is: an S3 bucket (AWS or S3-compatible) or an Azure blob container.
export type ObjectStoreLocation =
    | {
          type: "s3";
          bucket: string;
          region: string;
          endpoint?: string;
          // Server-side encryption the store applies to what backups write: S3's own
          // keys (AES256) or a KMS key; absent: the bucket's default only.
          encryption?: "AES256" | "aws:kms";
      }
    | {
          type: "azureBlob";
          storageAccount: string;
          container: string;
      };

// A cloud identity bound to a workload's service account: what the cloud's
// webhook or SDK reads to exchange the pod's token for the cloud's credentials.
export interface WorkloadIdentity {
    // On the ServiceAccount (e.g. eks.amazonaws.com/role-arn, azure.workload.identity/client-id).
    serviceAccountAnnotations: Record<string, pulumi.Input<string>>;
    // On the pods (e.g. azure.workload.identity/use: "true").
    podLabels: Record<string, string>;
}

// A store as one workload uses it: with a Secret of its own keys, or, absent,
// the cloud identity bound to its service account.
export type ObjectStoreTarget = ObjectStoreLocation & {
    credentialsSecretName?: pulumi.Input<string>;
};

// The URL barman-cloud expects for a prefix inside the store.
export function objectStoreUrl(store: ObjectStoreTarget, prefix: string): string {
    switch (store.type) {
        case "s3":
            return `s3://${store.bucket}/${prefix}`;
        case "azureBlob":
            return `https://${store.storageAccount}.blob.core.windows.net/${store.container}/${prefix}`;
    }
}

// The host names and port workloads connect to for this store (TLS), and for
// S3 without keys the STS endpoints the cloud identity exchanges its token at.
// Orthanc's S3 plugin addresses the bucket as a host of its own, barman-cloud
// may use the regional endpoint: both are listed.
export function objectStoreHosts(store: ObjectStoreTarget): { hosts: string[]; port: number } {
    switch (store.type) {
        case "s3": {
            if (store.endpoint) {
                const url = new URL(store.endpoint);
                return { hosts: [url.hostname], port: url.port ? Number(url.port) : 443 };
            }
            const regional = `s3.${store.region}.amazonaws.com`;
            const identity = store.credentialsSecretName === undefined ? [`sts.${store.region}.amazonaws.com`, "sts.amazonaws.com"] : [];
            return { hosts: [`${store.bucket}.${regional}`, regional, ...identity], port: 443 };
        }
        case "azureBlob": {
            // Entra ID's token endpoint, where a workload identity's token is exchanged.
            const identity = store.credentialsSecretName === undefined ? ["login.microsoftonline.com"] : [];
            return { hosts: [`${store.storageAccount}.blob.core.windows.net`, ...identity], port: 443 };
        }
    }
}
