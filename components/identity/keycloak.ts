// The platform's own Keycloak, for a site without an identity provider Orthanc can
// trust: the upstream image, its database in the platform's PostgreSQL, served
// under /keycloak of the Orthanc host name behind the Istio gateway (TLS ends
// there). At its first start it imports the "imaging" realm of realm.ts, whose
// secrets (break-glass and test passwords, the scripts' client secret, the
// upstream's secret) it reads from its environment; all of them are generated
// here or passed in, kept in one Secret, and secret in the outputs. The pod does
// not roll when the realm file or a value changes: Keycloak imports the realm only
// while its database holds none (see realm.ts), so a restart would change nothing.
//
// One replica. Keycloak's sessions live in its caches; more replicas need them
// shared (Infinispan clustering over JGroups, node to node), which has not been
// tried under the mesh's mutual TLS here, so the cache is local and a restart
// signs everyone out.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { Secret, Service, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import type * as k8s from "@pulumi/kubernetes";
import { appLabels, selectorLabels } from "../kubernetes/labels";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../kubernetes/security";
import type { ContainerResources } from "../kubernetes/resources";
import { generatedUsername } from "../security/generated-username";
import { images } from "../versions";
import type { PlatformKeycloak } from "./provider";
import { RealmSigningKey } from "./realm-key";
import { breakGlassUsername, platformRoles, type PlatformRole } from "./roles";
import {
    buildRealm,
    keycloakPath,
    placeholderValue,
    placeholderVariables,
    realmFileJson,
    realmName,
    realmPlaceholders,
    scriptsClientId,
    testUsername,
    type OidcProviderEndpoints,
} from "./realm";

// The keycloak user of the upstream image.
const keycloakUid = 1000;

export const keycloakPorts = {
    http: 8080,
    // Health and metrics (KC_HEALTH_ENABLED, KC_METRICS_ENABLED): keycloak.org/26.7/server/management-interface.
    management: 9000,
} as const;

// Where the realm file is read from at start (--import-realm reads the .json files
// of data/import: docs/guides/server/importExport.adoc).
const importDirectory = "/opt/keycloak/data/import";
export const realmFileName = `${realmName}-realm.json`;
const postgresCaDirectory = "/etc/keycloak/postgres-ca";

export interface KeycloakDatabaseArgs {
    /** The read-write service of the platform's PostgreSQL; its server certificate names it. */
    host: pulumi.Input<string>;
    port: number;
    database: string;
    /** kubernetes.io/basic-auth Secret of Keycloak's database role (PostgresExtraDatabase). */
    credentialsSecretName: pulumi.Input<string>;
    /** Secret whose ca.crt signs the database server's certificate (PostgresCluster.caSecretName). */
    caSecretName: pulumi.Input<string>;
}

export interface KeycloakArgs {
    namespace: pulumi.Input<string>;
    /** The Orthanc host name; Keycloak answers at https://<hostname>/keycloak. */
    hostname: string;
    /** The site's identity data: upstream, role groups, test users. */
    identity: PlatformKeycloak;
    /** The OIDC upstream's endpoints; required with an OIDC upstream. @default none */
    oidcEndpoints?: OidcProviderEndpoints;
    /** The one role integration scripts get. @default "viewer" */
    scriptsRole?: PlatformRole;
    database: KeycloakDatabaseArgs;
    /** @default 500m / 1Gi requested, 2 CPUs / 2Gi at most */
    resources?: ContainerResources;
    /** What the pod needs before it starts (its database, the mesh that injects its sidecar). @default [] */
    podsWaitFor?: pulumi.Resource[];
    /** The cluster's DNS domain, for the realm's in-cluster URL. @default "cluster.local" */
    clusterDomain?: string;
}

export interface Credentials {
    username: string;
    password: string;
}

const defaultResources: ContainerResources = {
    // The first start re-builds Keycloak for its options and migrates its schema: CPU-bound.
    requests: { cpu: "500m", memory: "1Gi" },
    limits: { cpu: "2", memory: "2Gi" },
};

