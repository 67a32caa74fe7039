// `npm run ci:sites -- [--skip <stack>]...`: the sites the pull-request preview
// and the deploy on merge run for, as the JSON list their job matrix reads.
//
// What the user can fix is one line on stderr: exit 2 for the command line,
// 1 for a stack file that names no site kind.
import { StackFileError } from "../plan/stack-file";
import { fail } from "../errors-out";
import { projectDir, projectName } from "../project";
import { ciSites } from "./sites";

const usage = [
    "usage: npm run ci:sites -- [--skip <stack>]...",
    "  prints the JSON list [{stack, kind, runner}] of every stack file but the skipped ones",
].join("\n");

function main(argv: string[]): number {
    const skip: string[] = [];
    for (let index = 0; index < argv.length; index++) {
        const argument = argv[index];
        if (argument === "--help" || argument === "-h") {
            console.log(usage);
            return 0;
        }
        if (argument !== "--skip" || argv[index + 1] === undefined) {
            console.error(`error: ${argument === "--skip" ? "--skip needs a stack" : `unknown argument ${argument}`}\n${usage}`);
            return 2;
        }
        // A comma-separated list, as a repository variable holds it.
        skip.push(...argv[++index].split(",").map((stack) => stack.trim()).filter((stack) => stack !== ""));
    }
    try {
        console.log(JSON.stringify(ciSites(projectDir, projectName(), skip)));
        return 0;
    } catch (error) {
        if (error instanceof StackFileError) {
            return fail(1, error.message);
        }
        throw error;
    }
}

process.exit(main(process.argv.slice(2)));
