// The "imaging" realm the platform's Keycloak imports (components/identity/realm.ts),
// for each kind of site: no upstream with test users, an LDAP directory, an OpenID
// Connect provider. A pure function: the realm file is read back as Keycloak would
// parse it, after its placeholders are filled the way Keycloak fills them.
//
// No Keycloak runs here (Debian has none): what Keycloak does with the file is
// modelled from its sources (substituteLikeKeycloak below), not observed.
import { strict as assert } from "assert";
import type { LdapDirectory, OidcBroker, PlatformKeycloak } from "../components/identity/provider";
import {
    buildRealm,
    placeholderValue,
    placeholderVariables,
    realmFileJson,
    realmPlaceholders,
    type OidcProviderEndpoints,
    type RealmArgs,
} from "../components/identity/realm";

type Json = Record<string, any>;

const hostname = "pacs.hospital.example";
const noGroups = { viewer: [], technologist: [], admin: [] };

const laptop: PlatformKeycloak = { kind: "platform", roleGroups: noGroups, testUsers: true };
const ldapSecret = 'bind"pass\\word${KC_DB_PASSWORD}';
const ldap: LdapDirectory = {
    kind: "ldap",
    url: "ldaps://dc1.hospital.example:636",
    startTls: false,
    vendor: "ad",
    bindDn: "CN=svc-keycloak,OU=Service,DC=hospital,DC=example",
    bindPassword: ldapSecret,
    usersDn: "OU=People,DC=hospital,DC=example",
    groupsDn: "OU=Groups,DC=hospital,DC=example",
};
const withLdap: PlatformKeycloak = {
    kind: "platform",
    upstream: ldap,
    roleGroups: { viewer: ["PACS-Readers", "Radiology"], technologist: ["PACS-Techs"], admin: ["PACS-Admins", "Radiology"] },
    testUsers: false,
};
const oidcSecret = "entra-client-secret-value";
const oidc: OidcBroker = {
    kind: "oidc",
    displayName: "Hospital account",
    issuer: "https://login.microsoftonline.com/tenant-id/v2.0",
    clientId: "0000-imaging-platform",
    clientSecret: oidcSecret,
    groupsClaim: "groups",
};
const oidcEndpoints: OidcProviderEndpoints = {
    authorizationUrl: "https://login.microsoftonline.com/tenant-id/oauth2/v2.0/authorize",
    tokenUrl: "https://login.microsoftonline.com/tenant-id/oauth2/v2.0/token",
    jwksUrl: "https://login.microsoftonline.com/tenant-id/discovery/v2.0/keys",
};
const withOidc: PlatformKeycloak = {
    kind: "platform",
    upstream: oidc,
    roleGroups: { viewer: ["11111111-aaaa"], technologist: ["22222222-bbbb"], admin: ["33333333-cccc"] },
    testUsers: false,
};

// Keycloak's startup import: ${NAME} (or ${NAME:default}) replaced by the environment
// variable NAME on the raw text, left as is when unset, the result replaced again
// while it still holds "${" (common/.../StringPropertyReplacer.replaceProperties), then
// parsed as JSON. A model of those sources, simplified (no composite keys, no nesting).
function substituteLikeKeycloak(text: string, environment: Record<string, string>): string {
    let changed = false;
    const result = text.replace(/\$\{([^}]*)\}/g, (whole, key: string) => {
        const colon = key.indexOf(":");
        const name = colon > 0 ? key.slice(0, colon) : key;
        const value = environment[name] ?? (colon > 0 ? key.slice(colon + 1) : undefined);
        if (value === undefined) {
            return whole;
        }
        changed = true;
        return value;
    });
    return changed && result.includes("${") ? substituteLikeKeycloak(result, environment) : result;
}

function imported(args: RealmArgs, secrets: Record<string, string>): Json {
    const environment = Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, placeholderValue(value)]));
    return JSON.parse(substituteLikeKeycloak(realmFileJson(buildRealm(args)), { ...environment, KC_DB_PASSWORD: "the-database-password" }));
}

function client(realm: Json, clientId: string): Json {
    const found = realm.clients.find((c: Json) => c.clientId === clientId);
    assert.ok(found, clientId);
    return found;
}

function user(realm: Json, username: string): Json {
    const found = realm.users.find((u: Json) => u.username === username);
    assert.ok(found, username);
    return found;
}

