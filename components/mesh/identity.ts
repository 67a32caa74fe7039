// Istio workload identities (SPIFFE principals), as AuthorizationPolicy matches
// them: the mesh's trust domain (istio.ts sets it to the cluster's domain), the
// namespace and the service account.
export function workloadPrincipal(trustDomain: string, namespace: string, serviceAccount: string): string {
    return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}
