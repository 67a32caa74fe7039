// The object store a site names itself (one it already runs: AWS S3, an
// S3-compatible store, an Azure storage account), for site kinds that do not
// build their own.
import { z } from "zod";
import { matching, section, text, oneOf } from "./fields";

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

export const namedObjectStore = z.discriminatedUnion("type", [s3ObjectStore, azureBlobObjectStore, noObjectStore], {
    error: "expected a mapping with type s3, azureBlob or none",
});

export type NamedObjectStore = z.output<typeof namedObjectStore>;

// The checks across the store's keys, for the site kind's refinement.
export function objectStoreProblems(store: NamedObjectStore | undefined, ctx: z.RefinementCtx): void {
    if (store === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["objectStore"],
            input: undefined,
            message:
                "expected an object store (type s3 or azureBlob) for a site that holds patient data: PostgreSQL's backups and the DICOM files go there; " +
                "a laptop or test site without one says so with objectStore: {type: none}",
        });
    }
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
}
