// Single sign-on for one site, whatever its kind: the realm people sign in at
// (a Keycloak the platform runs, or the hospital's own), the auth service that
// turns their tokens into Orthanc permissions, and, for the platform's realm,
// the mesh's check of every token at Orthanc's sidecar.
import * as pulumi from "@pulumi/pulumi";
import { tokenValidation } from "../mesh/token-validation";
import { extraDatabaseRole, PostgresExtraDatabase, type ManagedRole } from "../postgres/extra-database";
import { images } from "../versions";
import { AuthService } from "./auth-service";
import { Keycloak, type Credentials } from "./keycloak";
import type { IdentityProvider } from "./provider";
import { orthancClientId, keycloakPath, type OidcProviderEndpoints } from "./realm";
import type { PlatformRole } from "./roles";

// The auth service's name, and the Secret of Orthanc's password at it (auth-service.ts
// names it after the component), which Orthanc's pods read and Reloader watches.
export const authServiceName = "orthanc-auth";
export const authServiceClientSecretName = `${authServiceName}-client`;

// The platform Keycloak's database and its owner in the platform's PostgreSQL.
export const keycloakDatabase = { database: "keycloak", owner: "keycloak" } as const;

/** The managed role the platform's PostgreSQL cluster must carry for Keycloak, if the site runs one. */
export function identityDatabaseRoles(provider: IdentityProvider, clusterName: string): ManagedRole[] {
    return provider.kind === "platform" ? [extraDatabaseRole(clusterName, keycloakDatabase.owner)] : [];
}

export interface IdentityArgs {
    namespace: pulumi.Input<string>;
    provider: IdentityProvider;
    /** Orthanc's host name: the platform's Keycloak answers under /keycloak on it. */
    hostname: string;
    clusterDomain: string;
    /** The OIDC upstream's endpoints (site data); required with an OIDC upstream. */
    oidcEndpoints?: OidcProviderEndpoints;
    /** The one role integration scripts get. @default "viewer" */
    scriptsRole?: PlatformRole;
    /** The platform's PostgreSQL, where the platform's Keycloak keeps its database. */
    postgres: { clusterName: string; cluster: pulumi.Resource; host: pulumi.Input<string>; port: number; caSecretName: string };
    /** Orthanc's pods, whose sidecar checks the platform realm's tokens. */
    orthancSelector: Record<string, string>;
    /** istiod: the mesh objects' webhook, and what injects the pods' sidecars. */
    controlPlane: pulumi.Resource;
}

export class Identity extends pulumi.ComponentResource {
    readonly authService: AuthService;
    /** The platform's Keycloak; absent when the hospital runs the realm. */
    readonly keycloak?: Keycloak;
    /** What Orthanc Explorer 2 signs in at. */
    readonly signIn: { url: string; realm: string; clientId: string };
    /** Secret outputs of the platform's Keycloak (absent for the hospital's). */
    readonly credentials?: pulumi.Output<{
        keycloakAdmin: Credentials;
        breakGlass: Credentials;
        testUsers: Partial<Record<PlatformRole, Credentials>>;
        scriptsClient: { clientId: string; clientSecret: string; tokenUrl: string };
    }>;

    constructor(name: string, args: IdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:identity:Identity", name, {}, opts);
        const provider = args.provider;
        let realmUrlInCluster: pulumi.Input<string>;
        if (provider.kind === "platform") {
            const database = new PostgresExtraDatabase(
                "keycloak-db",
                { namespace: args.namespace, clusterName: args.postgres.clusterName, cluster: args.postgres.cluster, ...keycloakDatabase },
                { parent: this },
            );
            this.keycloak = new Keycloak(
                "keycloak",
                {
                    namespace: args.namespace,
                    hostname: args.hostname,
                    identity: provider,
                    oidcEndpoints: args.oidcEndpoints,
                    scriptsRole: args.scriptsRole,
                    clusterDomain: args.clusterDomain,
                    database: {
                        host: args.postgres.host,
                        port: args.postgres.port,
                        database: database.database,
                        credentialsSecretName: database.credentialsSecretName,
                        caSecretName: args.postgres.caSecretName,
                    },
                    podsWaitFor: [database, args.controlPlane],
                },
                { parent: this },
            );
            realmUrlInCluster = this.keycloak.realmUrlInCluster;
            this.signIn = { url: this.keycloak.publicUrl, realm: this.keycloak.realm, clientId: orthancClientId };
            // The hospital's realm signs with keys the program does not hold: there the
            // auth service's check is the only one (it fetches the realm's key itself).
            tokenValidation(
                "orthanc-tokens",
                { namespace: args.namespace, selector: args.orthancSelector, issuer: this.keycloak.issuerUrl, jwks: this.keycloak.jwks, controlPlane: args.controlPlane },
                { parent: this },
            );
            const keycloak = this.keycloak;
            this.credentials = pulumi.secret(
                pulumi
                    .all([keycloak.admin, keycloak.breakGlass, keycloak.testUsers, keycloak.scriptsClient])
                    .apply(([keycloakAdmin, breakGlass, testUsers, scriptsClient]) => ({ keycloakAdmin, breakGlass, testUsers, scriptsClient })),
            );
        } else {
            const base = provider.url.endsWith("/") ? provider.url : `${provider.url}/`;
            realmUrlInCluster = `${base}realms/${provider.realm}/`;
            this.signIn = { url: base, realm: provider.realm, clientId: provider.clientId };
        }

        this.authService = new AuthService(
            authServiceName,
            { namespace: args.namespace, image: images.orthancAuthService, realmUrl: realmUrlInCluster, podsWaitFor: [args.controlPlane] },
            { parent: this },
        );

        this.registerOutputs({ signIn: this.signIn });
    }
}

// Where the platform's Keycloak is served on Orthanc's host, for the gateway's route.
export const keycloakPathPrefix = `${keycloakPath}/`;
