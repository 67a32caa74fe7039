// The plan's command line: `<stack> [--stack-file <file> | --stack-file=<file>]`.
// A mistake is a UsageError naming what is wrong; main prints it and the usage.

export const usage = [
    "usage: npm run plan -- <stack> [--stack-file <file>]",
    "  reads Pulumi.<stack>.yaml (or <file>, e.g. a proposed change) and writes .plan/<stack>/",
].join("\n");

export type PlanArguments = { help: true } | { help: false; stack: string; stackFile?: string };

export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export function parseArguments(argv: readonly string[]): PlanArguments {
    let stack: string | undefined;
    let stackFile: string | undefined;
    for (let index = 0; index < argv.length; index++) {
        const argument = argv[index];
        if (argument === "--help" || argument === "-h") {
            return { help: true };
        }
        if (argument === "--stack-file" || argument.startsWith("--stack-file=")) {
            const value = argument === "--stack-file" ? argv[++index] : argument.slice("--stack-file=".length);
            if (value === undefined || value === "") {
                throw new UsageError("--stack-file needs a file");
            }
            if (stackFile !== undefined) {
                throw new UsageError(`--stack-file given twice (${stackFile} and ${value})`);
            }
            stackFile = value;
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
    return { help: false, stack, ...(stackFile !== undefined ? { stackFile } : {}) };
}
