// Where parity's plans come from: planned now (and written where `npm run plan`
// writes them, so that `--no-plan` can reuse them), or read back from a plan
// directory that CI filled once.
import * as fs from "fs";
import * as path from "path";
import { siteConfigProblems } from "../../stacks/config/errors";
import { writePlan } from "../plan/artifacts";
import { evaluateStack, type Plan, type PlannedResource } from "../plan/evaluate";
import { readStackConfig, stackFilePath } from "../plan/stack-file";

/** A plan that cannot be had: one line per problem, each naming the stack or its file. */
export class PlanSourceError extends Error {
    readonly problems: string[];
    constructor(...problems: string[]) {
        super(problems.join("\n"));
        this.name = "PlanSourceError";
        this.problems = problems;
    }
}

export interface PlanSource {
    projectDir: string;
    project: string;
    planDir: string;
}

// Plans each stack in turn (the mocks are process-wide: one evaluation at a time)
// and writes it to <planDir>/<stack>/.
export async function planStacks(stacks: readonly string[], source: PlanSource): Promise<Plan[]> {
    const plans: Plan[] = [];
    for (const stack of stacks) {
        const stackConfig = readStackConfig(source.projectDir, stack, source.project);
        let plan: Plan;
        try {
            plan = await evaluateStack({ projectDir: source.projectDir, project: source.project, stack, stackConfig });
        } catch (error) {
            // The program's own messages name the key; say which stack file it is in.
            const problems = siteConfigProblems(error);
            if (problems !== undefined) {
                throw new PlanSourceError(...problems.map((problem) => `${path.basename(stackFilePath(source.projectDir, stack))}: ${problem}`));
            }
            throw error;
        }
        writePlan(plan, path.join(source.planDir, stack));
        plans.push(plan);
    }
    return plans;
}

export function missingStackFiles(stacks: readonly string[], projectDir: string): string[] {
    return stacks.filter((stack) => !fs.existsSync(stackFilePath(projectDir, stack)));
}

// Reads <planDir>/<stack>/resources.json (and outputs.json) as `npm run plan` wrote them.
export function readPlans(stacks: readonly string[], source: PlanSource, shownDir: string): Plan[] {
    return stacks.map((stack) => {
        const directory = path.join(source.planDir, stack);
        const resourcesFile = path.join(directory, "resources.json");
        if (!fs.existsSync(resourcesFile)) {
            throw new PlanSourceError(
                `no plan of stack ${stack} in ${path.join(shownDir, stack)}/: run \`npm run plan -- ${stack}\` first, or leave out --no-plan`,
            );
        }
        const resources = readJson(resourcesFile, path.join(shownDir, stack, "resources.json"));
        if (!Array.isArray(resources) || !resources.every(isPlannedResource)) {
            throw new PlanSourceError(`${path.join(shownDir, stack, "resources.json")}: expected the list of resources \`npm run plan\` writes`);
        }
        const outputsFile = path.join(directory, "outputs.json");
        const outputs = fs.existsSync(outputsFile) ? readJson(outputsFile, path.join(shownDir, stack, "outputs.json")) : {};
        return { project: source.project, stack, resources, outputs: outputs as Record<string, unknown> };
    });
}

function readJson(file: string, shownAs: string): unknown {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new PlanSourceError(`${shownAs}: ${(error as Error).message}`);
    }
}

export function isPlannedResource(value: unknown): value is PlannedResource {
    const resource = value as Partial<PlannedResource> | null;
    return (
        resource !== null &&
        typeof resource === "object" &&
        typeof resource.urn === "string" &&
        typeof resource.type === "string" &&
        typeof resource.name === "string" &&
        Array.isArray(resource.dependencies) &&
        typeof resource.inputs === "object"
    );
}
