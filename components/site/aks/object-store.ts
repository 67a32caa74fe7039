// The site's storage account for DICOM files and database backups: one private
// container for each, reached only through a private endpoint in the site's VNet.
// Versioning and soft delete keep what is overwritten or deleted for a while.
import * as pulumi from "@pulumi/pulumi";
import { PrivateDnsZoneGroup, PrivateEndpoint } from "@pulumi/azure-native/network";
import { PrivateZone, VirtualNetworkLink } from "@pulumi/azure-native/privatedns";
import type { Provider } from "@pulumi/azure-native/provider";
import { BlobContainer, BlobServiceProperties, StorageAccount } from "@pulumi/azure-native/storage";

// Azure's private DNS zone for blob private endpoints (learn.microsoft.com/azure/
// private-link/private-endpoint-dns): the account's public name resolves to the
// endpoint's address inside every VNet linked to it.
export const blobPrivateDnsZone = "privatelink.blob.core.windows.net";

export const aksContainerNames = { dicom: "dicom", backups: "backups" } as const;

export interface AksObjectStoreArgs {
    provider: Provider;
    resourceGroupName: pulumi.Input<string>;
    location: string;
    /** Globally unique, 3 to 24 lowercase letters and digits. */
    accountName: string;
    /** How the account keeps copies (site.aks.storageRedundancy). */
    redundancy: "ZRS" | "GZRS" | "RAGZRS";
    /** Days that deleted or overwritten blobs and deleted containers stay restorable. @default 30 */
    softDeleteDays?: number;
    vnetId: pulumi.Input<string>;
    privateEndpointSubnetId: pulumi.Input<string>;
}

export class AksObjectStore extends pulumi.ComponentResource {
    readonly account: StorageAccount;
    readonly accountName: string;
    readonly containers: { dicom: BlobContainer; backups: BlobContainer };
    /** Ready when the account answers on its private address. */
    readonly privateEndpoint: PrivateEndpoint;

    constructor(name: string, args: AksObjectStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:AksObjectStore", name, {}, opts);
        const { provider, resourceGroupName } = args;
        const softDeleteDays = args.softDeleteDays ?? 30;
        this.accountName = args.accountName;
        this.account = new StorageAccount(
            "account",
            {
                resourceGroupName,
                location: args.location,
                accountName: args.accountName,
                kind: "StorageV2",
                sku: { name: `Standard_${args.redundancy}` },
                accessTier: "Hot",
                minimumTlsVersion: "TLS1_2",
                enableHttpsTrafficOnly: true,
                allowBlobPublicAccess: false,
                // Orthanc's connection string carries a service SAS, which is signed with
                // the account key: shared-key signing must stay on (see the README).
                allowSharedKeyAccess: true,
                // The portal and tools use Entra ID, not the key, unless told otherwise.
                defaultToOAuthAuthentication: true,
                allowCrossTenantReplication: false,
                isLocalUserEnabled: false,
                isSftpEnabled: false,
                // Only the private endpoint: no address on the internet answers for the account.
                publicNetworkAccess: "Disabled",
                networkRuleSet: { defaultAction: "Deny", bypass: "None" },
                encryption: {
                    keySource: "Microsoft.Storage",
                    // A second layer of encryption at rest, under a different key.
                    requireInfrastructureEncryption: true,
                    services: { blob: { enabled: true, keyType: "Account" } },
                },
                // No SAS may outlive the longest the program issues (containerSasWindow).
                sasPolicy: { sasExpirationPeriod: "180.00:00:00", expirationAction: "Log" },
            },
            { parent: this, provider, protect: true },
        );
        const blobService = new BlobServiceProperties(
            "blob-service",
            {
                resourceGroupName,
                accountName: this.account.name,
                blobServicesName: "default",
                isVersioningEnabled: true,
                deleteRetentionPolicy: { enabled: true, days: softDeleteDays },
                containerDeleteRetentionPolicy: { enabled: true, days: softDeleteDays },
            },
            { parent: this, provider },
        );
        const container = (key: keyof typeof aksContainerNames) =>
            new BlobContainer(
                key,
                { resourceGroupName, accountName: this.account.name, containerName: aksContainerNames[key], publicAccess: "None" },
                { parent: this, provider, protect: true, dependsOn: [blobService] },
            );
        this.containers = { dicom: container("dicom"), backups: container("backups") };

        const zone = new PrivateZone("blob-dns", { resourceGroupName, privateZoneName: blobPrivateDnsZone, location: "global" }, { parent: this, provider });
        new VirtualNetworkLink(
            "blob-dns-vnet",
            { resourceGroupName, privateZoneName: zone.name, location: "global", virtualNetwork: { id: args.vnetId }, registrationEnabled: false },
            { parent: this, provider },
        );
        this.privateEndpoint = new PrivateEndpoint(
            "blob",
            {
                resourceGroupName,
                location: args.location,
                subnet: { id: args.privateEndpointSubnetId },
                privateLinkServiceConnections: [{ name: "blob", privateLinkServiceId: this.account.id, groupIds: ["blob"] }],
            },
            { parent: this, provider },
        );
        new PrivateDnsZoneGroup(
            "blob",
            { resourceGroupName, privateEndpointName: this.privateEndpoint.name, privateDnsZoneGroupName: "blob", privateDnsZoneConfigs: [{ name: "blob", privateDnsZoneId: zone.id }] },
            { parent: this, provider },
        );
        this.registerOutputs({ accountName: this.account.name });
    }
}
