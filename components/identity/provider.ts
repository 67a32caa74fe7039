// Where the people who sign in to Orthanc come from: site data, the same shape on
// every kind of site. The orthanc-team auth service verifies only tokens of a
// Keycloak realm (it reads the realm's public key from the realm's URL, and the
// roles from realm_access.roles: shares/keycloak.py in orthanc-auth-service), so
// a Keycloak realm is always what Orthanc trusts: either one the hospital
// already runs, or one this program runs, which signs people in itself or
// brokers to the hospital's directory (LDAP) or identity provider (Entra ID, AD FS).
import type * as pulumi from "@pulumi/pulumi";
import type { PlatformRole } from "./roles";

/** The hospital's directory, read by the platform's Keycloak over LDAP (user federation). */
export interface LdapDirectory {
    kind: "ldap";
    /** ldaps:// URL of the directory (or ldap:// with startTls). */
    url: string;
    /** Use StartTLS on an ldap:// URL. @default false */
    startTls: boolean;
    /** Active Directory or another LDAP server: decides the attribute names. */
    vendor: "ad" | "other";
    /** The account Keycloak binds as (read-only). */
    bindDn: string;
    /** Its password: the secret config key identityLdapBindPassword. */
    bindPassword: pulumi.Input<string>;
    /** Where the people are. */
    usersDn: string;
    /** Where the groups that grant roles are. */
    groupsDn: string;
}

/** The hospital's OpenID Connect provider (Entra ID, AD FS), brokered by the platform's Keycloak. */
export interface OidcBroker {
    kind: "oidc";
    /** Shown on Keycloak's sign-in button. */
    displayName: string;
    /** The issuer URL; its /.well-known/openid-configuration is read by Keycloak. */
    issuer: string;
    /** The client (application) registered for the platform at the provider. */
    clientId: string;
    /** Its secret: the secret config key identityOidcClientSecret. */
    clientSecret: pulumi.Input<string>;
    /** The token claim listing the person's groups. @default "groups" */
    groupsClaim: string;
}

export type Upstream = LdapDirectory | OidcBroker;

/** A Keycloak this program runs in the cluster, its database in the platform's PostgreSQL. */
export interface PlatformKeycloak {
    kind: "platform";
    /** Where people come from; absent: Keycloak's own accounts only (a laptop, a test site). */
    upstream?: Upstream;
    /**
     * The upstream's group names (Entra ID: group object IDs) that grant each role.
     * Required with an upstream; a person in none of them signs in with no rights.
     */
    roleGroups: Record<PlatformRole, string[]>;
    /** One generated account per role, for a laptop or test site (never with patient data). @default false */
    testUsers: boolean;
}

/** A Keycloak realm the hospital already runs; it must carry the realm roles of roles.ts. */
export interface ExistingKeycloak {
    kind: "keycloak";
    /** Keycloak's base URL, as browsers and the cluster reach it (https://sso.hospital.example/). */
    url: string;
    realm: string;
    /** The public client (standard flow with PKCE) the hospital created for Orthanc Explorer 2. */
    clientId: string;
}

export type IdentityProvider = PlatformKeycloak | ExistingKeycloak;
