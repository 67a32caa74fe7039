// Runs the external programs the conformance test and the benchmark drive
// (openssl, PostgreSQL, dcmtk), collecting their output so a failure can show it.
import { spawn, type ChildProcess, type SpawnOptions } from "child_process";
import { currentUser } from "./server-account";

export interface CommandResult {
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
}

export interface RunOptions {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
}

export function run(command: string, args: string[], options: RunOptions = {}): Promise<CommandResult> {
    // No stdin: a program that exits early must not leave a write to a closed pipe behind.
    const spawnOptions: SpawnOptions = { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] };
    return exitOf(spawn(command, args, spawnOptions));
}

// The output and exit of a child started elsewhere (e.g. a store to interrupt).
export function exitOf(child: ChildProcess): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("error", reject);
        child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    });
}

// For steps that must work: a non-zero exit becomes an error carrying the output.
export async function runChecked(command: string, args: string[], options: RunOptions = {}): Promise<CommandResult> {
    const result = await run(command, args, options);
    if (result.code !== 0) {
        throw new Error(`${commandLine(command, args)} failed (${result.signal ?? `exit ${result.code}`}):\n${result.stdout}${result.stderr}`);
    }
    return result;
}

// A command under another account (see server-account.ts), or as is when that
// account is the caller's own. runuser keeps the caller's environment apart from
// HOME/SHELL/USER/LOGNAME.
export function asUser(user: string, command: string, args: string[]): [string, string[]] {
    return user === currentUser() ? [command, args] : ["runuser", ["-u", user, "--", command, ...args]];
}

export function commandLine(command: string, args: string[]): string {
    return [command, ...args].join(" ");
}