// The realm as written, placeholders read as the strings "${NAME}".
function asWritten(args: RealmArgs): Json {
    return JSON.parse(realmFileJson(buildRealm(args)));
}

describe("the imaging realm", () => {
    it("has exactly the three platform roles, by the names tokens carry", () => {
        const realm = asWritten({ keycloak: laptop, hostname });
        assert.equal(realm.realm, "imaging");
        assert.deepEqual(realm.roles.realm.map((r: Json) => r.name).sort(), ["imaging-admin", "imaging-technologist", "imaging-viewer"]);
    });

    it("signs people in to Orthanc Explorer 2 with a public client: standard flow, PKCE S256, only the site's /ui/ pages", () => {
        const orthanc = client(asWritten({ keycloak: laptop, hostname }), "orthanc");
        assert.equal(orthanc.publicClient, true);
        assert.equal(orthanc.standardFlowEnabled, true);
        assert.equal(orthanc.implicitFlowEnabled, false);
        assert.equal(orthanc.directAccessGrantsEnabled, false);
        assert.equal(orthanc.serviceAccountsEnabled, false);
        assert.equal(orthanc.attributes["pkce.code.challenge.method"], "S256");
        assert.deepEqual(orthanc.redirectUris, ["https://pacs.hospital.example/ui/*"]);
        assert.deepEqual(orthanc.webOrigins, ["https://pacs.hospital.example"]);
        assert.equal(orthanc.attributes["post.logout.redirect.uris"], "https://pacs.hospital.example/ui/*");
        assert.equal(orthanc.secret, undefined);
    });

    it("gives integration scripts a confidential client with the client-credentials grant only, its secret a placeholder", () => {
        const scripts = client(asWritten({ keycloak: laptop, hostname }), "orthanc-scripts");
        assert.equal(scripts.publicClient, false);
        assert.equal(scripts.serviceAccountsEnabled, true);
        assert.equal(scripts.standardFlowEnabled, false);
        assert.equal(scripts.implicitFlowEnabled, false);
        assert.equal(scripts.directAccessGrantsEnabled, false);
        assert.deepEqual(scripts.redirectUris, []);
        assert.equal(scripts.secret, "${IMAGING_REALM_SCRIPTS_CLIENT_SECRET}");
    });

    it("gives the scripts' service account one realm role: viewer unless told otherwise", () => {
        const serviceAccount = (keycloak: PlatformKeycloak, scriptsRole?: "technologist") =>
            user(asWritten({ keycloak, hostname, scriptsRole }), "service-account-orthanc-scripts");
        assert.equal(serviceAccount(laptop).serviceAccountClientId, "orthanc-scripts");
        assert.deepEqual(serviceAccount(laptop).realmRoles, ["imaging-viewer"]);
        assert.deepEqual(serviceAccount(laptop, "technologist").realmRoles, ["imaging-technologist"]);
        assert.equal(serviceAccount(laptop).credentials, undefined);
    });

    it("puts the audience the auth service checks (account) into the tokens of both clients", () => {
        for (const clientId of ["orthanc", "orthanc-scripts"]) {
            const mappers = client(asWritten({ keycloak: laptop, hostname }), clientId).protocolMappers as Json[];
            const audience = mappers.filter((m) => m.protocolMapper === "oidc-audience-mapper");
            assert.equal(audience.length, 1, clientId);
            assert.equal(audience[0].config["included.custom.audience"], "account", clientId);
            assert.equal(audience[0].config["access.token.claim"], "true", clientId);
        }
    });

    it("keeps the break-glass account local, an administrator, its password a placeholder", () => {
        for (const keycloak of [laptop, withLdap, withOidc]) {
            const breakGlass = user(asWritten({ keycloak, hostname, oidcEndpoints }), "break-glass");
            assert.deepEqual(breakGlass.realmRoles, ["imaging-admin"]);
            assert.deepEqual(breakGlass.credentials, [{ type: "password", value: "${IMAGING_REALM_BREAK_GLASS_PASSWORD}", temporary: false }]);
            assert.equal(breakGlass.federationLink, undefined);
        }
    });

    it("turns on brute-force protection and short tokens", () => {
        const realm = asWritten({ keycloak: laptop, hostname });
        assert.equal(realm.bruteForceProtected, true);
        assert.equal(realm.permanentLockout, false);
        assert.ok(realm.accessTokenLifespan <= 300);
        assert.ok(realm.ssoSessionIdleTimeout <= 1800);
        assert.equal(realm.revokeRefreshToken, true);
        assert.equal(realm.eventsEnabled, true);
    });

    it("has one test account per role, with that role only, when the site asks for them, and none otherwise", () => {
        const realm = asWritten({ keycloak: laptop, hostname });
        for (const role of ["viewer", "technologist", "admin"] as const) {
            const account = user(realm, `test-${role}`);
            assert.deepEqual(account.realmRoles, [`imaging-${role}`]);
            assert.equal(account.credentials[0].value, `\${IMAGING_REALM_TEST_${role.toUpperCase()}_PASSWORD}`);
        }
        const withoutTests = asWritten({ keycloak: { ...laptop, testUsers: false }, hostname });
        assert.deepEqual(withoutTests.users.map((u: Json) => u.username).sort(), ["break-glass", "service-account-orthanc-scripts"]);
    });

    it("gives every local account the profile Keycloak's user profile requires, so that no sign-in stops to ask for it", () => {
        const realm = asWritten({ keycloak: laptop, hostname });
        const local = (realm.users as Json[]).filter((u) => !u.username.startsWith("service-account-"));
        assert.deepEqual(local.map((u) => u.username).sort(), ["break-glass", "test-admin", "test-technologist", "test-viewer"]);
        for (const account of local) {
            assert.ok(account.firstName && account.lastName, `${account.username}: first and last name`);
            assert.equal(account.email, `${account.username}@${hostname}`);
            assert.equal(account.emailVerified, true, account.username);
        }
    });

    it("has neither a directory nor a broker without an upstream", () => {
        const realm = asWritten({ keycloak: laptop, hostname });
        // Only the realm's signing key: no user federation.
        assert.deepEqual(Object.keys(realm.components as Json), ["org.keycloak.keys.KeyProvider"]);
        assert.equal(realm.identityProviders, undefined);
        assert.equal(realm.groups, undefined);
    });
});

