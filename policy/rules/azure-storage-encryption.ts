import { safeguards, type ResourceRule } from "../support/rule";
import { field } from "../support/values";

/** Azure storage accounts encrypt twice at rest and take HTTPS only. */
export const rule: ResourceRule = {
    name: "azure-storage-encrypted",
    description: "Azure storage accounts require infrastructure (double) encryption, HTTPS only and TLS 1.2 at least.",
    safeguard: safeguards.encryptionAtRest,
    enforcement: "mandatory",
    scope: "resource",
    check(resource) {
        if (resource.type !== "azure-native:storage:StorageAccount") {
            return [];
        }
        const problems: string[] = [];
        if (field(resource.inputs, "encryption", "requireInfrastructureEncryption") !== true) {
            problems.push("set encryption.requireInfrastructureEncryption to true (it can only be chosen when the account is created)");
        }
        // The API's default is true, but a default is not a decision: the program must say it.
        if (resource.inputs.enableHttpsTrafficOnly !== true) {
            problems.push("set enableHttpsTrafficOnly to true");
        }
        if (resource.inputs.minimumTlsVersion !== "TLS1_2" && resource.inputs.minimumTlsVersion !== "TLS1_3") {
            problems.push(`minimumTlsVersion is ${String(resource.inputs.minimumTlsVersion)}: set it to TLS1_2`);
        }
        return problems;
    },
};
