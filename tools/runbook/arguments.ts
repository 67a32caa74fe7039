// The runbook's command line: `<stack> [--outputs <file>] [--out <file>]`, each
// option also as --option=<value>. A mistake is a UsageError naming what is wrong.
import { UsageError } from "../plan/arguments";

export { UsageError };

export const usage = [
    "usage: npm run runbook -- <stack> [--outputs <file.json>] [--out <file>]",
    "  writes RUNBOOK-<stack>.md (or <file>) from the stack's outputs: `pulumi stack output`",
    "  when the pulumi CLI and a deployed stack are there, else <file.json>, else the plan",
].join("\n");

export type RunbookArguments = { help: true } | { help: false; stack: string; outputsFile?: string; out?: string };

const options = { "--outputs": "outputsFile", "--out": "out" } as const;
type OptionKey = (typeof options)[keyof typeof options];

export function parseArguments(argv: readonly string[]): RunbookArguments {
    let stack: string | undefined;
    const values: Partial<Record<OptionKey, string>> = {};
    for (let index = 0; index < argv.length; index++) {
        const argument = argv[index];
        if (argument === "--help" || argument === "-h") {
            return { help: true };
        }
        const [flag, inline] = argument.startsWith("--") && argument.includes("=") ? [argument.slice(0, argument.indexOf("=")), argument.slice(argument.indexOf("=") + 1)] : [argument, undefined];
        if (flag in options) {
            const key = options[flag as keyof typeof options];
            const value = inline ?? argv[++index];
            if (value === undefined || value === "") {
                throw new UsageError(`${flag} needs a file`);
            }
            if (values[key] !== undefined) {
                throw new UsageError(`${flag} given twice (${values[key]} and ${value})`);
            }
            values[key] = value;
        } else if (argument.startsWith("-")) {
            throw new UsageError(`unknown option ${argument}`);
        } else if (stack === undefined) {
            stack = argument;
        } else {
            throw new UsageError(`unexpected argument ${argument} (the stack is ${stack})`);
        }
    }
    if (stack === undefined) {
        throw new UsageError("missing the stack name");
    }
    return { help: false, stack, ...values };
}