describe("the imaging realm with the hospital's LDAP directory", () => {
    const realm = asWritten({ keycloak: withLdap, hostname });
    const [provider] = realm.components["org.keycloak.storage.UserStorageProvider"];

    it("federates the directory read-only, binding with the password from a placeholder", () => {
        assert.equal(provider.providerId, "ldap");
        assert.deepEqual(provider.config.editMode, ["READ_ONLY"]);
        assert.deepEqual(provider.config.connectionUrl, [ldap.url]);
        assert.deepEqual(provider.config.bindDn, [ldap.bindDn]);
        assert.deepEqual(provider.config.bindCredential, ["${IMAGING_REALM_LDAP_BIND_PASSWORD}"]);
        assert.deepEqual(provider.config.usersDn, [ldap.usersDn]);
        assert.deepEqual(provider.config.syncRegistrations, ["false"]);
    });

    it("reads Active Directory's attribute names, or the other directories'", () => {
        assert.deepEqual(provider.config.usernameLDAPAttribute, ["sAMAccountName"]);
        assert.deepEqual(provider.config.uuidLDAPAttribute, ["objectGUID"]);
        const other = asWritten({ keycloak: { ...withLdap, upstream: { ...ldap, vendor: "other" } }, hostname });
        const otherProvider = other.components["org.keycloak.storage.UserStorageProvider"][0];
        assert.deepEqual(otherProvider.config.usernameLDAPAttribute, ["uid"]);
        assert.deepEqual(otherProvider.config.uuidLDAPAttribute, ["entryUUID"]);
    });

    it("maps the directory's groups read-only, and each group of roleGroups to its roles", () => {
        const mappers = provider.subComponents["org.keycloak.storage.ldap.mappers.LDAPStorageMapper"] as Json[];
        const groupMapper = mappers.find((m) => m.providerId === "group-ldap-mapper");
        assert.ok(groupMapper);
        assert.deepEqual(groupMapper.config["groups.dn"], [ldap.groupsDn]);
        assert.deepEqual(groupMapper.config.mode, ["READ_ONLY"]);
        const rolesOf = Object.fromEntries((realm.groups as Json[]).map((g) => [g.name, [...g.realmRoles].sort()]));
        assert.deepEqual(rolesOf, {
            "PACS-Readers": ["imaging-viewer"],
            Radiology: ["imaging-admin", "imaging-viewer"],
            "PACS-Techs": ["imaging-technologist"],
            "PACS-Admins": ["imaging-admin"],
        });
    });

    it("never writes the bind password into the realm file", () => {
        assert.ok(!realmFileJson(buildRealm({ keycloak: withLdap, hostname })).includes("bind\\\"pass"));
        assert.ok(!JSON.stringify(realm).includes("bind\"pass"));
    });
});

