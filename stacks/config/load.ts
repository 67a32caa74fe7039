// Reads and validates the stack configuration before any resource is declared.
import * as pulumi from "@pulumi/pulumi";
import { SiteConfigError, describeIssues } from "./errors";
import { resolveKubeconfig } from "./kubeconfig";
import { strayProjectKeys, type ConfigEntry } from "./project-keys";
import { siteOfUnknownKind, siteSchemaResolved, type SiteConfig } from "./schema";

// The secret keys this program reads, top-level in the project's namespace. This
// list is also what makes them allowed there (next to `site`, below): a secret
// added here is read and accepted at once, and any other key is refused.
const secretKeys = [
    // Secret half of site.objectStore.accessKeyId (S3 and S3-compatible stores).
    "objectStoreSecretAccessKey",
    // Connection string of site.objectStore when it is an Azure storage account.
    "objectStoreConnectionString",
    // The backups' own: secret half of site.objectStore.backupAccessKeyId, and the
    // backups' connection string (scoped to what they may write; Orthanc's key
    // must not be able to delete them, nor theirs the DICOM files).
    "objectStoreBackupSecretAccessKey",
    "objectStoreBackupConnectionString",
    // Where Alertmanager sends alerts (often carries a token).
    "alertWebhookUrl",
    // Password of site.vsphere.user: the program's vCenter login, and the CPI and CSI drivers'.
    "vspherePassword",
    // Proxmox VE API token of a proxmox site (USER@REALM!TOKENID=SECRET): the program's login.
    "proxmoxApiToken",
    // Private key (PEM) of site.proxmox.ssh.user: the provider uploads the nodes' cloud-init snippets over SSH.
    "proxmoxSshPrivateKey",
    // Password of site.identity.upstream.bindDn: the platform's Keycloak reads the hospital's directory with it.
    "identityLdapBindPassword",
    // Client secret of site.identity.upstream.clientId at the hospital's OpenID Connect provider.
    "identityOidcClientSecret",
] as const;

export type SecretKey = (typeof secretKeys)[number];
export type SiteSecrets = { [K in SecretKey]?: pulumi.Output<string> };

// Every key the program reads in its namespace: `site` holds all settings.
export const projectKeys: readonly string[] = ["site", ...secretKeys];
export const projectSecretKeys: readonly string[] = secretKeys;

export interface Site {
    config: SiteConfig;
    secrets: SiteSecrets;
}

// Parses an already-read `site` value. Kept apart from Pulumi's Config so the
// validation table in the tests runs without a Pulumi runtime.
export function parseSiteConfig(raw: unknown): SiteConfig {
    const result = siteSchemaResolved.safeParse(raw);
    if (!result.success) {
        const kindKnown = result.error.issues.every((issue) => !(issue.code === "invalid_union" && issue.path.join(".") === "kind"));
        const issues = kindKnown ? result.error.issues : (siteOfUnknownKind.safeParse(raw).error?.issues ?? result.error.issues);
        throw new SiteConfigError(describeIssues("site", raw, issues));
    }
    return result.data;
}