export class Keycloak extends pulumi.ComponentResource {
    readonly serviceName: pulumi.Output<string>;
    readonly httpPort = keycloakPorts.http;
    readonly managementPort = keycloakPorts.management;
    readonly podSelector: Record<string, string>;
    readonly serviceAccountName: string;
    readonly realm = realmName;
    /** The token issuer browsers and the auth service see. */
    readonly issuerUrl: string;
    /** Keycloak's base URL for keycloak-js (Orthanc Explorer 2's Keycloak.Url), ending in '/'. */
    readonly publicUrl: string;
    /** The realm as pods reach it (the auth service's KEYCLOAK_URI), ending in '/'. */
    readonly realmUrlInCluster: pulumi.Output<string>;
    /** The realm file as imported, placeholders and all (no secret in it). */
    readonly realmFile: string;
    /** Keycloak's own administrator (master realm), created at the first start. */
    readonly admin: pulumi.Output<Credentials>;
    /** The local administrator of the imaging realm, for when single sign-on itself fails. */
    readonly breakGlass: pulumi.Output<Credentials>;
    /** One account per role when the site asks for test users; otherwise empty. */
    readonly testUsers: pulumi.Output<Partial<Record<PlatformRole, Credentials>>>;
    readonly scriptsClient: pulumi.Output<{ clientId: string; clientSecret: string; tokenUrl: string }>;
    /** The public half of the realm's signing key, as a JWKS for the mesh's token check. */
    readonly jwks: pulumi.Output<string>;

