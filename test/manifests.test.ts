// Every Kubernetes object in every committed stack's plan validates against its
// upstream schema, so a typo in a field name fails here and not at `pulumi up`.
import { strict as assert } from "assert";
import type { Plan } from "../tools/plan/evaluate";
import { isKubernetesObject } from "../tools/plan/artifacts";
import { committedStacks, localSiteWith, planSite, planStack } from "./support/plan";
import { promtool, rulesFileFromPlan } from "./support/monitoring";
import { modelModule, validateObject } from "./support/schemas";

describe("manifests against upstream schemas", () => {
    it("knows where the schema of each API group lives", () => {
        assert.equal(modelModule("v1"), "kubernetes-models/v1");
        assert.equal(modelModule("apps/v1"), "kubernetes-models/apps/v1");
        assert.equal(modelModule("networking.k8s.io/v1"), "kubernetes-models/networking.k8s.io/v1");
        assert.equal(modelModule("cert-manager.io/v1"), "@kubernetes-models/cert-manager/cert-manager.io/v1");
        assert.equal(modelModule("example.com/v1"), undefined);
    });

    // Each validator must refuse for the reason planted, not merely refuse.
    const refusals: Array<[string, Record<string, unknown>, RegExp]> = [
        [
            "a built-in kind with a wrong field type",
            {
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: "x" },
                spec: { selector: {}, template: { spec: { containers: [{ name: "c", ports: [{ containerPort: "http" }] }] } } },
            },
            /containers\/0\/ports\/0\/containerPort must be integer/,
        ],
        [
            "a CloudNativePG Cluster with a misspelt field",
            { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: "x" }, spec: { instances: 1, storage: { size: "1Gi" }, enableSuperuserAcess: false } },
            /^postgresql\.cnpg\.io\/v1 Cluster: \/spec must NOT have additional properties \(enableSuperuserAcess\)$/,
        ],
        [
            "a CloudNativePG Cluster with a wrong field type",
            { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster", metadata: { name: "x" }, spec: { instances: "1", storage: { size: "1Gi" } } },
            /^postgresql\.cnpg\.io\/v1 Cluster: \/spec\/instances must be integer$/,
        ],
        [
            "a ScheduledBackup with a misspelt field",
            { apiVersion: "postgresql.cnpg.io/v1", kind: "ScheduledBackup", metadata: { name: "x" }, spec: { schedule: "0 0 2 * * *", cluster: { name: "a" }, methd: "plugin" } },
            /\/spec must NOT have additional properties \(methd\)/,
        ],
        [
            "a Barman Cloud ObjectStore with a misspelt nested field",
            {
                apiVersion: "barmancloud.cnpg.io/v1",
                kind: "ObjectStore",
                metadata: { name: "x" },
                spec: { configuration: { destinationPath: "s3://x", wal: { compresion: "gzip" } } },
            },
            /\/spec\/configuration\/wal must NOT have additional properties \(compresion\)/,
        ],
    ];
    for (const [label, object, reason] of refusals) {
        it(`refuses ${label}, saying why (the validator can fail)`, async () => {
            await assert.rejects(validateObject(object as never), (error: Error) => {
                assert.match(error.message, reason);
                return true;
            });
        });
    }

    // Committed stacks, plus variants that switch on what local leaves off.
    const plans: Array<[string, () => Promise<Plan>]> = [
        ...committedStacks().map((stack): [string, () => Promise<Plan>] => [`stack ${stack}`, () => planStack(stack)]),
        [
            "local with an S3 object store",
            () =>
                planSite(
                    localSiteWith({
                        objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", accessKeyId: "orthanc", backupAccessKeyId: "backups" },
                    }),
                    { objectStoreSecretAccessKey: "key", objectStoreBackupSecretAccessKey: "backup-key" },
                ),
        ],
        ["local with three database instances", () => planSite(localSiteWith({ postgres: { instances: 3, storageSize: "2Gi" } }))],
    ];
    for (const [label, evaluate] of plans) {
        describe(label, () => {
            let plan: Plan;
            before(async () => {
                plan = await evaluate();
            });

            it("validates every object the program declares", async () => {
                const failures: string[] = [];
                let validated = 0;
                for (const resource of plan.resources.filter(isKubernetesObject)) {
                    const object = resource.inputs as { apiVersion: string; kind: string };
                    try {
                        await validateObject(object);
                        validated++;
                    } catch (error) {
                        failures.push(`${object.kind} ${resource.name}: ${(error as Error).message}`);
                    }
                }
                assert.deepEqual(failures, []);
                assert.ok(validated >= 8, `only ${validated} objects validated`);
                const cloudNativePgKinds = plan.resources
                    .filter((r) => /^kubernetes:(postgresql|barmancloud)\.cnpg\.io\//.test(r.type))
                    .map((r) => (r.inputs as { kind: string }).kind);
                assert.ok(cloudNativePgKinds.includes("Cluster"), "the CloudNativePG objects are among those validated");
            });

            it("passes promtool check rules on every alert rule #real", () => {
                const result = promtool(["check", "rules", "plan.rules.yaml"], { "plan.rules.yaml": rulesFileFromPlan(plan) });
                assert.equal(result.status, 0, result.output);
                assert.match(result.output, /SUCCESS: \d+ rules found/);
            });
        });
    }
});
