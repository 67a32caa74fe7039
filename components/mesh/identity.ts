// Istio workload identities (SPIFFE principals), as AuthorizationPolicy matches them.
export const meshTrustDomain = "cluster.local";

export function workloadPrincipal(namespace: string, serviceAccount: string): string {
    return `${meshTrustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}