    constructor(name: string, args: KeycloakArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:identity:Keycloak", name, {}, opts);
        const labels = appLabels(name, "identity");
        const selector = selectorLabels(name);
        this.podSelector = selector;
        this.serviceAccountName = name;
        const publicUrl = `https://${args.hostname}${keycloakPath}`;
        this.issuerUrl = `${publicUrl}/realms/${realmName}`;

        // Checked before any resource is declared: a realm Keycloak could not import stops here.
        const realm = buildRealm({ keycloak: args.identity, hostname: args.hostname, scriptsRole: args.scriptsRole, oidcEndpoints: args.oidcEndpoints });
        this.realmFile = realmFileJson(realm);

        const generated = (resourceName: string) =>
            // Alphanumeric: passed through the environment into JSON and into basic-auth Secrets.
            pulumi.secret(new random.RandomPassword(resourceName, { length: 32, special: false }, { parent: this }).result);
        const breakGlassPassword = generated(`${name}-break-glass`);
        const scriptsClientSecret = generated(`${name}-scripts-client`);
        // The realm signs with a key the program makes, so the mesh can check tokens
        // against its public half (realm-key.ts).
        const signingKey = new RealmSigningKey(`${name}-signing-key`, { parent: this });
        this.jwks = signingKey.jwks;
        const testPasswords = Object.fromEntries(
            (args.identity.testUsers ? platformRoles : []).map((role) => [role, generated(`${name}-test-${role}`)]),
        ) as Partial<Record<PlatformRole, pulumi.Output<string>>>;

        // Each placeholder the realm file names, with its value.
        const upstream = args.identity.upstream;
        const secretValues: Record<string, pulumi.Input<string>> = {
            [placeholderVariables.breakGlassPassword]: breakGlassPassword,
            [placeholderVariables.scriptsClientSecret]: scriptsClientSecret,
            [placeholderVariables.signingKey]: signingKey.keycloakPrivateKey,
            ...Object.fromEntries(Object.entries(testPasswords).map(([role, password]) => [placeholderVariables.testUserPassword(role as PlatformRole), password!])),
            ...(upstream?.kind === "ldap" ? { [placeholderVariables.ldapBindPassword]: upstream.bindPassword } : {}),
            ...(upstream?.kind === "oidc" ? { [placeholderVariables.oidcClientSecret]: upstream.clientSecret } : {}),
        };
        const missing = realmPlaceholders(realm).filter((variable) => !(variable in secretValues));
        if (missing.length > 0) {
            // Keycloak would import the placeholder text itself as the password.
            throw new pulumi.ResourceError(`the realm file names placeholders with no value: ${missing.join(", ")}`, this);
        }

        const realmSecret = new Secret(
            `${name}-realm`,
            {
                metadata: { name: `${name}-realm`, namespace: args.namespace, labels },
                type: "Opaque",
                stringData: {
                    [realmFileName]: this.realmFile,
                    ...Object.fromEntries(
                        Object.entries(secretValues).map(([variable, value]) => [variable, pulumi.secret(pulumi.output(value).apply(placeholderValue))]),
                    ),
                },
            },
            { parent: this },
        );

        const adminPassword = generated(`${name}-admin-password`);
        // A generated user name as well: no well-known administrator to guess.
        const adminUsername = generatedUsername(`${name}-admin-user`, "admin", { parent: this });
        const adminSecret = new Secret(
            `${name}-admin`,
            {
                metadata: { name: `${name}-admin`, namespace: args.namespace, labels },
                type: "kubernetes.io/basic-auth",
                stringData: { username: adminUsername, password: adminPassword },
            },
            { parent: this },
        );

        const serviceAccount = new ServiceAccount(
            name,
            {
                metadata: { name, namespace: args.namespace, labels },
                // Keycloak never calls the Kubernetes API.
                automountServiceAccountToken: false,
            },
            { parent: this },
        );

        new Deployment(
            name,
            {
                metadata: { name, namespace: args.namespace, labels },
                spec: {
                    replicas: 1,
                    selector: { matchLabels: selector },
                    // Never two at once: their local caches are not shared, and a new
                    // version migrates the schema the old one is still using.
                    strategy: { type: "Recreate" },
                    template: {
                        metadata: { labels },
                        spec: {
                            serviceAccountName: serviceAccount.metadata.name,
                            automountServiceAccountToken: false,
                            securityContext: restrictedPodSecurityContext(keycloakUid, keycloakUid),
                            containers: [
                                {
                                    name: "keycloak",
                                    image: images.keycloak,
                                    args: ["start", "--import-realm"],
                                    ports: [
                                        { name: "http", containerPort: keycloakPorts.http },
                                        { name: "management", containerPort: keycloakPorts.management },
                                    ],
                                    env: environment(args, publicUrl, { realm: realmSecret.metadata.name, admin: adminSecret.metadata.name }, Object.keys(secretValues)),
                                    resources: args.resources ?? defaultResources,
                                    securityContext: {
                                        ...restrictedContainerSecurityContext(),
                                        // `start` re-builds Keycloak for its build options (database,
                                        // path, health, metrics, cache) into /opt/keycloak/lib before
                                        // serving; only a pre-built (--optimized) image could run read-only.
                                        readOnlyRootFilesystem: false,
                                    },
                                    ...keycloakProbes(),
                                    volumeMounts: [
                                        { name: "realm", mountPath: importDirectory, readOnly: true },
                                        { name: "postgres-ca", mountPath: postgresCaDirectory, readOnly: true },
                                    ],
                                },
                            ],
                            volumes: [
                                // Only the realm file: the placeholders' values reach the process as variables.
                                { name: "realm", secret: { secretName: realmSecret.metadata.name, items: [{ key: realmFileName, path: realmFileName }] } },
                                {
                                    name: "postgres-ca",
                                    // Only the certificate: the same Secret also holds the CA's key.
                                    secret: { secretName: args.database.caSecretName, items: [{ key: "ca.crt", path: "ca.crt" }] },
                                },
                            ],
                        },
                    },
                },
            },
            { parent: this, dependsOn: args.podsWaitFor },
        );

        const service = new Service(
            name,
            {
                metadata: { name, namespace: args.namespace, labels },
                spec: {
                    type: "ClusterIP",
                    selector,
                    ports: [
                        { name: "http", port: keycloakPorts.http, targetPort: "http", appProtocol: "http" },
                        { name: "http-management", port: keycloakPorts.management, targetPort: "management", appProtocol: "http" },
                    ],
                },
            },
            { parent: this },
        );
        this.serviceName = service.metadata.name;
        this.publicUrl = `${publicUrl}/`;
        this.realmUrlInCluster = pulumi.interpolate`http://${service.metadata.name}.${args.namespace}.svc.${args.clusterDomain ?? "cluster.local"}:${keycloakPorts.http}${keycloakPath}/realms/${realmName}/`;

        this.admin = pulumi.secret(pulumi.all([adminUsername, adminPassword]).apply(([username, password]) => ({ username, password })));
        this.breakGlass = pulumi.secret(breakGlassPassword.apply((password) => ({ username: breakGlassUsername, password })));
        this.testUsers = pulumi.secret(
            pulumi
                .all(testPasswords)
                .apply((passwords) =>
                    Object.fromEntries(Object.entries(passwords).map(([role, password]) => [role, { username: testUsername(role as PlatformRole), password: password as string }])),
                ),
        );
        this.scriptsClient = pulumi.secret(
            scriptsClientSecret.apply((clientSecret) => ({
                clientId: scriptsClientId,
                clientSecret,
                tokenUrl: `${this.issuerUrl}/protocol/openid-connect/token`,
            })),
        );

        this.registerOutputs({
            serviceName: this.serviceName,
            issuerUrl: this.issuerUrl,
            publicUrl: this.publicUrl,
            realmUrlInCluster: this.realmUrlInCluster,
            admin: this.admin,
            breakGlass: this.breakGlass,
            testUsers: this.testUsers,
            scriptsClient: this.scriptsClient,
        });
    }
}

