// Reads and validates the stack configuration before any resource is declared.
import * as pulumi from "@pulumi/pulumi";
import { SiteConfigError, describeIssues } from "./errors";
import { siteSchema, type SiteConfig } from "./schema";

export interface SiteSecrets {
    // Secret half of site.objectStore.accessKeyId (S3 and S3-compatible stores).
    objectStoreSecretAccessKey?: pulumi.Output<string>;
    // Connection string of site.objectStore when it is an Azure storage account.
    objectStoreConnectionString?: pulumi.Output<string>;
    // Where Alertmanager sends alerts (often carries a token).
    alertWebhookUrl?: pulumi.Output<string>;
}

export interface Site {
    config: SiteConfig;
    secrets: SiteSecrets;
}

// Parses an already-read `site` value. Kept apart from Pulumi's Config so the
// validation table in the tests runs without a Pulumi runtime.
export function parseSiteConfig(raw: unknown): SiteConfig {
    const result = siteSchema.safeParse(raw);
    if (!result.success) {
        throw new SiteConfigError(describeIssues("site", raw, result.error.issues));
    }
    return result.data;
}

export function loadSite(config = new pulumi.Config()): Site {
    const raw = config.getObject<unknown>("site");
    if (raw === undefined) {
        throw new SiteConfigError([
            `site: missing; expected the key ${config.name}:site in Pulumi.${pulumi.getStack()}.yaml (see Pulumi.local.yaml)`,
        ]);
    }
    const site = parseSiteConfig(raw);
    const secrets: SiteSecrets = {
        objectStoreSecretAccessKey: config.getSecret("objectStoreSecretAccessKey"),
        objectStoreConnectionString: config.getSecret("objectStoreConnectionString"),
        alertWebhookUrl: config.getSecret("alertWebhookUrl"),
    };
    const problems: string[] = [];
    const store = site.objectStore;
    if (store?.type === "s3" && store.accessKeyId !== undefined && secrets.objectStoreSecretAccessKey === undefined) {
        problems.push(
            `${config.name}:objectStoreSecretAccessKey: missing; expected a secret because site.objectStore.accessKeyId is set ` +
                `(pulumi config set --secret objectStoreSecretAccessKey ...)`,
        );
    }
    if (store?.type === "azureBlob" && secrets.objectStoreConnectionString === undefined) {
        problems.push(
            `${config.name}:objectStoreConnectionString: missing; expected a secret because site.objectStore.type is azureBlob ` +
                `(pulumi config set --secret objectStoreConnectionString ...)`,
        );
    }
    if (problems.length > 0) {
        throw new SiteConfigError(problems);
    }
    return { config: site, secrets };
}
