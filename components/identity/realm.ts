// The "imaging" realm the platform's Keycloak imports at its first start
// (`kc.sh start --import-realm`): the roles of roles.ts, the clients Orthanc
// Explorer 2 and integration scripts sign in with, the break-glass account, and
// where people come from (local test accounts, the hospital's LDAP directory, or
// its OpenID Connect provider).
//
// Field names are Keycloak's RealmRepresentation and the classes it holds
// (keycloak/keycloak core/src/main/java/org/keycloak/representations/idm/:
// RealmRepresentation, RolesRepresentation, RoleRepresentation, ClientRepresentation,
// ProtocolMapperRepresentation, UserRepresentation, CredentialRepresentation,
// GroupRepresentation, ComponentExportRepresentation, IdentityProviderRepresentation,
// IdentityProviderMapperRepresentation). Client attribute names are
// OIDCConfigAttributes' (services/.../protocol/oidc/OIDCConfigAttributes.java).
//
// No secret is ever written into the realm file. Each one is a placeholder,
// ${VARIABLE}, that Keycloak replaces with the container's environment variable
// while importing at startup (ExportImportManager turns placeholder replacement on
// for the startup import; AbstractFileBasedImportProvider.parseFile resolves with
// System.getenv through common/.../StringPropertyReplacer; documented in
// docs/guides/server/importExport.adoc, "Using environment variables within the
// realm configuration files"). The replacement works on the raw file text, before
// the JSON is parsed, and expands again whatever a value brings in that looks
// like a placeholder; so every value is written JSON-escaped and with "$" escaped
// too (placeholderValue), and every "$" of site data in the file is escaped
// (realmFileJson): only this module's own placeholders can reach the environment.
//
// The import runs only while the realm does not exist (Strategy.IGNORE_EXISTING):
// a change here, or a new generated value, reaches a Keycloak whose database
// already holds the realm only by hand (admin console) or by dropping the realm.
import type { LdapDirectory, OidcBroker, PlatformKeycloak } from "./provider";
import { breakGlassUsername, platformRoles, realmRoleNames, type PlatformRole } from "./roles";

export const realmName = "imaging";
// The public client Orthanc Explorer 2 signs people in with (keycloak-js, standard flow with PKCE).
export const orthancClientId = "orthanc";
// The confidential client integration scripts get tokens with (client-credentials grant).
export const scriptsClientId = "orthanc-scripts";
// Keycloak's name for a client's service-account user (ClientManager: "service-account-" + clientId).
export const scriptsServiceAccountUsername = `service-account-${scriptsClientId}`;
// Keycloak is served under this path of the Orthanc host name (KC_HTTP_RELATIVE_PATH).
export const keycloakPath = "/keycloak";
// The orthanc-team auth service accepts only tokens whose audience holds "account"
// (shares/keycloak.py: jwt.decode(..., audience="account")).
export const requiredAudience = "account";
// The hospital's identity provider, as Keycloak names it (the broker alias).
export const upstreamIdentityProviderAlias = "hospital";

export function testUsername(role: PlatformRole): string {
    return `test-${role}`;
}

// Names of the environment variables that carry the secrets into the import.
// Not KC_*: Keycloak reads every KC_* variable as one of its own options.
export const placeholderVariables = {
    breakGlassPassword: "IMAGING_REALM_BREAK_GLASS_PASSWORD",
    scriptsClientSecret: "IMAGING_REALM_SCRIPTS_CLIENT_SECRET",
    ldapBindPassword: "IMAGING_REALM_LDAP_BIND_PASSWORD",
    oidcClientSecret: "IMAGING_REALM_OIDC_CLIENT_SECRET",
    // The realm's signing key (realm-key.ts), made by the program.
    signingKey: "IMAGING_REALM_SIGNING_KEY",
    testUserPassword: (role: PlatformRole) => `IMAGING_REALM_TEST_${role.toUpperCase()}_PASSWORD`,
} as const;

/** A secret in the realm file: written as ${variable}, filled from the environment on import. */
export class Placeholder {
    constructor(readonly variable: string) {}
}

