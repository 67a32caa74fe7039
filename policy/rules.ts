// Every rule of the pack, once. policy/index.ts serves these; test/policy.test.ts
// checks that this list is exactly the files under policy/rules/.
import { rule as aksLocalAccountsDisabled } from "./rules/aks-local-accounts-disabled";
import { rule as azureStorageEncryption } from "./rules/azure-storage-encryption";
import { rule as backupsConfigured } from "./rules/backups-configured";
import { rule as deletionProtection } from "./rules/deletion-protection";
import { rule as eksAuditLogs } from "./rules/eks-audit-logs";
import { rule as eksEndpointRestricted } from "./rules/eks-endpoint-restricted";
import { rule as eksSecretsEncryption } from "./rules/eks-secrets-encryption";
import { rule as encryptedVolumes } from "./rules/encrypted-volumes";
import { rule as meshMtlsStrict } from "./rules/mesh-mtls-strict";
import { rule as noDefaultCredentials } from "./rules/no-default-credentials";
import { rule as noPlainListeners } from "./rules/no-plain-listeners";
import { rule as noPublicBuckets } from "./rules/no-public-buckets";
import { rule as s3Encryption } from "./rules/s3-encryption";
import { rule as scopedObjectAccess } from "./rules/scoped-object-access";
import type { Rule } from "./support/rule";

export const rules: readonly Rule[] = [
    s3Encryption,
    azureStorageEncryption,
    eksSecretsEncryption,
    encryptedVolumes,
    meshMtlsStrict,
    noPlainListeners,
    noDefaultCredentials,
    noPublicBuckets,
    scopedObjectAccess,
    eksEndpointRestricted,
    aksLocalAccountsDisabled,
    eksAuditLogs,
    backupsConfigured,
    deletionProtection,
];
