// The hosts outside the cluster that single sign-on reaches, for the mesh's
// ServiceEntries and the egress flows: the directory or identity provider the
// platform's Keycloak asks, or the hospital's own Keycloak the auth service reads.
import type { IdentityConfig } from "./config/identity";

export interface IdentityEgress {
    /** Who connects: the platform's Keycloak, or the auth service. */
    from: "keycloak" | "authService";
    hosts: string[];
    port: number;
    protocol: "TLS" | "TCP";
}

function hostAndPort(url: string, defaultPort: number): { host: string; port: number } {
    const parsed = new URL(url);
    return { host: parsed.hostname, port: parsed.port === "" ? defaultPort : Number(parsed.port) };
}

export function identityEgress(config: IdentityConfig): IdentityEgress[] {
    if (config.provider === "keycloak") {
        const { host, port } = hostAndPort(config.keycloak.url, 443);
        return [{ from: "authService", hosts: [host], port, protocol: "TLS" }];
    }
    const upstream = config.upstream;
    if (upstream === undefined) {
        return [];
    }
    if (upstream.kind === "ldap") {
        const secure = upstream.url.startsWith("ldaps://");
        const { host, port } = hostAndPort(upstream.url.replace(/^ldaps?:/, "https:"), secure ? 636 : 389);
        // StartTLS begins in the clear: the sidecar must pass it on as plain TCP.
        return [{ from: "keycloak", hosts: [host], port, protocol: secure ? "TLS" : "TCP" }];
    }
    // Keycloak calls the token and key endpoints itself; the browser alone goes to the authorization page.
    const byPort = new Map<number, Set<string>>();
    for (const url of [upstream.issuer, upstream.tokenUrl, upstream.jwksUrl, ...(upstream.logoutUrl ? [upstream.logoutUrl] : [])]) {
        const { host, port } = hostAndPort(url, 443);
        byPort.set(port, (byPort.get(port) ?? new Set()).add(host));
    }
    return [...byPort.entries()].map(([port, hosts]) => ({ from: "keycloak", hosts: [...hosts].sort(), port, protocol: "TLS" }));
}
