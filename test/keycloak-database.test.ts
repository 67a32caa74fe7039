// Keycloak's database in the platform's CloudNativePG cluster
// (components/postgres/extra-database.ts): its owner a managed role of the Cluster,
// its password generated into a basic-auth Secret, the database a Database object.
// Checked against CloudNativePG's own CRD schemas at the pinned chart
// (test/schemas/postgresql.cnpg.io_v1.json).
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes";
import { PostgresCluster } from "../components/postgres/cluster";
import { extraDatabaseRole, PostgresExtraDatabase } from "../components/postgres/extra-database";
import { evaluateProgram, type Plan } from "../tools/plan/evaluate";
import { maskedSecret } from "../tools/plan/masking";
import { project, resource, types } from "./support/plan";
import { validateObject } from "./support/schemas";
import { unwrapped } from "./support/site-mocks";

type Json = Record<string, any>;

const databaseType = "kubernetes:postgresql.cnpg.io/v1:Database";

function planDatabases(withKeycloak: boolean): Promise<Plan> {
    return evaluateProgram({ project, stack: "keycloak-database", stackConfig: { config: {}, secretKeys: [] } }, () => {
        const provider = new Provider("cluster", {});
        const operator = new Provider("operator-stand-in", {});
        const role = extraDatabaseRole("postgres", "keycloak");
        const cluster = new PostgresCluster(
            "postgres",
            {
                namespace: "imaging",
                instances: 1,
                storageSize: "2Gi",
                resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
                database: "orthanc",
                owner: "orthanc",
                operator,
                ...(withKeycloak ? { managedRoles: [role] } : {}),
            },
            { providers: [provider] },
        );
        if (withKeycloak) {
            new PostgresExtraDatabase(
                "keycloak-database",
                { namespace: "imaging", clusterName: cluster.clusterName, cluster, database: "keycloak", owner: "keycloak" },
                { providers: [provider] },
            );
        }
    });
}

// The Secrets' data as the SDK sends it (the plan masks it), each generated password distinct.
async function secretsSent(): Promise<Record<string, Json>> {
    const sent: Record<string, Json> = {};
    await pulumi.runtime.setMocks(
        {
            newResource: (args) => {
                if (args.type === types.secret) {
                    sent[args.inputs.metadata.name] = unwrapped(args.inputs.stringData) as Json;
                }
                const result = args.type === "random:index/randomPassword:RandomPassword" ? { result: `generated-${args.name}` } : {};
                return { id: `${args.name}-id`, state: { ...args.inputs, ...result } };
            },
            call: () => {
                throw new Error("no look-ups");
            },
        },
        project,
        "keycloak-database-secrets",
        false,
    );
    await pulumi.runtime.runInPulumiStack(async () => {
        const cluster = new Provider("operator-stand-in", {});
        new PostgresExtraDatabase("keycloak-database", { namespace: "imaging", clusterName: "postgres", cluster, database: "keycloak", owner: "keycloak" });
    });
    await pulumi.runtime.disconnect();
    return sent;
}

function inputs(plan: Plan, type: string, name: string): Json {
    return resource(plan, type, name).inputs as Json;
}

describe("Keycloak's database in the platform's PostgreSQL", () => {
    let plan: Plan;
    let without: Plan;
    before(async () => {
        plan = await planDatabases(true);
        without = await planDatabases(false);
    });

    it("makes the owner a login role the Cluster manages, its password from the owner's Secret", async () => {
        const cluster = inputs(plan, types.cnpgCluster, "postgres");
        assert.deepEqual(cluster.spec.managed, {
            roles: [{ name: "keycloak", ensure: "present", login: true, passwordSecret: { name: "postgres-keycloak" } }],
        });
        await validateObject(cluster as { apiVersion: string; kind: string });
    });

    it("leaves a Cluster without extra databases exactly as it was", () => {
        const cluster = inputs(without, types.cnpgCluster, "postgres");
        assert.equal(cluster.spec.managed, undefined);
        const withoutSpec = { ...inputs(plan, types.cnpgCluster, "postgres").spec };
        delete withoutSpec.managed;
        assert.deepEqual(withoutSpec, cluster.spec);
    });

    it("keeps the role's password in a basic-auth Secret named as the Cluster expects, its username the role", () => {
        const secret = inputs(plan, types.secret, "keycloak-database-owner");
        assert.equal(secret.type, "kubernetes.io/basic-auth");
        assert.equal(secret.metadata.name, "postgres-keycloak");
        assert.deepEqual(secret.stringData, { username: maskedSecret, password: maskedSecret });
    });

    it("puts the role's own name and a generated password into that Secret", async () => {
        const sent = await secretsSent();
        assert.deepEqual(sent["postgres-keycloak"], { username: "keycloak", password: "generated-keycloak-database-owner" });
    });

    it("declares the database, owned by the role, kept when the object is deleted, after the Cluster", async () => {
        const database = resource(plan, databaseType, "keycloak-database");
        const spec = (database.inputs as Json).spec;
        assert.deepEqual(spec, { cluster: { name: "postgres" }, name: "keycloak", owner: "keycloak", ensure: "present", databaseReclaimPolicy: "retain" });
        assert.ok(database.dependencies.includes(resource(plan, types.cnpgCluster, "postgres").urn));
        assert.ok(database.parent?.endsWith("imaging:postgres:ExtraDatabase::keycloak-database"));
        await validateObject(database.inputs as { apiVersion: string; kind: string });
    });
});
