// The plan:diff command line: `<base-plan-dir> <head-plan-dir> [--format markdown|text] [--markdown]`.
// A mistake is a UsageError naming what is wrong; main prints it and the usage.
import { UsageError } from "../plan/arguments";

export { UsageError };

export const usage = [
    "usage: npm run plan:diff -- <base-plan-dir> <head-plan-dir> [--format text|markdown] [--markdown]",
    "  compares the plans in <base-plan-dir>/<stack>/ and <head-plan-dir>/<stack>/ (as `npm run plan`,",
    "  `npm run parity` and `npm run plan:base` write them) for every stack in either, and prints one report:",
    "  per site the resources added, removed and changed, version bumps, secrets changed or not, and the",
    "  parity of the head plans",
    "  --format    text (default: a summary for a terminal) or markdown (a pull-request comment)",
    "  --markdown  the same as --format markdown",
    "  exit 0: compared (differences are not errors); 1: a plan directory is missing or unreadable; 2: usage",
].join("\n");

export type Format = "text" | "markdown";

export type PlanDiffArguments = { help: true } | { help: false; base: string; head: string; format: Format };

export function parseArguments(argv: readonly string[]): PlanDiffArguments {
    const directories: string[] = [];
    let format: Format | undefined;
    const setFormat = (value: string | undefined) => {
        if (value !== "text" && value !== "markdown") {
            throw new UsageError(`--format needs text or markdown${value ? ` (not ${value})` : ""}`);
        }
        if (format !== undefined && format !== value) {
            throw new UsageError(`two formats given (${format} and ${value})`);
        }
        format = value;
    };
    for (let index = 0; index < argv.length; index++) {
        const argument = argv[index];
        if (argument === "--help" || argument === "-h") {
            return { help: true };
        }
        if (argument === "--markdown") {
            setFormat("markdown");
        } else if (argument === "--format") {
            setFormat(argv[++index]);
        } else if (argument.startsWith("--format=")) {
            setFormat(argument.slice("--format=".length));
        } else if (argument.startsWith("-")) {
            throw new UsageError(`unknown option ${argument}`);
        } else {
            directories.push(argument);
        }
    }
    if (directories.length !== 2) {
        throw new UsageError(
            directories.length < 2
                ? `missing the ${directories.length === 0 ? "base and head plan directories" : "head plan directory"}`
                : `expected two plan directories, got ${directories.length} (${directories.join(", ")})`,
        );
    }
    return { help: false, base: directories[0], head: directories[1], format: format ?? "text" };
}
