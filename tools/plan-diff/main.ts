// `npm run plan:diff -- <base-plan-dir> <head-plan-dir>`: the credential-free
// review of a pull request. Compares the plans of every stack on the base and on
// the head and prints one report, as Markdown for the pull request's comment or
// as text for a terminal.
//
// Differences are what it reports, not errors: exit 0 when it could compare, 1
// when a plan directory is missing or unreadable (the message names the command
// that writes it), 2 for the command line.
import * as path from "path";
import { projectName } from "../project";
import { fail } from "../errors-out";
import { UsageError, parseArguments, usage } from "./arguments";
import { markdownReport } from "./markdown";
import { PlanDirError, readPlanDir } from "./read";
import { comparePlans } from "./report";
import { textReport } from "./text";

const usageExit = 2;
const problemExit = 1;

function main(argv: string[]): number {
    const args = parseArguments(argv);
    if (args.help) {
        console.log(usage);
        return 0;
    }
    const project = projectName();
    const problems: string[] = [];
    const read = (shownAs: string, writtenBy: string) => {
        try {
            return { shownAs, plans: readPlanDir({ shownAs, directory: path.resolve(shownAs), writtenBy }, project) };
        } catch (error) {
            if (error instanceof PlanDirError) {
                problems.push(...error.problems);
                return undefined;
            }
            throw error;
        }
    };
    const base = read(args.base, `npm run plan:base -- --out ${args.base}`);
    const head = read(args.head, `npm run parity -- --plan-dir ${args.head}`);
    if (base === undefined || head === undefined) {
        return fail(problemExit, ...problems);
    }
    const report = comparePlans(base, head);
    process.stdout.write(args.format === "markdown" ? markdownReport(report) : textReport(report));
    return 0;
}

try {
    process.exitCode = main(process.argv.slice(2));
} catch (error) {
    if (error instanceof UsageError) {
        console.error(`error: ${error.message}\n${usage}`);
        process.exitCode = usageExit;
    } else {
        // Anything else is a bug, and its stack trace is for us.
        console.error(`error: ${String((error as Error)?.stack ?? error)}`);
        process.exitCode = problemExit;
    }
}
