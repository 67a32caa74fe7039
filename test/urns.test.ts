// The URNs of every committed stack are frozen in test/urns/<stack>.txt. A live
// site's state knows its resources by these URNs: a plan that drops one would
// make `pulumi up` delete that resource (and create its successor), or fail on a
// protected one. A rename keeps the old URN through `aliases`, and this test
// accepts it as long as the plan would adopt the old URN. A deliberate change of
// URNs is written with `npm run test:urns:update` (see CONTRIBUTING.md).
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { evaluateProgram, resourceUrn, type Plan } from "../tools/plan/evaluate";
import { committedStacks, planStack, resource, types } from "./support/plan";
import { adoptableUrns, committedUrns, formerUrns, plannedUrns, urnListFile } from "./support/urns";

describe("URNs of the committed stacks", () => {
    for (const stack of committedStacks()) {
        it(`keeps every URN of stack ${stack}, and adds none unrecorded`, async () => {
            const plan = await planStack(stack);
            const committed = committedUrns(stack);
            assert.ok(committed.length > 0, `${urnListFile(stack)} is missing: run npm run test:urns:update and commit it`);
            const adoptable = adoptableUrns(plan);
            const lost = committed.filter((urn) => !adoptable.has(urn));
            // A renamed resource counts as recorded under any URN it had.
            const former = formerUrns(plan);
            const unrecorded = plannedUrns(plan).filter((urn) => !(former.get(urn) ?? [urn]).some((known) => committed.includes(known)));
            assert.deepEqual(
                { lost, unrecorded },
                { lost: [], unrecorded: [] },
                `URNs changed in stack ${stack}. A lost URN is a resource every live site would delete: keep it with aliases, ` +
                    `or, if the change is meant, run npm run test:urns:update and say why in the commit.`,
            );
        });
    }

    it("names resources as the engine does: every ancestor's type, below the stack", async () => {
        const plan = await planStack("local");
        assert.equal(
            resource(plan, types.deployment, "orthanc").urn,
            "urn:pulumi:local::imaging-platform::imaging:platform:Platform$imaging:orthanc:Orthanc$kubernetes:apps/v1:Deployment::orthanc",
        );
        assert.equal(resource(plan, "imaging:platform:Platform", "platform").urn, "urn:pulumi:local::imaging-platform::imaging:platform:Platform::platform");
        for (const r of plan.resources) {
            if (r.parent) {
                assert.ok(plan.resources.some((p) => p.urn === r.parent) || r.parent.includes("pulumi:pulumi:Stack"), `${r.urn}: its parent ${r.parent} is not in the plan`);
            }
        }
    });
});

describe("aliases in the plan", () => {
    class Leaf extends pulumi.CustomResource {
        constructor(type: string, name: string, opts: pulumi.CustomResourceOptions) {
            super(type, name, {}, opts);
        }
    }
    // A component renamed from test:old:Store to test:new:Store, one child renamed
    // too, both keeping their former URNs with aliases.
    class Store extends pulumi.ComponentResource {
        constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
            super("test:new:Store", name, {}, { ...opts, aliases: [{ type: "test:old:Store" }] });
            new Leaf("test:index:Volume", "data", { parent: this, aliases: [{ name: "volume" }] });
            new Leaf("test:index:Key", "key", { parent: this });
            this.registerOutputs({});
        }
    }
    let plan: Plan;
    before(async () => {
        plan = await evaluateProgram({ project: "aliases", stack: "test", stackConfig: { config: {}, secretKeys: [] } }, () => new Store("archive"));
    });

    it("records the former URN each alias names", () => {
        const store = plan.resources.find((r) => r.type === "test:new:Store");
        assert.deepEqual(store?.aliases, ["urn:pulumi:test::aliases::test:old:Store::archive"]);
        assert.equal(resourceUrn({ stack: "test", project: "aliases", parent: "", type: "test:old:Store", name: "archive" }), store?.aliases?.[0]);
    });

    it("adopts the children's former URNs through the renamed parent, so nothing is replaced", () => {
        const adoptable = adoptableUrns(plan);
        const before = [
            "urn:pulumi:test::aliases::test:old:Store::archive",
            "urn:pulumi:test::aliases::test:old:Store$test:index:Volume::volume",
            "urn:pulumi:test::aliases::test:old:Store$test:index:Key::key",
        ];
        assert.deepEqual(before.filter((urn) => !adoptable.has(urn)), []);
        assert.ok(!adoptable.has("urn:pulumi:test::aliases::test:old:Store$test:index:Volume::scratch"), "no name the program never had");
        assert.ok(!adoptable.has("urn:pulumi:test::aliases::test:other:Store$test:index:Key::key"), "no parent the program never had");
    });
});