// The endpoints of the hospital's OpenID Connect provider, as its
// /.well-known/openid-configuration lists them. Keycloak's OIDC broker reads them
// from its configuration only: an imported identity provider is not discovered
// from its issuer (automatic discovery is keycloak/keycloak#47899, open).
export interface OidcProviderEndpoints {
    authorizationUrl: string;
    tokenUrl: string;
    jwksUrl: string;
    /** Where Keycloak sends the person on sign-out; absent: no upstream sign-out. */
    logoutUrl?: string;
}

export interface RealmArgs {
    keycloak: PlatformKeycloak;
    /** The Orthanc host name browsers use (e.g. pacs.hospital.example): redirect URIs and web origins. */
    hostname: string;
    /** The one role integration scripts get. @default "viewer" */
    scriptsRole?: PlatformRole;
    /** Required with an OIDC upstream. */
    oidcEndpoints?: OidcProviderEndpoints;
}

type Json = string | number | boolean | null | Placeholder | Json[] | { [key: string]: Json };
export type RealmRepresentation = { [key: string]: Json };

// Seconds.
const minute = 60;
const hour = 60 * minute;

export function buildRealm(args: RealmArgs): RealmRepresentation {
    const { keycloak, hostname } = args;
    const scriptsRole = args.scriptsRole ?? "viewer";
    const upstream = keycloak.upstream;
    if (upstream?.kind === "oidc" && args.oidcEndpoints === undefined) {
        throw new Error("an OIDC upstream needs its provider's endpoints (oidcEndpoints): Keycloak does not discover them on import");
    }
    const origin = `https://${hostname}`;
    const federation: RealmRepresentation = upstream?.kind === "ldap" ? ldapFederation(upstream, keycloak.roleGroups) : {};
    return {
        realm: realmName,
        enabled: true,
        displayName: "Imaging",
        // HTTPS for every address but private ones: browsers come through the
        // gateway (TLS ends there, X-Forwarded-Proto says https); the auth service
        // and scripts inside the cluster call from pod addresses, inside the mesh's mutual TLS.
        sslRequired: "external",
        // The auth service verifies RS256 only (shares/keycloak.py).
        defaultSignatureAlgorithm: "RS256",
        registrationAllowed: false,
        resetPasswordAllowed: false,
        rememberMe: false,
        editUsernameAllowed: false,
        loginWithEmailAllowed: false,
        duplicateEmailsAllowed: false,
        passwordPolicy: "length(12) and notUsername",
        // Short access tokens (a revoked role ends within minutes), a session that
        // ends after 30 idle minutes (automatic log-off on a shared workstation)
        // and after a 10-hour shift in any case; refresh tokens used once.
        accessTokenLifespan: 5 * minute,
        ssoSessionIdleTimeout: 30 * minute,
        ssoSessionMaxLifespan: 10 * hour,
        accessCodeLifespan: 1 * minute,
        accessCodeLifespanLogin: 30 * minute,
        revokeRefreshToken: true,
        refreshTokenMaxReuse: 0,
        // Guessing passwords: after 5 failures the account waits, one more minute per
        // further failure, up to 15 minutes; never locked for good (the break-glass
        // account must stay usable).
        bruteForceProtected: true,
        permanentLockout: false,
        failureFactor: 5,
        waitIncrementSeconds: 1 * minute,
        maxFailureWaitSeconds: 15 * minute,
        maxDeltaTimeSeconds: 12 * hour,
        minimumQuickLoginWaitSeconds: 1 * minute,
        quickLoginCheckMilliSeconds: 1000,
        // Every sign-in and every change by an administrator is an event in
        // Keycloak's log, where the break-glass account's use is watched for.
        eventsEnabled: true,
        eventsListeners: ["jboss-logging"],
        adminEventsEnabled: true,
        adminEventsDetailsEnabled: false,
        roles: {
            realm: platformRoles.map((role) => ({ name: realmRoleNames[role], description: `Orthanc ${role} (components/identity/roles.ts)` })),
        },
        clients: [orthancClient(origin), scriptsClient()],
        users: [
            breakGlassUser(hostname),
            // Declared with its client: the import otherwise fails looking the user up
            // (keycloak/keycloak#38647), and its one role is written here.
            { username: scriptsServiceAccountUsername, enabled: true, serviceAccountClientId: scriptsClientId, realmRoles: [realmRoleNames[scriptsRole]] },
            ...(keycloak.testUsers ? platformRoles.map((role) => testUser(role, hostname)) : []),
        ],
        ...federation,
        components: { "org.keycloak.keys.KeyProvider": [signingKeyProvider()], ...(federation.components as RealmRepresentation | undefined) },
        ...(upstream?.kind === "oidc" ? oidcBroker(upstream, args.oidcEndpoints!, keycloak.roleGroups) : {}),
    };
}

