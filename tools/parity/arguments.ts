// The parity command line: `[stacks...] [--no-plan] [--plan-dir <dir>] [--show-allowed]`.
// A mistake is a UsageError naming what is wrong; main prints it and the usage.
import { UsageError } from "../plan/arguments";

export { UsageError };

export const usage = [
    "usage: npm run parity -- [<stack>...] [--no-plan] [--plan-dir <dir>] [--show-allowed]",
    "  plans each stack (default: every Pulumi.<stack>.yaml), writes the plans to <dir>/<stack>/",
    "  as `npm run plan` does, and compares the platform layer across the sites",
    "  --no-plan       compare the plans already in <dir>/<stack>/ (written by `npm run plan -- <stack>`)",
    "  --plan-dir      where plans are written and read (default: .plan)",
    "  --show-allowed  also list the differences the site knobs (tools/parity/knobs.ts) allow",
    "  exit 0: no difference outside the knobs; 1: a difference outside them, or a stack that cannot be planned; 2: usage",
].join("\n");

export type ParityArguments =
    | { help: true }
    | { help: false; stacks: string[]; plan: boolean; planDir?: string; showAllowed: boolean };

export function parseArguments(argv: readonly string[]): ParityArguments {
    const stacks: string[] = [];
    let plan = true;
    let planDir: string | undefined;
    let showAllowed = false;
    for (let index = 0; index < argv.length; index++) {
        const argument = argv[index];
        if (argument === "--help" || argument === "-h") {
            return { help: true };
        }
        if (argument === "--no-plan") {
            plan = false;
        } else if (argument === "--show-allowed") {
            showAllowed = true;
        } else if (argument === "--plan-dir" || argument.startsWith("--plan-dir=")) {
            const value = argument === "--plan-dir" ? argv[++index] : argument.slice("--plan-dir=".length);
            if (value === undefined || value === "") {
                throw new UsageError("--plan-dir needs a directory");
            }
            if (planDir !== undefined) {
                throw new UsageError(`--plan-dir given twice (${planDir} and ${value})`);
            }
            planDir = value;
        } else if (argument.startsWith("-")) {
            throw new UsageError(`unknown option ${argument}`);
        } else if (stacks.includes(argument)) {
            throw new UsageError(`stack ${argument} given twice`);
        } else {
            stacks.push(argument);
        }
    }
    return { help: false, stacks, plan, ...(planDir !== undefined ? { planDir } : {}), showAllowed };
}
