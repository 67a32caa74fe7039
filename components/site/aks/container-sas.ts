// Orthanc's way into its container. Orthanc's Azure Blob storage plugin takes a
// connection string and nothing else (orthanc-object-storage,
// Azure/AzureBlobStoragePlugin.cpp: ConnectionString and ContainerName only): it
// cannot use a workload identity. The least it can be given is a service SAS for
// its own container (not the account key): read, create, write and delete blobs
// there, over HTTPS only, for a bounded time.
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/azure-native/provider";
import { listStorageAccountServiceSASOutput } from "@pulumi/azure-native/storage";

const day = 24 * 60 * 60 * 1000;
// Windows are counted from this fixed instant, so every run inside one window
// signs exactly the same SAS and nothing changes between runs.
const windowEpoch = Date.UTC(2026, 0, 1);

/** Days a SAS window lasts; a SAS is valid for its own window and the next. */
export const sasWindowDays = 90;

/**
 * The validity of the SAS issued at `now`: from the start of the current
 * 90-day window to the end of the next one. A `pulumi up` in a new window issues
 * a new SAS, so one run every 90 days keeps at least 90 days of validity left.
 */
export function containerSasWindow(now: number): { start: string; expiry: string } {
    const window = Math.floor((now - windowEpoch) / (sasWindowDays * day));
    const start = windowEpoch + window * sasWindowDays * day;
    return { start: new Date(start).toISOString(), expiry: new Date(start + 2 * sasWindowDays * day).toISOString() };
}

// Blob permissions the plugin uses: read, create, write, delete. No list: it
// addresses every file by the name in Orthanc's index.
export const orthancSasPermissions = "rcwd";

export interface ContainerSasArgs {
    provider: Provider;
    resourceGroupName: pulumi.Input<string>;
    accountName: pulumi.Input<string>;
    containerName: string;
    /** The current time; the program passes Date.now(). */
    now: number;
    /** Ready before the SAS is asked for (the container). */
    dependsOn: pulumi.Resource[];
    parent: pulumi.Resource;
}

/** A connection string with a service SAS for one container, secret. */
export function containerSasConnectionString(args: ContainerSasArgs): { connectionString: pulumi.Output<string>; expiry: string } {
    const window = containerSasWindow(args.now);
    const sas = listStorageAccountServiceSASOutput(
        {
            resourceGroupName: args.resourceGroupName,
            accountName: args.accountName,
            canonicalizedResource: pulumi.interpolate`/blob/${args.accountName}/${args.containerName}`,
            resource: "c",
            permissions: orthancSasPermissions,
            protocols: "https",
            sharedAccessStartTime: window.start,
            sharedAccessExpiryTime: window.expiry,
            keyToSign: "key1",
        },
        { provider: args.provider, parent: args.parent, dependsOn: args.dependsOn },
    );
    const connectionString = pulumi.secret(
        pulumi.interpolate`BlobEndpoint=https://${args.accountName}.blob.core.windows.net/;SharedAccessSignature=${sas.serviceSasToken}`,
    );
    return { connectionString, expiry: window.expiry };
}