export function loadSite(config = new pulumi.Config()): Site {
    // Every problem is collected, so one run names them all.
    const problems = strayProjectKeys(config.name, projectKeys, secretKeys, configEntries());
    const site = parseSite(config, problems);
    const secrets: SiteSecrets = {};
    for (const key of secretKeys) {
        secrets[key] = config.getSecret(key);
    }
    // Only a site with a named store carries its secrets; an AKS site makes its own.
    const store = site?.kind === "existing" || site?.kind === "vsphere" || site?.kind === "proxmox" ? site.objectStore : undefined;
    if (store?.type === "s3" && store.accessKeyId !== undefined && secrets.objectStoreSecretAccessKey === undefined) {
        problems.push(
            `${config.name}:objectStoreSecretAccessKey: missing; expected a secret because site.objectStore.accessKeyId is set ` +
                `(pulumi config set --secret objectStoreSecretAccessKey ...)`,
        );
    }
    if (store?.type === "s3" && store.backupAccessKeyId !== undefined && secrets.objectStoreBackupSecretAccessKey === undefined) {
        problems.push(
            `${config.name}:objectStoreBackupSecretAccessKey: missing; expected a secret because site.objectStore.backupAccessKeyId is set ` +
                `(pulumi config set --secret objectStoreBackupSecretAccessKey ...)`,
        );
    }
    if (store?.type === "azureBlob") {
        for (const key of ["objectStoreConnectionString", "objectStoreBackupConnectionString"] as const) {
            if (secrets[key] === undefined) {
                problems.push(
                    `${config.name}:${key}: missing; expected a secret because site.objectStore.type is azureBlob ` +
                        `(pulumi config set --secret ${key} ...)`,
                );
            }
        }
    }
    if (site?.kind === "vsphere" && secrets.vspherePassword === undefined) {
        problems.push(
            `${config.name}:vspherePassword: missing; expected a secret because site.kind is vsphere ` +
                `(the password of site.vsphere.user: pulumi config set --secret vspherePassword ...)`,
        );
    }
    if (site?.kind === "proxmox") {
        const needed = [
            ["proxmoxApiToken", "the Proxmox VE API token the program logs in with, USER@REALM!TOKENID=SECRET"],
            ["proxmoxSshPrivateKey", "the private key of site.proxmox.ssh.user, which uploads the cloud-init snippets"],
        ] as const;
        for (const [key, what] of needed) {
            if (secrets[key] === undefined) {
                problems.push(`${config.name}:${key}: missing; expected a secret because site.kind is proxmox (${what}: pulumi config set --secret ${key} ...)`);
            }
        }
    }
    const upstream = site?.identity.provider === "platform" ? site.identity.upstream : undefined;
    const upstreamSecret = upstream?.kind === "ldap" ? (["identityLdapBindPassword", "the password of site.identity.upstream.bindDn"] as const) : upstream?.kind === "oidc" ? (["identityOidcClientSecret", "the client secret of site.identity.upstream.clientId"] as const) : undefined;
    if (upstreamSecret !== undefined && secrets[upstreamSecret[0]] === undefined) {
        const [key, what] = upstreamSecret;
        problems.push(`${config.name}:${key}: missing; expected a secret because site.identity.upstream.kind is ${upstream?.kind} (${what}: pulumi config set --secret ${key} ...)`);
    }
    const kubeconfig = site?.kind === "existing" ? site.existing?.kubeconfig : undefined;
    if (site?.kind === "existing" && site.existing && kubeconfig !== undefined) {
        // Unset, the provider finds $KUBECONFIG or ~/.kube/config itself: nothing to check.
        try {
            site.existing.kubeconfig = resolveKubeconfig(kubeconfig);
        } catch (error) {
            if (!(error instanceof SiteConfigError)) {
                throw error;
            }
            problems.push(...error.problems);
        }
    }
    if (site === undefined || problems.length > 0) {
        throw new SiteConfigError(problems);
    }
    return { config: site, secrets };
}

// The site, or undefined with its problems added to `problems`.
function parseSite(config: pulumi.Config, problems: string[]): SiteConfig | undefined {
    const text = config.get("site");
    if (text === undefined) {
        problems.push(`site: missing; expected the key ${config.name}:site in the stack's configuration (see Pulumi.local.yaml)`);
        return undefined;
    }
    try {
        return parseSiteConfig(parseValue(text));
    } catch (error) {
        if (error instanceof SiteConfigError) {
            problems.push(...error.problems);
            return undefined;
        }
        throw error;
    }
}

// Mappings arrive as JSON; anything else (`site: local`) is kept as written, so
// the schema names it like any other wrong value.
function parseValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

// Every configuration key the stack has, in every namespace, as the runtime got
// it: from the engine under `pulumi up`, from the stack file under the plan.
function configEntries(): ConfigEntry[] {
    return Object.entries(pulumi.runtime.allConfig()).map(([key, value]) => ({ key, value, secret: isSecret(key) }));
}

// The SDK knows which keys are secret but does not declare the function in its
// types. Should a later SDK drop it, every value counts as secret: a message
// then loses the value, never leaks it.
function isSecret(key: string): boolean {
    const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
    return runtime.isConfigSecret?.(key) ?? true;
}
