// The plan:base command line: `[<stack>...] [--ref <git-ref>] [--out <dir>]`.
// A mistake is a UsageError naming what is wrong; main prints it and the usage.
import { UsageError } from "../plan/arguments";

export { UsageError };

export const defaultOut = ".plan-base";

export const usage = [
    "usage: npm run plan:base -- [<stack>...] [--ref <git-ref>] [--out <dir>]",
    "  plans every committed stack (or these) at the merge-base of HEAD with <git-ref>, in a temporary",
    "  git worktree, and writes the plans to <dir>/<stack>/ for `npm run plan:diff -- <dir> <head-plan-dir>`",
    "  --ref  the branch the change goes into (default: origin/main, else main)",
    `  --out  where the plans go (default: ${defaultOut})`,
    "  exit 0: planned; 1: no such ref, no common ancestor, or a stack that cannot be planned; 2: usage",
].join("\n");

export type PlanBaseArguments = { help: true } | { help: false; stacks: string[]; ref?: string; out: string };

export function parseArguments(argv: readonly string[]): PlanBaseArguments {
    const stacks: string[] = [];
    const values: { ref?: string; out?: string } = {};
    for (let index = 0; index < argv.length; index++) {
        const argument = argv[index];
        if (argument === "--help" || argument === "-h") {
            return { help: true };
        }
        const option = /^--(ref|out)(=.*)?$/.exec(argument);
        if (option) {
            const name = option[1] as "ref" | "out";
            const value = option[2] !== undefined ? option[2].slice(1) : argv[++index];
            if (value === undefined || value === "") {
                throw new UsageError(`--${name} needs ${name === "ref" ? "a git ref" : "a directory"}`);
            }
            if (values[name] !== undefined) {
                throw new UsageError(`--${name} given twice (${values[name]} and ${value})`);
            }
            values[name] = value;
        } else if (argument.startsWith("-")) {
            throw new UsageError(`unknown option ${argument}`);
        } else if (stacks.includes(argument)) {
            throw new UsageError(`stack ${argument} given twice`);
        } else {
            stacks.push(argument);
        }
    }
    return { help: false, stacks, ...(values.ref !== undefined ? { ref: values.ref } : {}), out: values.out ?? defaultOut };
}
