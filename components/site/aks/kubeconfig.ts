// The kubeconfig the program reaches an Entra-only AKS cluster with. There is no
// static credential to fetch (local accounts are disabled), so the user entry runs
// kubelogin, which gets an Entra ID token for the AKS server application. The
// cluster's address and CA come from AKS's user credentials; their own user entry
// (kubelogin with --login devicecode, an interactive prompt) is replaced by one
// that works unattended on the machine running `pulumi up`.
import * as pulumi from "@pulumi/pulumi";
import { listManagedClusterUserCredentialsOutput } from "@pulumi/azure-native/containerservice";
import type { Provider } from "@pulumi/azure-native/provider";
import * as YAML from "yaml";

// The Entra ID application every AKS cluster with managed Entra ID integration
// accepts tokens for (learn.microsoft.com/azure/aks/kubelogin-authentication).
export const aksEntraServerId = "6dae42f8-4368-4678-94ff-3960e28e3630";

export type KubeloginMode = "azurecli" | "spn" | "workloadidentity" | "msi";

export interface AksKubeconfigArgs {
    provider: Provider;
    resourceGroupName: pulumi.Input<string>;
    clusterName: pulumi.Input<string>;
    tenantId: string;
    /**
     * How kubelogin signs in: the operator's `az login` (azurecli), a service
     * principal from AAD_SERVICE_PRINCIPAL_CLIENT_ID/_SECRET (spn), a CI workload
     * identity from AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_FEDERATED_TOKEN_FILE
     * (workloadidentity), or the machine's managed identity (msi): site.aks.kubeloginMode.
     */
    login: KubeloginMode;
    /** Ready before the credentials are asked for (the cluster and its node pools). */
    dependsOn: pulumi.Resource[];
    parent: pulumi.Resource;
}

/** The cluster's address and CA as AKS's user kubeconfig carries them. */
export function clusterEntry(kubeconfigBase64: string): { server: string; certificateAuthorityData: string } {
    const document = YAML.parse(Buffer.from(kubeconfigBase64, "base64").toString("utf8")) as {
        clusters?: { cluster?: { server?: string; "certificate-authority-data"?: string } }[];
    };
    const cluster = document?.clusters?.[0]?.cluster;
    if (!cluster?.server || !cluster["certificate-authority-data"]) {
        throw new Error("AKS returned a user kubeconfig without a cluster server and certificate authority");
    }
    return { server: cluster.server, certificateAuthorityData: cluster["certificate-authority-data"] };
}

export function kubeloginKubeconfig(args: { name: string; server: string; certificateAuthorityData: string; tenantId: string; login: KubeloginMode }): string {
    const kubeloginArgs = ["get-token", "--login", args.login, "--server-id", aksEntraServerId, "--environment", "AzurePublicCloud", "--tenant-id", args.tenantId];
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: args.name, cluster: { server: args.server, "certificate-authority-data": args.certificateAuthorityData } }],
        users: [
            {
                name: `${args.name}-entra`,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "kubelogin",
                        args: kubeloginArgs,
                        // Unattended: kubelogin must never wait for a prompt under `pulumi up`.
                        interactiveMode: "Never",
                    },
                },
            },
        ],
        contexts: [{ name: args.name, context: { cluster: args.name, user: `${args.name}-entra` } }],
        "current-context": args.name,
    });
}

/** The kubeconfig, secret (it names the cluster's endpoint and CA). */
export function aksKubeconfig(args: AksKubeconfigArgs): pulumi.Output<string> {
    const credentials = listManagedClusterUserCredentialsOutput(
        { resourceGroupName: args.resourceGroupName, resourceName: args.clusterName, format: "exec" },
        { provider: args.provider, parent: args.parent, dependsOn: args.dependsOn },
    );
    return pulumi.secret(
        pulumi.all([credentials.kubeconfigs, args.clusterName]).apply(([kubeconfigs, name]) => {
            const entry = clusterEntry(kubeconfigs[0]?.value ?? "");
            return kubeloginKubeconfig({ name, ...entry, tenantId: args.tenantId, login: args.login });
        }),
    );
}
