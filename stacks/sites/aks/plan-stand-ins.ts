// What the plan answers for an AKS site's look-ups: the cluster's user
// kubeconfig (the shape AKS returns: base64 YAML with one cluster, and a
// kubelogin user the program replaces) and a SAS for Orthanc's container.
import type { PlanStandIns } from "../plan-stand-ins";

// Never a real signature: tests check that it never shows in what the plan writes.
export const planSasSignature = "plan-sas-signature";

function userKubeconfig(resourceName: string): string {
    const yaml = [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        `- name: ${resourceName}`,
        "  cluster:",
        `    server: https://${resourceName}-plan.hcp.plan.azmk8s.io:443`,
        `    certificate-authority-data: ${Buffer.from("plan-cluster-ca").toString("base64")}`,
        "users:",
        `- name: clusterUser_${resourceName}`,
        "  user:",
        "    exec:",
        "      apiVersion: client.authentication.k8s.io/v1beta1",
        "      command: kubelogin",
        "      args: [get-token, --login, devicecode]",
        "contexts:",
        `- name: ${resourceName}`,
        "  context:",
        `    cluster: ${resourceName}`,
        `    user: clusterUser_${resourceName}`,
        `current-context: ${resourceName}`,
        "",
    ].join("\n");
    return Buffer.from(yaml).toString("base64");
}

export const aksSitePlanStandIns: PlanStandIns = {
    "azure-native:containerservice:listManagedClusterUserCredentials": (args) => ({
        kubeconfigs: [{ name: "clusterUser", value: userKubeconfig(String(args.resourceName)) }],
    }),
    "azure-native:storage:listStorageAccountServiceSAS": (args) => ({
        serviceSasToken: `sv=2022-11-02&sr=c&sp=${String(args.permissions)}&se=${encodeURIComponent(String(args.sharedAccessExpiryTime))}&spr=https&sig=${planSasSignature}`,
    }),
};

// Azure resources answer with their name (the input that names each type) and
// values Azure assigns: an identity's client and principal IDs, the cluster's
// OIDC issuer. Plan values, recognisable as such.
const azureNameInput: Record<string, string> = {
    "azure-native:resources:ResourceGroup": "resourceGroupName",
    "azure-native:network:VirtualNetwork": "virtualNetworkName",
    "azure-native:network:Subnet": "subnetName",
    "azure-native:network:PrivateEndpoint": "privateEndpointName",
    "azure-native:network:PrivateDnsZoneGroup": "privateDnsZoneGroupName",
    "azure-native:privatedns:PrivateZone": "privateZoneName",
    "azure-native:privatedns:VirtualNetworkLink": "virtualNetworkLinkName",
    "azure-native:containerservice:ManagedCluster": "resourceName",
    "azure-native:containerservice:AgentPool": "agentPoolName",
    "azure-native:managedidentity:UserAssignedIdentity": "resourceName",
    "azure-native:managedidentity:FederatedIdentityCredential": "federatedIdentityCredentialResourceName",
    "azure-native:storage:StorageAccount": "accountName",
    "azure-native:storage:BlobServiceProperties": "blobServicesName",
    "azure-native:storage:BlobContainer": "containerName",
    "azure-native:authorization:RoleAssignment": "roleAssignmentName",
};

function azureName(type: string): (name: string, inputs: Record<string, unknown>) => Record<string, unknown> {
    return (name, inputs) => ({ name: inputs[azureNameInput[type] as string] ?? name });
}

export const aksSiteResourceStandIns: Record<string, (name: string, inputs: Record<string, unknown>) => Record<string, unknown>> = {
    ...Object.fromEntries(Object.keys(azureNameInput).map((type) => [type, azureName(type)])),
    "azure-native:containerservice:ManagedCluster": (name, inputs) => ({
        name: inputs.resourceName ?? name,
        oidcIssuerProfile: { enabled: true, issuerURL: `https://${String(inputs.location)}.oic.prod-aks.azure.com/plan-tenant/plan-${name}/` },
    }),
    "azure-native:managedidentity:UserAssignedIdentity": (name, inputs) => ({
        name: inputs.resourceName ?? name,
        clientId: `plan-client-id-${name}`,
        principalId: `plan-principal-id-${name}`,
    }),
};
