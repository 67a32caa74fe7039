// Reads a plan directory as `npm run plan`, `npm run parity` and `npm run
// plan:base` write it: <dir>/<stack>/resources.json, outputs.json and, from plans
// that read a stack file, secret-digests.json. Every subdirectory is a stack.
import * as fs from "fs";
import * as path from "path";
import { secretDigestsFile } from "../plan/artifacts";
import type { Plan } from "../plan/evaluate";
import { isPlannedResource } from "../parity/plans";

/** A plan directory that cannot be read: one line per problem, each naming the file and the command that writes it. */
export class PlanDirError extends Error {
    readonly problems: string[];
    constructor(...problems: string[]) {
        super(problems.join("\n"));
        this.name = "PlanDirError";
        this.problems = problems;
    }
}

export interface PlanDir {
    /** The directory as the user named it, for messages. */
    shownAs: string;
    directory: string;
    /** The command that fills this directory, named in a message when it is missing or broken. */
    writtenBy: string;
}

export function readPlanDir(source: PlanDir, project: string): Map<string, Plan> {
    const { shownAs, directory, writtenBy } = source;
    if (!fs.existsSync(directory) || !fs.statSync(directory).isDirectory()) {
        throw new PlanDirError(`${shownAs}: no such plan directory: run \`${writtenBy}\` first`);
    }
    const stacks = fs
        .readdirSync(directory, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
    if (stacks.length === 0) {
        throw new PlanDirError(`${shownAs}: holds no plans (expected <stack>/resources.json): run \`${writtenBy}\` first`);
    }
    const problems: string[] = [];
    const plans = new Map<string, Plan>();
    for (const stack of stacks) {
        const shown = (file: string) => path.join(shownAs, stack, file);
        const file = (name: string) => path.join(directory, stack, name);
        try {
            if (!fs.existsSync(file("resources.json"))) {
                throw new PlanDirError(`${shown("resources.json")}: no such file: run \`npm run plan -- ${stack}\` (or \`${writtenBy}\`)`);
            }
            const resources = readJson(file("resources.json"), shown("resources.json"));
            if (!Array.isArray(resources) || !resources.every(isPlannedResource)) {
                throw new PlanDirError(`${shown("resources.json")}: expected the list of resources \`npm run plan\` writes`);
            }
            const outputs = fs.existsSync(file("outputs.json")) ? readJson(file("outputs.json"), shown("outputs.json")) : {};
            const digests = fs.existsSync(file(secretDigestsFile)) ? readJson(file(secretDigestsFile), shown(secretDigestsFile)) : undefined;
            plans.set(stack, {
                project,
                stack,
                resources,
                outputs: outputs as Record<string, unknown>,
                ...(digests !== undefined ? { secretDigests: digests as Record<string, string> } : {}),
            });
        } catch (error) {
            if (!(error instanceof PlanDirError)) {
                throw error;
            }
            problems.push(...error.problems);
        }
    }
    if (problems.length > 0) {
        throw new PlanDirError(...problems);
    }
    return plans;
}

function readJson(file: string, shownAs: string): unknown {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
        throw new PlanDirError(`${shownAs}: ${(error as Error).message}`);
    }
}
