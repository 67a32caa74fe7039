// How the commands under tools/ report what the user can fix: one line per
// problem on stderr, no stack trace, and the exit code the caller chose.
export function fail(code: number, ...lines: string[]): number {
    for (const line of lines) {
        console.error(`error: ${line}`);
    }
    return code;
}