type EnvVar = k8s.types.input.core.v1.EnvVar;

function fromSecret(name: string, secretName: pulumi.Input<string>, key: string): EnvVar {
    return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

// Keycloak's options as environment variables (keycloak.org/server/all-config).
function environment(
    args: KeycloakArgs,
    publicUrl: string,
    secrets: { realm: pulumi.Input<string>; admin: pulumi.Input<string> },
    placeholders: string[],
): EnvVar[] {
    const db = args.database;
    return [
        { name: "KC_DB", value: "postgres" },
        {
            name: "KC_DB_URL",
            // TLS checked against the cluster's CA and the server's name, as Orthanc's
            // connection is; the cluster refuses connections without TLS anyway.
            value: pulumi.interpolate`jdbc:postgresql://${db.host}:${db.port}/${db.database}?sslmode=verify-full&sslrootcert=${postgresCaDirectory}/ca.crt`,
        },
        fromSecret("KC_DB_USERNAME", db.credentialsSecretName, "username"),
        fromSecret("KC_DB_PASSWORD", db.credentialsSecretName, "password"),
        // Links, redirects and the token issuer use the public address whatever
        // address a request came in on.
        { name: "KC_HOSTNAME", value: publicUrl },
        { name: "KC_HTTP_RELATIVE_PATH", value: keycloakPath },
        // Plain HTTP inside the pod: TLS ends at the gateway, and the mesh encrypts the hop here.
        { name: "KC_HTTP_ENABLED", value: "true" },
        { name: "KC_HTTP_PORT", value: String(keycloakPorts.http) },
        // The gateway's X-Forwarded-Proto/-Host/-For: the scheme is https, the client the browser.
        { name: "KC_PROXY_HEADERS", value: "xforwarded" },
        { name: "KC_HEALTH_ENABLED", value: "true" },
        { name: "KC_METRICS_ENABLED", value: "true" },
        // The management port would otherwise take /keycloak too; the probes use /health/*.
        { name: "KC_HTTP_MANAGEMENT_RELATIVE_PATH", value: "/" },
        // One replica: nothing to share caches with (see the top of this file).
        { name: "KC_CACHE", value: "local" },
        // Successful sign-ins are logged at DEBUG by default; at INFO every use of
        // the break-glass account reaches the log (docs: all-provider-config, jboss-logging).
        // The variable as the 26.2 guide names it; later releases document a
        // "--"-separated SPI option form as well (unchecked here for 26.7).
        { name: "KC_SPI_EVENTS_LISTENER_JBOSS_LOGGING_SUCCESS_LEVEL", value: "info" },
        fromSecret("KC_BOOTSTRAP_ADMIN_USERNAME", secrets.admin, "username"),
        fromSecret("KC_BOOTSTRAP_ADMIN_PASSWORD", secrets.admin, "password"),
        ...placeholders.map((variable) => fromSecret(variable, secrets.realm, variable)),
    ];
}

type Probes = Pick<k8s.types.input.core.v1.Container, "startupProbe" | "readinessProbe" | "livenessProbe">;

// Keycloak's health endpoints on the management port. The first start builds,
// migrates the database and imports the realm: up to 10 minutes.
function keycloakProbes(): Probes {
    const get = (path: string) => ({ httpGet: { path, port: "management" as const } });
    return {
        startupProbe: { ...get("/health/started"), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 },
        readinessProbe: { ...get("/health/ready"), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
        livenessProbe: { ...get("/health/live"), periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 4 },
    };
}