// The realm signs with the program's key (realm-key.ts), whose public half the
// mesh checks tokens against. Keycloak's "rsa" provider (ImportedRsaKeyProviderFactory)
// takes the private key and makes a certificate itself; the highest priority of
// the realm's active keys signs, so Keycloak's own generated key never does.
function signingKeyProvider(): Json {
    return {
        name: "imaging-signing-key",
        providerId: "rsa",
        subComponents: {},
        config: multivalued({
            privateKey: new Placeholder(placeholderVariables.signingKey),
            priority: "1000",
            algorithm: "RS256",
            active: "true",
            enabled: "true",
        }),
    };
}

// Puts "account" in every access token's aud. Keycloak adds it on its own only
// while the token also carries the account client's roles (the "roles" scope's
// audience resolution, through the realm's default roles); imported users and the
// service account get no default roles, so the audience is stated outright
// (services/.../protocol/oidc/mappers/AudienceProtocolMapper.java).
function accountAudience(): Json {
    return {
        name: "account audience",
        protocol: "openid-connect",
        protocolMapper: "oidc-audience-mapper",
        config: {
            "included.custom.audience": requiredAudience,
            "access.token.claim": "true",
            "id.token.claim": "false",
        },
    };
}

function orthancClient(origin: string): Json {
    return {
        clientId: orthancClientId,
        name: "Orthanc Explorer 2",
        enabled: true,
        protocol: "openid-connect",
        // A browser application keeps no secret.
        publicClient: true,
        standardFlowEnabled: true,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
        consentRequired: false,
        fullScopeAllowed: true,
        frontchannelLogout: true,
        // Only Orthanc Explorer 2's own pages may receive codes or make CORS calls.
        redirectUris: [`${origin}/ui/*`],
        webOrigins: [origin],
        attributes: {
            "pkce.code.challenge.method": "S256",
            "post.logout.redirect.uris": `${origin}/ui/*`,
        },
        protocolMappers: [accountAudience()],
    };
}

function scriptsClient(): Json {
    return {
        clientId: scriptsClientId,
        name: "Orthanc integration scripts",
        enabled: true,
        protocol: "openid-connect",
        publicClient: false,
        clientAuthenticatorType: "client-secret",
        secret: new Placeholder(placeholderVariables.scriptsClientSecret),
        // Machines only: no browser flow, no passwords, just client credentials.
        standardFlowEnabled: false,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: true,
        consentRequired: false,
        fullScopeAllowed: true,
        redirectUris: [],
        webOrigins: [],
        protocolMappers: [accountAudience()],
    };
}

function localUser(username: string, firstName: string, lastName: string, hostname: string, password: Placeholder, role: PlatformRole): Json {
    return {
        username,
        enabled: true,
        // Keycloak's user profile requires these three; without them every sign-in
        // would first ask the person to fill them in.
        firstName,
        lastName,
        email: `${username}@${hostname}`,
        emailVerified: true,
        credentials: [{ type: "password", value: password, temporary: false }],
        realmRoles: [realmRoleNames[role]],
    };
}

function breakGlassUser(hostname: string): Json {
    return localUser(breakGlassUsername, "Break", "Glass", hostname, new Placeholder(placeholderVariables.breakGlassPassword), "admin");
}

function testUser(role: PlatformRole, hostname: string): Json {
    return localUser(testUsername(role), "Test", role, hostname, new Placeholder(placeholderVariables.testUserPassword(role)), role);
}

