// What CloudNativePG makes of the plan's Cluster, as the test stands in for the
// operator: the Secrets it creates (its CA, the server certificate), the
// pg_hba.conf and pg_ident.conf it writes around the Cluster's own rules, the TLS
// settings it imposes, and the application database and owner of bootstrap.initdb.
//
// Assumed from CloudNativePG's source (pkg/postgres/configuration.go, the
// certificate code of api/v1 Cluster) as of the 1.2x releases, for the operator
// pinned in components/versions.ts (1.30.0); to re-check on an operator upgrade:
//   - pg_hba.conf: the fixed rules below, then spec.postgresql.pg_hba in order,
//     then "host all all all scram-sha-256" (the default method from PostgreSQL 14);
//   - pg_ident.conf: "local <OS user> postgres" plus the fixed maps below;
//   - ssl on, ssl_min_protocol_version and ssl_max_protocol_version TLSv1.3,
//     ssl_ca_file the client CA (by default the same <cluster>-ca);
//   - Secret <cluster>-ca holds ca.crt and ca.key; Secret <cluster>-server holds
//     tls.crt and tls.key, an ECDSA P-256 certificate for <cluster>-rw with the
//     names of the rw, r and ro Services (short, .<namespace>, .<namespace>.svc,
//     .<namespace>.svc.cluster.local) as subject alternative names.
import type { Plan } from "../../tools/plan/evaluate";
import { kinds, onlyObject } from "./plan-objects";

export interface PlannedPostgresCluster {
    name: string;
    namespace: string;
    // The Cluster's own rules (spec.postgresql.pg_hba).
    hbaRules: string[];
    // bootstrap.initdb: the application database, its owner, and the owner's basic-auth Secret.
    database: string;
    owner: string;
    ownerSecretName: string;
}

interface ClusterSpec {
    postgresql?: { pg_hba?: string[]; pg_ident?: string[] };
    bootstrap?: { initdb?: { database?: string; owner?: string; secret?: { name?: string } } };
    certificates?: unknown;
}

// The program declares one database cluster, Orthanc's.
export function plannedPostgresCluster(plan: Plan): PlannedPostgresCluster {
    const cluster = onlyObject(plan, ...kinds.cnpgCluster);
    const spec = (cluster.spec ?? {}) as ClusterSpec;
    const initdb = spec.bootstrap?.initdb;
    if (!initdb?.database || !initdb.owner || !initdb.secret?.name) {
        throw new Error(`Cluster ${cluster.metadata.name}: the test expects bootstrap.initdb with database, owner and secret`);
    }
    if (spec.certificates !== undefined) {
        // Then the CAs and server certificate are the site's, not the operator's.
        throw new Error(`Cluster ${cluster.metadata.name}: spec.certificates is set; the test stands in only for CloudNativePG's own certificates`);
    }
    if ((spec.postgresql?.pg_ident ?? []).length > 0) {
        throw new Error(`Cluster ${cluster.metadata.name}: spec.postgresql.pg_ident is set; the test does not recreate user maps`);
    }
    return {
        name: cluster.metadata.name,
        namespace: cluster.metadata.namespace ?? "",
        hbaRules: spec.postgresql?.pg_hba ?? [],
        database: initdb.database,
        owner: initdb.owner,
        ownerSecretName: initdb.secret.name,
    };
}

export const cloudNativePgDefaults = {
    defaultAuthenticationMethod: "scram-sha-256",
    clusterDomain: "cluster.local",
    settings: {
        ssl: "on",
        ssl_min_protocol_version: "TLSv1.3",
        ssl_max_protocol_version: "TLSv1.3",
        password_encryption: "scram-sha-256",
    },
} as const;

export function caSecretName(cluster: PlannedPostgresCluster): string {
    return `${cluster.name}-ca`;
}

export function serverSecretName(cluster: PlannedPostgresCluster): string {
    return `${cluster.name}-server`;
}

export function readWriteServiceName(cluster: PlannedPostgresCluster): string {
    return `${cluster.name}-rw`;
}

export function serverAltDnsNames(cluster: PlannedPostgresCluster): string[] {
    return ["rw", "r", "ro"].flatMap((suffix) => {
        const service = `${cluster.name}-${suffix}`;
        const namespaced = `${service}.${cluster.namespace}`;
        return [service, namespaced, `${namespaced}.svc`, `${namespaced}.svc.${cloudNativePgDefaults.clusterDomain}`];
    });
}

// pg_hba.conf as the operator writes it; first match wins.
export function hbaConf(cluster: PlannedPostgresCluster): string[] {
    return [
        "# FIXED RULES (CloudNativePG)",
        "local all all peer map=local",
        "hostssl postgres streaming_replica all cert map=cnpg_streaming_replica",
        "hostssl replication streaming_replica all cert map=cnpg_streaming_replica",
        "hostssl all cnpg_pooler_pgbouncer all cert map=cnpg_pooler_pgbouncer",
        `# USER-DEFINED RULES (Cluster ${cluster.name}, spec.postgresql.pg_hba)`,
        ...cluster.hbaRules,
        "# DEFAULT RULES (CloudNativePG)",
        `host all all all ${cloudNativePgDefaults.defaultAuthenticationMethod}`,
    ];
}

// pg_ident.conf; osUser is the account the server runs as. The operator maps it to
// the role postgres; the test's superuser carries the account's own name (see
// postgres-server.ts), so the map leads there.
export function identConf(osUser: string, superuser: string): string[] {
    return [
        `local ${osUser} ${superuser}`,
        "cnpg_streaming_replica streaming_replica streaming_replica",
        "cnpg_pooler_pgbouncer cnpg_pooler_pgbouncer cnpg_pooler_pgbouncer",
    ];
}
