// Rewrites test/urns/<stack>.txt from the plan of every committed stack. Run it
// only for a change of URNs that is meant (see CONTRIBUTING.md, "URNs"):
//   npm run test:urns:update
import { committedStacks, planStack } from "../support/plan";
import { urnListFile, writeUrnList } from "../support/urns";

async function main(): Promise<void> {
    for (const stack of committedStacks()) {
        const plan = await planStack(stack);
        writeUrnList(plan);
        console.log(`${urnListFile(stack)}: ${plan.resources.length} URNs`);
    }
}

main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
});
