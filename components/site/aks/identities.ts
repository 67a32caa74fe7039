// One workload's Azure identity: a user-assigned managed identity that trusts
// exactly one Kubernetes service account (a federated credential on the
// cluster's OIDC issuer) and may use exactly one blob container. Its children
// carry the component's name: two identities share one type path.
import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { FederatedIdentityCredential, UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import type { Provider } from "@pulumi/azure-native/provider";
import type { WorkloadIdentity } from "../../storage/object-store";
import { builtInRoleId, builtInRoles } from "./roles";

// The audience Entra ID expects on a Kubernetes token it exchanges
// (learn.microsoft.com/azure/aks/workload-identity-overview).
export const workloadIdentityAudience = "api://AzureADTokenExchange";

export interface AksWorkloadIdentityArgs {
    provider: Provider;
    subscriptionId: string;
    resourceGroupName: pulumi.Input<string>;
    location: string;
    /** The cluster's OIDC issuer URL. */
    oidcIssuerUrl: pulumi.Input<string>;
    /** The one service account whose tokens this identity accepts. */
    serviceAccount: { namespace: string; name: string };
    /** The container's resource ID: the role assignment's whole scope. */
    containerId: pulumi.Input<string>;
    /** The identity's name in Azure. @default the component's name */
    identityName?: string;
}

export class AksWorkloadIdentity extends pulumi.ComponentResource {
    readonly identity: UserAssignedIdentity;
    /** What the platform puts on the service account and its pods. */
    readonly workloadIdentity: WorkloadIdentity;

    constructor(name: string, args: AksWorkloadIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:AksWorkloadIdentity", name, {}, opts);
        const { provider, resourceGroupName } = args;
        this.identity = new UserAssignedIdentity(name, { resourceGroupName, location: args.location, resourceName: args.identityName ?? name }, { parent: this, provider });
        new FederatedIdentityCredential(
            name,
            {
                resourceGroupName,
                resourceName: this.identity.name,
                federatedIdentityCredentialResourceName: `${args.serviceAccount.namespace}-${args.serviceAccount.name}`,
                issuer: args.oidcIssuerUrl,
                subject: `system:serviceaccount:${args.serviceAccount.namespace}:${args.serviceAccount.name}`,
                audiences: [workloadIdentityAudience],
            },
            { parent: this, provider },
        );
        new RoleAssignment(
            name,
            {
                // The container, not the account: this identity cannot touch the other container.
                scope: args.containerId,
                principalId: this.identity.principalId,
                principalType: "ServicePrincipal",
                roleDefinitionId: builtInRoleId(args.subscriptionId, builtInRoles.storageBlobDataContributor),
            },
            { parent: this, provider },
        );
        this.workloadIdentity = {
            // The names Azure Workload Identity's webhook reads (azure.github.io/azure-workload-identity, "Service Account Labels and Annotations").
            serviceAccountAnnotations: { "azure.workload.identity/client-id": this.identity.clientId },
            podLabels: { "azure.workload.identity/use": "true" },
        };
        this.registerOutputs({ clientId: this.identity.clientId });
    }
}
