import { safeguards, type ResourceRule } from "../support/rule";
import { field } from "../support/values";

/** Everyone who reaches an AKS cluster's API is a named Entra ID identity. */
export const rule: ResourceRule = {
    name: "aks-local-accounts-disabled",
    description: "AKS clusters disable local accounts (the shared cluster-admin certificate) and authenticate through Entra ID.",
    safeguard: safeguards.accessControl,
    enforcement: "mandatory",
    scope: "resource",
    check(resource) {
        if (resource.type !== "azure-native:containerservice:ManagedCluster") {
            return [];
        }
        const problems: string[] = [];
        if (resource.inputs.disableLocalAccounts !== true) {
            problems.push("set disableLocalAccounts to true");
        }
        if (field(resource.inputs, "aadProfile", "managed") !== true) {
            problems.push("set aadProfile.managed to true with the site's admin groups, so that people sign in with Entra ID");
        }
        return problems;
    },
};
