// A further database in the platform's CloudNativePG cluster, for another
// application than Orthanc (Keycloak), with its own owner role: the role is one of
// the Cluster's managed roles (spec.managed.roles), its password generated and
// kept in a kubernetes.io/basic-auth Secret; the database is a CloudNativePG
// Database object. Field names are CloudNativePG 1.30's (chart cloudnative-pg
// 0.29.0, templates/crds/crds.yaml: Cluster spec.managed.roles[], Database spec).
//
// The Cluster needs the role before the Database can name it as owner, and the
// Database needs the Cluster: the role's names are therefore plain functions of
// the cluster and owner (extraDatabaseRole), given to the Cluster's managedRoles,
// and this component declares the Secret and the Database afterwards.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Secret } from "@pulumi/kubernetes/core/v1";
import { appLabels } from "../kubernetes/labels";

/** A login role CloudNativePG keeps in the cluster, its password from a basic-auth Secret. */
export interface ManagedRole {
    name: string;
    passwordSecretName: string;
}

export function extraDatabaseRole(clusterName: string, owner: string): ManagedRole {
    return { name: owner, passwordSecretName: `${clusterName}-${owner}` };
}

// spec.managed.roles[] of the Cluster. A login role with no other attribute: it
// owns its database and nothing else (no superuser, createdb, createrole, replication).
export function managedRoleSpec(role: ManagedRole): Record<string, unknown> {
    return {
        name: role.name,
        ensure: "present",
        login: true,
        passwordSecret: { name: role.passwordSecretName },
    };
}

export interface PostgresExtraDatabaseArgs {
    namespace: pulumi.Input<string>;
    /** The CloudNativePG Cluster's name (PostgresCluster.clusterName). */
    clusterName: string;
    /** The Cluster resource: the Database is reconciled against it. */
    cluster: pulumi.Resource;
    /** The database's name in PostgreSQL. */
    database: string;
    /** Its owner role; the Cluster must list extraDatabaseRole(clusterName, owner) in managedRoles. */
    owner: string;
}

export class PostgresExtraDatabase extends pulumi.ComponentResource {
    readonly database: string;
    readonly role: ManagedRole;
    // kubernetes.io/basic-auth Secret with the owner's username and password.
    readonly credentialsSecretName: pulumi.Output<string>;

    constructor(name: string, args: PostgresExtraDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:postgres:ExtraDatabase", name, {}, opts);
        this.database = args.database;
        this.role = extraDatabaseRole(args.clusterName, args.owner);
        const labels = appLabels(args.clusterName, "database");

        const password = new random.RandomPassword(
            `${name}-owner`,
            // Alphanumeric only, as the cluster's own owner password: it may end up in a connection URI.
            { length: 32, special: false },
            { parent: this },
        );
        const credentials = new Secret(
            `${name}-owner`,
            {
                metadata: { name: this.role.passwordSecretName, namespace: args.namespace, labels },
                // CloudNativePG reads a managed role's password from a basic-auth Secret.
                type: "kubernetes.io/basic-auth",
                stringData: { username: this.role.name, password: password.result },
            },
            { parent: this },
        );
        this.credentialsSecretName = credentials.metadata.name;

        new CustomResource(
            name,
            {
                apiVersion: "postgresql.cnpg.io/v1",
                kind: "Database",
                metadata: { name, namespace: args.namespace, labels },
                spec: {
                    cluster: { name: args.clusterName },
                    name: args.database,
                    owner: args.owner,
                    ensure: "present",
                    // Deleting this object must never drop the data it holds.
                    databaseReclaimPolicy: "retain",
                },
            },
            { parent: this, dependsOn: [args.cluster, credentials] },
        );

        this.registerOutputs({ credentialsSecretName: this.credentialsSecretName });
    }
}
