// The kubeconfig output is secret on every committed stack: a built cluster's may
// carry a client key, and the output is the same on every site.
import { strict as assert } from "assert";
import { committedStacks, planStack } from "./support/plan";

describe("the kubeconfig stack output", function () {
    this.timeout(120000);
    for (const stack of committedStacks()) {
        it(`is secret on ${stack}`, async () => {
            const plan = await planStack(stack);
            assert.equal(plan.outputs.kubeconfig, "[secret]");
        });
    }
});
