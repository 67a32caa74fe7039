// Every Kubernetes object in every committed stack's plan validates against its
// upstream schema, so a typo in a field name fails here and not at `pulumi up`.
import { strict as assert } from "assert";
import type { Plan } from "../stacks/plan/evaluate";
import { isKubernetesObject } from "../stacks/plan/artifacts";
import { committedStacks, localSiteWith, planSite, planStack } from "./support/plan";
import { promtool, rulesFileFromPlan } from "./support/monitoring";
import { groupsWithoutModels, modelModule, validateObject } from "./support/schemas";

describe("manifests against upstream schemas", () => {
    it("knows where the schema of each API group lives", () => {
        assert.equal(modelModule("v1"), "kubernetes-models/v1");
        assert.equal(modelModule("apps/v1"), "kubernetes-models/apps/v1");
        assert.equal(modelModule("networking.k8s.io/v1"), "kubernetes-models/networking.k8s.io/v1");
        assert.equal(modelModule("cert-manager.io/v1"), "@kubernetes-models/cert-manager/cert-manager.io/v1");
        assert.equal(modelModule("example.com/v1"), undefined);
    });

    it("rejects an object with a wrong field type (the validator can fail)", async () => {
        await assert.rejects(
            validateObject({
                apiVersion: "apps/v1",
                kind: "Deployment",
                metadata: { name: "x" },
                spec: { selector: {}, template: { spec: { containers: [{ name: "c", ports: [{ containerPort: "http" }] }] } } },
            } as never),
        );
    });

    // Committed stacks, plus variants that switch on what local leaves off.
    const plans: Array<[string, () => Promise<Plan>]> = [
        ...committedStacks().map((stack): [string, () => Promise<Plan>] => [`stack ${stack}`, () => planStack(stack)]),
        [
            "local with an S3 object store",
            () =>
                planSite(
                    localSiteWith({
                        objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", accessKeyId: "orthanc" },
                    }),
                    { objectStoreSecretAccessKey: "key" },
                ),
        ],
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
                    const group = object.apiVersion.includes("/") ? object.apiVersion.split("/")[0] : "";
                    if (groupsWithoutModels.has(group)) {
                        continue;
                    }
                    try {
                        await validateObject(object);
                        validated++;
                    } catch (error) {
                        failures.push(`${object.kind} ${resource.name}: ${(error as Error).message}`);
                    }
                }
                assert.deepEqual(failures, []);
                assert.ok(validated >= 8, `only ${validated} objects validated`);
            });

            it("passes promtool check rules on every alert rule #real", () => {
                const result = promtool(["check", "rules", "plan.rules.yaml"], { "plan.rules.yaml": rulesFileFromPlan(plan) });
                assert.equal(result.status, 0, result.output);
                assert.match(result.output, /SUCCESS: \d+ rules found/);
            });
        });
    }
});
