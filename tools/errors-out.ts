// How the commands under tools/ report what the user can fix: one line per
// problem on stderr, no stack trace, and the exit code the caller chose.
import * as pulumi from "@pulumi/pulumi";
import { UsageError } from "./plan/arguments";
export function fail(code: number, ...lines: string[]): number {
    for (const line of lines) {
        console.error(`error: ${line}`);
    }
    return code;
}

const usageExit = 2;
const problemExit = 1;

/**
 * Runs a command's main and exits with its code. A usage mistake prints the
 * message and the usage (exit 2); a problem the command knows (`problems` turns
 * its error into lines) or a RunError the program raises on purpose prints those
 * lines (exit 1); anything else is a bug, and its stack trace is for us (exit 1).
 */
export function runCommand(
    main: () => Promise<number>,
    options: { usage: string; problems?: (error: unknown) => string[] | undefined },
): void {
    main().then(
        (code) => process.exit(code),
        (error: unknown) => {
            if (error instanceof UsageError) {
                console.error(`error: ${error.message}\n${options.usage}`);
                process.exit(usageExit);
            }
            const known = options.problems?.(error);
            if (known !== undefined) {
                process.exit(fail(problemExit, ...known));
            }
            const message = error instanceof Error && pulumi.RunError.isInstance(error) ? error.message : String((error as Error)?.stack ?? error);
            process.exit(fail(problemExit, message));
        },
    );
}
