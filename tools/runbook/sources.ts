// Where the runbook's stack outputs come from, in the order the user can trust
// them: a file they named, the deployed stack (`pulumi stack output`), or the
// credential-free plan. Each source says what it was, for the one stderr line.
import "../plan/defer-closure-modules";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { siteConfigProblems } from "../../stacks/config/errors";
import { evaluateStack } from "../plan/evaluate";
import { unknownValue } from "../plan/masking";
import { StackFileError, readStackFile, stackFilePath, stackNames } from "../plan/stack-file";
import { projectDir, projectName } from "../project";

/** Stack outputs as `pulumi stack output --json --show-secrets=false` prints them, and what they came from. */
export interface OutputsSource {
    kind: "pulumi" | "file" | "plan";
    /** One line for stderr: which source was used, and why when it was a fallback. */
    description: string;
    outputs: Record<string, unknown>;
}

/** A problem the user can fix (a bad file, a stack that does not plan): one line per problem. */
export class SourceError extends Error {
    constructor(readonly lines: string[]) {
        super(lines.join("\n"));
        this.name = "SourceError";
    }
}

export async function readOutputs(stack: string, outputsFile?: string): Promise<OutputsSource> {
    if (outputsFile !== undefined) {
        return fromFile(outputsFile);
    }
    const deployed = fromPulumi(stack);
    if ("outputs" in deployed) {
        return deployed;
    }
    return fromPlan(stack, deployed.whyNot);
}

function fromFile(file: string): OutputsSource {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new SourceError([`--outputs ${file}: no such file`]);
    }
    let outputs: unknown;
    try {
        outputs = JSON.parse(text);
    } catch (error) {
        throw new SourceError([`--outputs ${file}: not JSON (${(error as Error).message})`]);
    }
    if (outputs === null || typeof outputs !== "object" || Array.isArray(outputs)) {
        throw new SourceError([`--outputs ${file}: expected the JSON object \`pulumi stack output --json\` prints`]);
    }
    return { kind: "file", description: `outputs from ${file}`, outputs: outputs as Record<string, unknown> };
}

// The deployed stack's outputs, or why there are none (no CLI, no deployment).
function fromPulumi(stack: string): OutputsSource | { whyNot: string } {
    if (!onPath("pulumi")) {
        return { whyNot: "the pulumi CLI is not on PATH" };
    }
    const command = ["stack", "output", "--json", "--show-secrets=false", "-s", stack];
    const result = spawnSync("pulumi", command, { cwd: projectDir, encoding: "utf8", timeout: 120000 });
    const shown = `pulumi ${command.join(" ")}`;
    if (result.status !== 0) {
        const reason = (result.stderr || result.error?.message || "failed").trim().split("\n")[0];
        return { whyNot: `${shown}: ${reason}` };
    }
    let outputs: unknown;
    try {
        outputs = JSON.parse(result.stdout);
    } catch {
        return { whyNot: `${shown} printed no JSON` };
    }
    // A stack that exists but was never deployed has no outputs at all.
    if (outputs === null || typeof outputs !== "object" || Object.keys(outputs).length === 0) {
        return { whyNot: `stack ${stack} has no outputs (not deployed)` };
    }
    return { kind: "pulumi", description: `outputs from ${shown}`, outputs: outputs as Record<string, unknown> };
}

function onPath(program: string): boolean {
    return (process.env.PATH ?? "")
        .split(path.delimiter)
        .filter((dir) => dir !== "")
        .some((dir) => {
            try {
                fs.accessSync(path.join(dir, program), fs.constants.X_OK);
                return true;
            } catch {
                return false;
            }
        });
}

async function fromPlan(stack: string, whyNotDeployed: string): Promise<OutputsSource> {
    const outputs = await plannedOutputs(stack);
    return { kind: "plan", description: `outputs from the plan of ${path.basename(stackFilePath(projectDir, stack))} (${whyNotDeployed})`, outputs };
}

/** The outputs `pulumi up` would give the stack, as the plan knows them: secrets masked, certificates not yet known. */
export async function plannedOutputs(stack: string): Promise<Record<string, unknown>> {
    const file = stackFilePath(projectDir, stack);
    if (!fs.existsSync(file)) {
        throw new SourceError([`no stack ${stack}: ${file} does not exist (stacks: ${stackNames(projectDir).join(", ") || "none"})`]);
    }
    // Pulumi runs the program from the project directory; so does the plan.
    process.chdir(projectDir);
    const shownAs = path.basename(file);
    try {
        const project = projectName();
        const plan = await evaluateStack({ projectDir, project, stack, stackConfig: readStackFile(file, project, shownAs) });
        return withoutStandIns(plan.outputs) as Record<string, unknown>;
    } catch (error) {
        if (error instanceof StackFileError) {
            throw new SourceError([error.message]);
        }
        const problems = siteConfigProblems(error);
        if (problems !== undefined) {
            throw new SourceError(problems.map((problem) => `${shownAs}: ${problem}`));
        }
        throw error;
    }
}

// The plan gives certificates a stand-in body (tools/plan/evaluate.ts): the real
// one exists only after `pulumi up`, so the runbook must say so, not print it.
function withoutStandIns(value: unknown): unknown {
    if (typeof value === "string") {
        return value.includes("\nplan-certificate-") ? unknownValue : value;
    }
    if (Array.isArray(value)) {
        return value.map(withoutStandIns);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withoutStandIns(inner)]));
    }
    return value;
}
