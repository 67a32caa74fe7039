// site.identity, as the identity components take it: the secrets of its upstream
// joined in, and an OIDC upstream's endpoints apart (the realm builder's argument).
import type * as pulumi from "@pulumi/pulumi";
import type { IdentityProvider } from "../components/identity/provider";
import type { OidcProviderEndpoints } from "../components/identity/realm";
import type { IdentityConfig } from "./config/identity";

export interface IdentitySecrets {
    ldapBindPassword?: pulumi.Output<string>;
    oidcClientSecret?: pulumi.Output<string>;
}

export function identityProvider(config: IdentityConfig, secrets: IdentitySecrets): { provider: IdentityProvider; oidcEndpoints?: OidcProviderEndpoints } {
    if (config.provider === "keycloak") {
        return { provider: { kind: "keycloak", ...config.keycloak } };
    }
    const { roleGroups, testUsers } = config;
    const upstream = config.upstream;
    if (upstream === undefined) {
        return { provider: { kind: "platform", roleGroups, testUsers } };
    }
    // loadSite refuses a site whose upstream's secret is missing, before any resource.
    const required = (value: pulumi.Output<string> | undefined, key: string) => {
        if (value === undefined) {
            throw new Error(`${key} is missing although site.identity.upstream.kind is ${upstream.kind}`);
        }
        return value;
    };
    if (upstream.kind === "ldap") {
        return { provider: { kind: "platform", roleGroups, testUsers, upstream: { ...upstream, bindPassword: required(secrets.ldapBindPassword, "identityLdapBindPassword") } } };
    }
    const { authorizationUrl, tokenUrl, jwksUrl, logoutUrl, ...broker } = upstream;
    return {
        provider: { kind: "platform", roleGroups, testUsers, upstream: { ...broker, clientSecret: required(secrets.oidcClientSecret, "identityOidcClientSecret") } },
        oidcEndpoints: { authorizationUrl, tokenUrl, jwksUrl, ...(logoutUrl !== undefined ? { logoutUrl } : {}) },
    };
}