describe("the imaging realm with the hospital's OpenID Connect provider", () => {
    const realm = asWritten({ keycloak: withOidc, hostname, oidcEndpoints });

    it("brokers to the provider, its client secret from a placeholder", () => {
        const [provider] = realm.identityProviders;
        assert.equal(provider.providerId, "oidc");
        assert.equal(provider.config.issuer, oidc.issuer);
        assert.equal(provider.config.clientId, oidc.clientId);
        assert.equal(provider.config.clientSecret, "${IMAGING_REALM_OIDC_CLIENT_SECRET}");
        assert.equal(provider.config.authorizationUrl, oidcEndpoints.authorizationUrl);
        assert.equal(provider.config.tokenUrl, oidcEndpoints.tokenUrl);
        assert.equal(provider.config.jwksUrl, oidcEndpoints.jwksUrl);
        assert.equal(provider.config.validateSignature, "true");
        assert.ok(!JSON.stringify(realm).includes(oidcSecret));
    });

    it("signs people out at the provider too when the site names its logout endpoint, and not otherwise", () => {
        const logoutUrl = "https://login.microsoftonline.com/tenant/oauth2/v2.0/logout";
        const withLogout = asWritten({ keycloak: withOidc, hostname, oidcEndpoints: { ...oidcEndpoints, logoutUrl } });
        assert.equal(withLogout.identityProviders[0].config.logoutUrl, logoutUrl);
        assert.ok(!("logoutUrl" in realm.identityProviders[0].config));
    });

    it("grants each role from its groups' values of the groups claim", () => {
        const grants = (realm.identityProviderMappers as Json[]).map((m) => {
            assert.equal(m.identityProviderMapper, "oidc-role-idp-mapper");
            assert.equal(m.identityProviderAlias, "hospital");
            return `${m.config.claim}=${m.config["claim.value"]} -> ${m.config.role}`;
        });
        assert.deepEqual(grants.sort(), [
            "groups=11111111-aaaa -> imaging-viewer",
            "groups=22222222-bbbb -> imaging-technologist",
            "groups=33333333-cccc -> imaging-admin",
        ]);
    });

    it("refuses an OIDC upstream without its endpoints", () => {
        assert.throws(() => buildRealm({ keycloak: withOidc, hostname }), /endpoints/);
    });
});

describe("the realm file's placeholders", () => {
    const everyKind: RealmArgs[] = [
        { keycloak: laptop, hostname },
        { keycloak: withLdap, hostname },
        { keycloak: withOidc, hostname, oidcEndpoints },
    ];

    it("holds a literal ${ only where a placeholder of its own is", () => {
        for (const args of everyKind) {
            const realm = buildRealm(args);
            const written = [...realmFileJson(realm).matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]);
            assert.deepEqual([...new Set(written)].sort(), realmPlaceholders(realm));
            assert.ok(written.every((name) => name.startsWith("IMAGING_REALM_")), written.join(", "));
        }
        assert.deepEqual(realmPlaceholders(buildRealm({ keycloak: laptop, hostname })), [
            "IMAGING_REALM_BREAK_GLASS_PASSWORD",
            "IMAGING_REALM_SCRIPTS_CLIENT_SECRET",
            "IMAGING_REALM_SIGNING_KEY",
            "IMAGING_REALM_TEST_ADMIN_PASSWORD",
            "IMAGING_REALM_TEST_TECHNOLOGIST_PASSWORD",
            "IMAGING_REALM_TEST_VIEWER_PASSWORD",
        ]);
    });

    it("keeps site data that looks like a placeholder from reaching Keycloak's environment", () => {
        const sneaky: PlatformKeycloak = { ...withLdap, upstream: { ...ldap, bindDn: "CN=${KC_DB_PASSWORD},DC=x" } };
        const realm = imported({ keycloak: sneaky, hostname }, { [placeholderVariables.ldapBindPassword]: "p" });
        const provider = realm.components["org.keycloak.storage.UserStorageProvider"][0];
        assert.deepEqual(provider.config.bindDn, ["CN=${KC_DB_PASSWORD},DC=x"]);
    });

    it("reads back every secret exactly once Keycloak has filled them in, whatever characters it holds", () => {
        const secrets = {
            [placeholderVariables.breakGlassPassword]: "Plain0123456789abcdefABCDEF",
            [placeholderVariables.scriptsClientSecret]: 'quote" backslash\\ newline\n tab\t unicode é ${KC_DB_PASSWORD} ${IMAGING_REALM_BREAK_GLASS_PASSWORD}',
            [placeholderVariables.ldapBindPassword]: ldapSecret,
        };
        const realm = imported({ keycloak: withLdap, hostname }, secrets);
        assert.equal(user(realm, "break-glass").credentials[0].value, secrets[placeholderVariables.breakGlassPassword]);
        assert.equal(client(realm, "orthanc-scripts").secret, secrets[placeholderVariables.scriptsClientSecret]);
        assert.deepEqual(realm.components["org.keycloak.storage.UserStorageProvider"][0].config.bindCredential, [ldapSecret]);
    });
});