// Every upstream group that grants a role, with the roles it grants.
function rolesByGroup(roleGroups: Record<PlatformRole, string[]>): Map<string, PlatformRole[]> {
    const byGroup = new Map<string, PlatformRole[]>();
    for (const role of platformRoles) {
        for (const group of roleGroups[role]) {
            byGroup.set(group, [...(byGroup.get(group) ?? []), role]);
        }
    }
    return byGroup;
}

// Attribute names of each kind of directory: Keycloak's own defaults for the vendor
// (the admin console's LDAP settings for "Active Directory" and "Other").
const ldapVendors = {
    ad: {
        vendor: "ad",
        usernameAttribute: "sAMAccountName",
        rdnAttribute: "cn",
        uuidAttribute: "objectGUID",
        userObjectClasses: "person, organizationalPerson, user",
        groupObjectClasses: "group",
    },
    other: {
        vendor: "other",
        usernameAttribute: "uid",
        rdnAttribute: "uid",
        uuidAttribute: "entryUUID",
        userObjectClasses: "inetOrgPerson, organizationalPerson",
        groupObjectClasses: "groupOfNames",
    },
} as const;

// ComponentExportRepresentation's config is a MultivaluedHashMap: every value a list.
function multivalued(config: Record<string, string | Placeholder>): Json {
    return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, [value]]));
}

function ldapAttributeMapper(name: string, ldapAttribute: string, userAttribute: string): Json {
    return {
        name,
        providerId: "user-attribute-ldap-mapper",
        subComponents: {},
        config: multivalued({
            "ldap.attribute": ldapAttribute,
            "user.model.attribute": userAttribute,
            "read.only": "true",
            "always.read.value.from.ldap": "true",
            "is.mandatory.in.ldap": "false",
        }),
    };
}

// Read-only user federation: people sign in with their directory password, which
// Keycloak checks against the directory and never stores. Directory groups are
// Keycloak groups of the same name (read-only); each group named in roleGroups (by
// its cn) is declared here with its realm roles, so membership in the directory is
// the role: without preserved inheritance the group mapper takes the existing group
// of that name under groups.path (GroupLDAPStorageMapper.findKcGroupByLDAPGroup).
// The attribute mappers are written out because an imported LDAP provider gets
// none of the defaults the admin console adds.
function ldapFederation(ldap: LdapDirectory, roleGroups: Record<PlatformRole, string[]>): RealmRepresentation {
    const names = ldapVendors[ldap.vendor];
    const groups = rolesByGroup(roleGroups);
    return {
        components: {
            "org.keycloak.storage.UserStorageProvider": [
                {
                    name: "hospital-directory",
                    providerId: "ldap",
                    subComponents: {
                        "org.keycloak.storage.ldap.mappers.LDAPStorageMapper": [
                            ldapAttributeMapper("username", names.usernameAttribute, "username"),
                            ldapAttributeMapper("first name", "givenName", "firstName"),
                            ldapAttributeMapper("last name", "sn", "lastName"),
                            ldapAttributeMapper("email", "mail", "email"),
                            {
                                name: "groups",
                                providerId: "group-ldap-mapper",
                                subComponents: {},
                                config: multivalued({
                                    "groups.dn": ldap.groupsDn,
                                    "group.name.ldap.attribute": "cn",
                                    "group.object.classes": names.groupObjectClasses,
                                    "preserve.group.inheritance": "false",
                                    "ignore.missing.groups": "true",
                                    "membership.ldap.attribute": "member",
                                    "membership.attribute.type": "DN",
                                    "membership.user.ldap.attribute": names.rdnAttribute,
                                    mode: "READ_ONLY",
                                    "user.roles.retrieve.strategy": "LOAD_GROUPS_BY_MEMBER_ATTRIBUTE",
                                    "drop.non.existing.groups.during.sync": "false",
                                    "groups.path": "/",
                                }),
                            },
                        ],
                    },
                    config: multivalued({
                        enabled: "true",
                        vendor: names.vendor,
                        connectionUrl: ldap.url,
                        startTls: String(ldap.startTls),
                        // The directory's certificate is checked against the JVM's trust store.
                        useTruststoreSpi: "always",
                        authType: "simple",
                        bindDn: ldap.bindDn,
                        bindCredential: new Placeholder(placeholderVariables.ldapBindPassword),
                        usersDn: ldap.usersDn,
                        searchScope: "2",
                        usernameLDAPAttribute: names.usernameAttribute,
                        rdnLDAPAttribute: names.rdnAttribute,
                        uuidLDAPAttribute: names.uuidAttribute,
                        userObjectClasses: names.userObjectClasses,
                        editMode: "READ_ONLY",
                        importEnabled: "true",
                        syncRegistrations: "false",
                        trustEmail: "false",
                        pagination: "true",
                        connectionPooling: "true",
                    }),
                },
            ],
        },
        groups: [...groups].map(([group, roles]) => ({
            name: group,
            path: `/${group}`,
            realmRoles: roles.map((role) => realmRoleNames[role]),
        })),
    };
}

