// Stopping servers by PID. The servers are not always the test's own children
// (pg_ctl daemonizes PostgreSQL; Orthanc runs under runuser), so exit is observed
// through /proc, and a zombie counts as gone: it holds no port, lock or file.
import * as fs from "fs";
import { sleep } from "./wait";

export function isRunning(pid: number): boolean {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        // The state follows the parenthesised command name, which may contain spaces.
        const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
        return state !== "Z" && state !== "X";
    } catch {
        return false;
    }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (isRunning(pid)) {
        if (Date.now() > deadline) {
            return false;
        }
        await sleep(50);
    }
    return true;
}

// How a process went: on the signal it was asked with, or killed when its grace ran out.
export type StopOutcome = "exited" | "killed";

// Asks politely, then insists: the test must never leave a server behind.
export async function stopProcess(pid: number, signal: NodeJS.Signals, graceMs: number): Promise<StopOutcome> {
    signalIfRunning(pid, signal);
    if (await waitForExit(pid, graceMs)) {
        return "exited";
    }
    signalIfRunning(pid, "SIGKILL");
    if (!(await waitForExit(pid, 10_000))) {
        throw new Error(`process ${pid} survived SIGKILL`);
    }
    return "killed";
}

function signalIfRunning(pid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(pid, signal);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ESRCH") {
            throw error;
        }
    }
}

// The direct children of a process, from the kernel's own record.
export function childPids(pid: number): number[] {
    try {
        return fs
            .readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
            .trim()
            .split(/\s+/)
            .filter((text) => text !== "")
            .map(Number);
    } catch {
        return [];
    }
}