// The fields of each Keycloak representation the realm file is read into, written
// out from keycloak/keycloak core/src/main/java/org/keycloak/representations/idm/
// (the versions the search index holds; the 26.7.2 tag itself could not be fetched:
// the repository is over the size limit). A field Jackson does not know stops the
// import, and with it Keycloak's start ("Unrecognized field ... not marked as
// ignorable"); here it fails first. Keys inside config and attributes maps are free
// text to Jackson and are not covered.
const representationFields = {
    // RealmRepresentation.java (fields up to adminPermissionsEnabled, without the deprecated ones).
    realm: `id realm displayName displayNameHtml notBefore defaultSignatureAlgorithm revokeRefreshToken refreshTokenMaxReuse
        accessTokenLifespan accessTokenLifespanForImplicitFlow ssoSessionIdleTimeout ssoSessionMaxLifespan ssoSessionIdleTimeoutRememberMe
        ssoSessionMaxLifespanRememberMe offlineSessionIdleTimeout offlineSessionMaxLifespanEnabled offlineSessionMaxLifespan
        clientSessionIdleTimeout clientSessionMaxLifespan clientOfflineSessionIdleTimeout clientOfflineSessionMaxLifespan accessCodeLifespan
        accessCodeLifespanUserAction accessCodeLifespanLogin actionTokenGeneratedByAdminLifespan actionTokenGeneratedByUserLifespan
        oauth2DeviceCodeLifespan oauth2DevicePollingInterval enabled sslRequired registrationAllowed registrationEmailAsUsername rememberMe
        verifyEmail loginWithEmailAllowed duplicateEmailsAllowed resetPasswordAllowed editUsernameAllowed bruteForceProtected permanentLockout
        maxTemporaryLockouts bruteForceStrategy maxFailureWaitSeconds minimumQuickLoginWaitSeconds waitIncrementSeconds quickLoginCheckMilliSeconds
        maxDeltaTimeSeconds failureFactor roles groups defaultRole defaultGroups passwordPolicy users federatedUsers scopeMappings
        clientScopeMappings clients clientScopes defaultDefaultClientScopes defaultOptionalClientScopes browserSecurityHeaders smtpServer
        loginTheme accountTheme adminTheme emailTheme eventsEnabled eventsExpiration eventsListeners enabledEventTypes adminEventsEnabled
        adminEventsDetailsEnabled identityProviders identityProviderMappers protocolMappers components internationalizationEnabled
        supportedLocales defaultLocale authenticationFlows authenticatorConfig requiredActions browserFlow registrationFlow directGrantFlow
        resetCredentialsFlow clientAuthenticationFlow dockerAuthenticationFlow firstBrokerLoginFlow attributes keycloakVersion
        userManagedAccessAllowed organizationsEnabled organizations oid4VciEnabled adminPermissionsEnabled`,
    // RolesRepresentation.java, RoleRepresentation.java.
    roles: "realm client application",
    role: "id name description scopeParamRequired composite composites clientRole containerId attributes",
    // ClientRepresentation.java.
    client: `id clientId name description type rootUrl adminUrl baseUrl surrogateAuthRequired enabled alwaysDisplayInConsole
        clientAuthenticatorType secret registrationAccessToken redirectUris webOrigins notBefore bearerOnly consentRequired
        standardFlowEnabled implicitFlowEnabled directAccessGrantsEnabled serviceAccountsEnabled authorizationServicesEnabled publicClient
        frontchannelLogout protocol attributes authenticationFlowBindingOverrides fullScopeAllowed nodeReRegistrationTimeout registeredNodes
        protocolMappers defaultClientScopes optionalClientScopes authorizationSettings access origin`,
    // ProtocolMapperRepresentation.java.
    protocolMapper: "id name protocol protocolMapper consentRequired consentText config",
    // AbstractUserRepresentation.java; UserRepresentation's own fields as Keycloak 26 exports
    // them (keycloak/keycloak#38647 shows serviceAccountClientId and realmRoles in such an export).
    user: `id username firstName lastName email emailVerified attributes userProfileMetadata enabled self origin createdTimestamp totp
        federationLink serviceAccountClientId credentials disableableCredentialTypes requiredActions federatedIdentities realmRoles
        clientRoles clientConsents notBefore groups access`,
    // CredentialRepresentation.java.
    credential: "id type userLabel createdDate secretData credentialData priority value temporary federationLink",
    // GroupRepresentation.java.
    group: "id name path attributes realmRoles clientRoles subGroups access",
    // ComponentExportRepresentation.java.
    component: "id name providerId subType subComponents config",
    // IdentityProviderRepresentation.java.
    identityProvider: `alias displayName internalId providerId enabled updateProfileFirstLoginMode trustEmail storeToken
        addReadTokenRoleOnCreate authenticateByDefault linkOnly firstBrokerLoginFlowAlias postBrokerLoginFlowAlias config`,
    // IdentityProviderMapperRepresentation.java.
    identityProviderMapper: "id name identityProviderAlias identityProviderMapper config",
};

