// Azure built-in roles the AKS site grants, by their fixed IDs
// (learn.microsoft.com/azure/role-based-access-control/built-in-roles).
export const builtInRoles = {
    // Lets the control plane join nodes and load balancers to the node subnet.
    networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
    // Read, write and delete blobs (data plane), nothing on the account itself.
    storageBlobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
} as const;

export function builtInRoleId(subscriptionId: string, role: string): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
}
