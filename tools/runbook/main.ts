// `npm run runbook -- <stack> [--outputs <file.json>] [--out <file>]`: the site's
// runbook, RUNBOOK-<stack>.md, from its stack outputs (deployed, saved, or planned).
//
// Problems the user can fix are one line each on stderr: exit 2 for the command
// line, 1 for the outputs or the configuration.
import "../plan/defer-closure-modules";
import * as fs from "fs";
import * as path from "path";
import { fail, runCommand } from "../errors-out";
import { projectDir } from "../project";
import { parseArguments, usage } from "./arguments";
import { renderRunbook } from "./render";
import { SourceError, readOutputs } from "./sources";
import { OutputsError, runbookValues } from "./values";

const problemExit = 1;

async function main(argv: string[]): Promise<number> {
    const args = parseArguments(argv);
    if (args.help) {
        console.log(usage);
        return 0;
    }
    // Relative paths mean what they meant where the user typed them, whatever the plan does to the cwd.
    const outputsFile = args.outputsFile !== undefined ? path.resolve(args.outputsFile) : undefined;
    const out = path.resolve(args.out ?? path.join(projectDir, `RUNBOOK-${args.stack}.md`));
    try {
        const source = await readOutputs(args.stack, outputsFile);
        console.error(`runbook: ${source.kind === "file" ? `outputs from ${args.outputsFile}` : source.description}`);
        const values = runbookValues(source.outputs);
        fs.writeFileSync(out, renderRunbook(args.stack, values, source));
    } catch (error) {
        if (error instanceof SourceError || error instanceof OutputsError) {
            return fail(problemExit, ...error.lines);
        }
        throw error;
    }
    console.log(`wrote ${path.relative(process.cwd(), out) || out}`);
    return 0;
}

runCommand(() => main(process.argv.slice(2)), { usage });