function fieldsOf(kind: keyof typeof representationFields): Set<string> {
    return new Set(representationFields[kind].split(/\s+/).filter(Boolean));
}

function unknownFields(realm: Json): string[] {
    const unknown: string[] = [];
    const check = (value: Json, kind: keyof typeof representationFields, at: string) => {
        const known = fieldsOf(kind);
        unknown.push(...Object.keys(value).filter((key) => !known.has(key)).map((key) => `${at}.${key}`));
    };
    const checkComponents = (components: Record<string, Json[]>, at: string) => {
        for (const [type, list] of Object.entries(components)) {
            list.forEach((component, i) => {
                check(component, "component", `${at}[${type}][${i}]`);
                checkComponents(component.subComponents ?? {}, `${at}[${type}][${i}].subComponents`);
            });
        }
    };
    check(realm, "realm", "realm");
    check(realm.roles, "roles", "realm.roles");
    (realm.roles.realm as Json[]).forEach((role, i) => check(role, "role", `roles.realm[${i}]`));
    (realm.clients as Json[]).forEach((client, i) => {
        check(client, "client", `clients[${i}]`);
        (client.protocolMappers ?? []).forEach((mapper: Json, j: number) => check(mapper, "protocolMapper", `clients[${i}].protocolMappers[${j}]`));
    });
    (realm.users as Json[]).forEach((user, i) => {
        check(user, "user", `users[${i}]`);
        (user.credentials ?? []).forEach((credential: Json, j: number) => check(credential, "credential", `users[${i}].credentials[${j}]`));
    });
    (realm.groups ?? []).forEach((group: Json, i: number) => check(group, "group", `groups[${i}]`));
    checkComponents(realm.components ?? {}, "components");
    (realm.identityProviders ?? []).forEach((provider: Json, i: number) => check(provider, "identityProvider", `identityProviders[${i}]`));
    (realm.identityProviderMappers ?? []).forEach((mapper: Json, i: number) => check(mapper, "identityProviderMapper", `identityProviderMappers[${i}]`));
    return unknown;
}

describe("the realm file's field names", () => {
    it("uses only fields of Keycloak's representations, for every kind of site", () => {
        for (const args of [
            { keycloak: laptop, hostname },
            { keycloak: withLdap, hostname },
            { keycloak: withOidc, hostname, oidcEndpoints },
        ]) {
            assert.deepEqual(unknownFields(asWritten(args)), []);
        }
    });
});
