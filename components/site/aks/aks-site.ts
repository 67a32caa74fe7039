// An AKS site: everything the platform needs from Azure, under one component.
// The resource group holds a VNet, the cluster with its node pools, the storage
// account with a container each for DICOM files and backups, and the identities
// of the workloads that use them; the Kubernetes provider reaches the cluster
// through Entra ID, and only once the cluster and its storage are ready.
import * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import { ResourceGroup } from "@pulumi/azure-native/resources";
import type { ObjectStoreAccess, ObjectStoreUser } from "../contract";
import { objectStoreServiceAccounts } from "../contract";
import { AksCluster, type AksClusterArgs } from "./cluster";
import { containerSasConnectionString } from "./container-sas";
import { AksWorkloadIdentity } from "./identities";
import { aksKubeconfig, type KubeloginMode } from "./kubeconfig";
import { AksNetwork } from "./network";
import { AksObjectStore, aksContainerNames } from "./object-store";

export interface AksSiteArgs {
    subscriptionId: string;
    tenantId: string;
    /** Azure region with availability zones, e.g. westeurope. */
    location: string;
    resourceGroupName: string;
    network: { vnetCidr: string; nodeSubnetCidr: string; privateEndpointSubnetCidr: string; podCidr: string; serviceCidr: string; dnsServiceIp: string };
    cluster: Omit<AksClusterArgs, "provider" | "subscriptionId" | "tenantId" | "resourceGroupName" | "location" | "nodeSubnetId" | "podCidr" | "serviceCidr" | "dnsServiceIp">;
    /** How kubelogin signs in where `pulumi up` runs (site.aks.kubeloginMode). */
    kubeloginMode: KubeloginMode;
    storage: {
        /** Globally unique, 3 to 24 lowercase letters and digits. */
        accountName: string;
        /** How the account keeps copies (site.aks.storageRedundancy). */
        redundancy: "ZRS" | "GZRS" | "RAGZRS";
        /** @default 30 */
        softDeleteDays?: number;
    };
    /** The current time (for the SAS window). @default Date.now() */
    now?: number;
}

export class AksSite extends pulumi.ComponentResource {
    /** The Kubernetes provider for the cluster; every platform resource uses it. */
    readonly provider: KubernetesProvider;
    /** The kubeconfig operators use (secret): the cluster's endpoint and CA, a token from kubelogin. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly cluster: AksCluster;
    readonly objectStore: AksObjectStore;
    readonly network: AksNetwork;
    readonly identities: { [U in ObjectStoreUser]: AksWorkloadIdentity };
    /** The site's object store as each of its users reaches it. */
    readonly objectStoreAccess: { [U in ObjectStoreUser]: ObjectStoreAccess };
    /** When Orthanc's SAS expires; the first `pulumi up` of each 90-day window issues a new one. */
    readonly orthancSasExpiry: string;

    constructor(name: string, args: AksSiteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:AksSite", name, {}, opts);
        const provider = new AzureProvider("azure", { subscriptionId: args.subscriptionId, tenantId: args.tenantId, location: args.location }, { parent: this });
        const common = { provider, location: args.location };
        const group = new ResourceGroup("resource-group", { resourceGroupName: args.resourceGroupName, location: args.location }, { parent: this, provider, protect: true });
        const resourceGroupName = group.name;

        this.network = new AksNetwork("network", { ...common, resourceGroupName, ...args.network }, { parent: this });
        this.cluster = new AksCluster(
            name,
            {
                ...common,
                ...args.cluster,
                subscriptionId: args.subscriptionId,
                tenantId: args.tenantId,
                resourceGroupName,
                nodeSubnetId: this.network.nodeSubnet.id,
                podCidr: args.network.podCidr,
                serviceCidr: args.network.serviceCidr,
                dnsServiceIp: args.network.dnsServiceIp,
            },
            { parent: this },
        );
        this.objectStore = new AksObjectStore(
            "object-store",
            {
                ...common,
                resourceGroupName,
                accountName: args.storage.accountName,
                redundancy: args.storage.redundancy,
                softDeleteDays: args.storage.softDeleteDays,
                vnetId: this.network.vnet.id,
                privateEndpointSubnetId: this.network.privateEndpointSubnet.id,
            },
            { parent: this },
        );
        const containerOf: { [U in ObjectStoreUser]: keyof typeof aksContainerNames } = { orthanc: "dicom", backups: "backups" };
        const identity = (user: ObjectStoreUser) =>
            new AksWorkloadIdentity(
                user,
                {
                    identityName: `${name}-${user}`,
                    ...common,
                    subscriptionId: args.subscriptionId,
                    resourceGroupName,
                    oidcIssuerUrl: this.cluster.oidcIssuerUrl,
                    serviceAccount: objectStoreServiceAccounts[user],
                    containerId: this.objectStore.containers[containerOf[user]].id,
                },
                { parent: this },
            );
        this.identities = { orthanc: identity("orthanc"), backups: identity("backups") };

        const location = (user: ObjectStoreUser) => ({ type: "azureBlob" as const, storageAccount: args.storage.accountName, container: aksContainerNames[containerOf[user]] });
        const sas = containerSasConnectionString({
            provider,
            resourceGroupName,
            accountName: this.objectStore.account.name,
            containerName: aksContainerNames.dicom,
            now: args.now ?? Date.now(),
            dependsOn: [this.objectStore.containers.dicom],
            parent: this,
        });
        this.orthancSasExpiry = sas.expiry;
        this.objectStoreAccess = {
            // Orthanc's plugin takes only a connection string (see container-sas.ts).
            orthanc: { location: location("orthanc"), credentials: { kind: "keys", keys: { connectionString: sas.connectionString } } },
            // barman-cloud signs in with DefaultAzureCredential: the workload identity.
            backups: { location: location("backups"), credentials: { kind: "workloadIdentity", identity: this.identities.backups.workloadIdentity } },
        };

        // Everything the platform lays on the cluster waits for this: the cluster, both
        // node pools, and the storage (private endpoint, identities) its pods use at once.
        const ready = [this.cluster.cluster, this.cluster.userPool, this.objectStore, this.identities.orthanc, this.identities.backups];
        const kubeconfig = (this.kubeconfig = aksKubeconfig({
            provider,
            resourceGroupName,
            clusterName: this.cluster.cluster.name,
            tenantId: args.tenantId,
            login: args.kubeloginMode,
            dependsOn: [this.cluster.cluster, this.cluster.userPool],
            parent: this,
        }));
        this.provider = new KubernetesProvider(
            "kubernetes",
            // The cluster's resource ID: a rotated CA or moved endpoint changes the kubeconfig, not the cluster.
            { kubeconfig, clusterIdentifier: this.cluster.cluster.id },
            { parent: this, dependsOn: ready },
        );
        this.registerOutputs({ clusterName: this.cluster.cluster.name, storageAccountName: args.storage.accountName, orthancSasExpiry: this.orthancSasExpiry });
    }
}