// Keycloak brokers to the hospital's OpenID Connect provider; each group (claim
// value) of roleGroups grants its role on every sign-in, and loses it when the
// provider no longer lists the group (sync mode FORCE).
function oidcBroker(oidc: OidcBroker, endpoints: OidcProviderEndpoints, roleGroups: Record<PlatformRole, string[]>): RealmRepresentation {
    const mappers: Json[] = [];
    for (const [group, roles] of rolesByGroup(roleGroups)) {
        for (const role of roles) {
            mappers.push({
                name: `${role} from ${group}`,
                identityProviderAlias: upstreamIdentityProviderAlias,
                identityProviderMapper: "oidc-role-idp-mapper",
                config: {
                    syncMode: "INHERIT",
                    claim: oidc.groupsClaim,
                    "claim.value": group,
                    role: realmRoleNames[role],
                },
            });
        }
    }
    return {
        identityProviders: [
            {
                alias: upstreamIdentityProviderAlias,
                displayName: oidc.displayName,
                providerId: "oidc",
                enabled: true,
                trustEmail: false,
                storeToken: false,
                firstBrokerLoginFlowAlias: "first broker login",
                config: {
                    issuer: oidc.issuer,
                    authorizationUrl: endpoints.authorizationUrl,
                    tokenUrl: endpoints.tokenUrl,
                    jwksUrl: endpoints.jwksUrl,
                    useJwksUrl: "true",
                    validateSignature: "true",
                    ...(endpoints.logoutUrl ? { logoutUrl: endpoints.logoutUrl } : {}),
                    clientId: oidc.clientId,
                    clientSecret: new Placeholder(placeholderVariables.oidcClientSecret),
                    clientAuthMethod: "client_secret_post",
                    defaultScope: "openid profile email",
                    pkceEnabled: "true",
                    pkceMethod: "S256",
                    syncMode: "FORCE",
                },
            },
        ],
        identityProviderMappers: mappers,
    };
}

// A character that stands for "$" of site data until the JSON is written, where it
// becomes the escape \u0024: the file then holds a literal "$" only in placeholders.
const escapedDollar = "\uE000";

/** The realm file: JSON whose only "${" are this module's placeholders. */
export function realmFileJson(realm: RealmRepresentation): string {
    const json = JSON.stringify(
        realm,
        (_key, value: unknown) => {
            if (value instanceof Placeholder) {
                return `\${${value.variable}}`;
            }
            return typeof value === "string" ? value.replace(/\$/g, escapedDollar) : value;
        },
        2,
    );
    return json.replace(new RegExp(escapedDollar, "g"), "\\u0024");
}

/** Every placeholder variable the realm file refers to. */
export function realmPlaceholders(realm: RealmRepresentation): string[] {
    const found = new Set<string>();
    const walk = (value: unknown) => {
        if (value instanceof Placeholder) {
            found.add(value.variable);
        } else if (Array.isArray(value)) {
            value.forEach(walk);
        } else if (value !== null && typeof value === "object") {
            Object.values(value).forEach(walk);
        }
    };
    walk(realm);
    return [...found].sort();
}

/**
 * A secret as its placeholder's environment variable must carry it: the text that,
 * put between the quotes of a JSON string, reads back as the secret; "$" escaped
 * so that Keycloak does not expand it again.
 */
export function placeholderValue(secret: string): string {
    return JSON.stringify(secret).slice(1, -1).replace(/\$/g, "\\u0024");
}
