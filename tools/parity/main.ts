// `npm run parity -- [stacks...]`: every site runs the same platform. Plans each
// stack (or reads the plans `npm run plan` wrote, with --no-plan) and compares the
// platform layer across the sites; a difference that is not a declared site knob
// (knobs.ts) fails.
//
// What the user can fix is one line on stderr without a stack trace: exit 2 for
// the command line, 1 for a difference, a configuration or a plan that is missing.
import "../plan/defer-closure-modules";
import * as path from "path";
import { StackFileError, stackNames } from "../plan/stack-file";
import { projectDir, projectName } from "../project";
import { parseArguments, usage } from "./arguments";
import { compareSites } from "./compare";
import { siteKnobs } from "./knobs";
import { PlatformNotFoundError } from "./platform-objects";
import { PlanSourceError, missingStackFiles, planStacks, readPlans } from "./plans";
import { formatDifferences, summaryLine } from "./report";
import { fail, runCommand } from "../errors-out";

const usageExit = 2;
const problemExit = 1;

async function main(argv: string[]): Promise<number> {
    const args = parseArguments(argv);
    if (args.help) {
        console.log(usage);
        return 0;
    }
    const committed = stackNames(projectDir);
    const stacks = args.stacks.length > 0 ? args.stacks : committed;
    if (stacks.length === 0) {
        return fail(usageExit, `no stacks: ${projectDir} has no Pulumi.<stack>.yaml and none were named`);
    }
    const shownDir = args.planDir ?? ".plan";
    const source = { projectDir, project: projectName(), planDir: args.planDir !== undefined ? path.resolve(args.planDir) : path.join(projectDir, ".plan") };
    let plans;
    if (args.plan) {
        const missing = missingStackFiles(stacks, projectDir);
        if (missing.length > 0) {
            return fail(usageExit, ...missing.map((stack) => `no stack ${stack}: Pulumi.${stack}.yaml does not exist (stacks: ${committed.join(", ") || "none"})`));
        }
        // Pulumi runs the program from the project directory; relative paths in the
        // configuration (existing.kubeconfig) must mean the same here.
        process.chdir(projectDir);
        plans = await planStacks(stacks, source);
    } else {
        plans = readPlans(stacks, source, shownDir);
    }

    const result = compareSites(plans, siteKnobs);
    if (args.showAllowed && result.allowed.length > 0) {
        console.log(["differences the site knobs allow:", ...formatDifferences(result.allowed, result.stacks, true)].join("\n"));
    }
    if (result.undeclared.length > 0) {
        console.log(["differences outside the site knobs:", ...formatDifferences(result.undeclared, result.stacks)].join("\n"));
    }
    if (args.plan) {
        console.log(`wrote the plans to ${stacks.map((stack) => `${path.join(shownDir, stack)}/`).join(", ")} (reuse them with --no-plan)`);
    }
    if (result.undeclared.length > 0) {
        return fail(problemExit, summaryLine(result));
    }
    console.log(summaryLine(result));
    return 0;
}


runCommand(() => main(process.argv.slice(2)), {
    usage,
    problems: (error) =>
        error instanceof PlanSourceError
            ? error.problems
            : error instanceof StackFileError || error instanceof PlatformNotFoundError
              ? [error.message]
              : undefined,
});
