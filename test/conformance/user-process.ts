// A server run under its account (see server-account.ts), kept as the test's
// descendant so it is reaped when it exits (a daemonized server would be left to
// PID 1, which in a container may never reap it). Under another account runuser
// stays as the server's parent: the server is found among runuser's children
// and signalled by its own PID. Under the test's own account it is the child.
import * as fs from "fs";
import { spawn, type ChildProcess } from "child_process";
import { childPids, stopProcess, type StopOutcome } from "./process-control";
import { asUser } from "./run-command";
import { sleep } from "./wait";

// Servers still running. If the test process dies without its teardown (an
// uncaught exception, process.exit), they are killed on the way out: the
// orderly stop is the teardown's, this is only the last resort.
const running = new Set<number>();
process.on("exit", () => {
    for (const pid of running) {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            // Already gone.
        }
    }
});

export interface UserProcessOptions {
    cwd: string;
    // The whole environment of the server, apart from PATH.
    env: Record<string, string>;
    // stdout and stderr, appended.
    logFile: string;
}

export class UserProcess {
    private constructor(
        readonly pid: number,
        private readonly childExited: Promise<void>,
    ) {}

    static async start(user: string, command: string, args: string[], options: UserProcessOptions): Promise<UserProcess> {
        const log = fs.openSync(options.logFile, "a");
        const [program, programArgs] = asUser(user, command, args);
        const child = spawn(program, programArgs, {
            cwd: options.cwd,
            env: { PATH: process.env.PATH, ...options.env },
            stdio: ["ignore", log, log],
        });
        fs.closeSync(log);
        const childExited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        const pid = program === command ? await startedPid(child, command) : await serverChildOf(child, command);
        running.add(pid);
        return new UserProcess(pid, childExited);
    }

    async stop(signal: NodeJS.Signals, graceMs: number): Promise<StopOutcome> {
        const outcome = await stopProcess(this.pid, signal, graceMs);
        running.delete(this.pid);
        await this.childExited;
        return outcome;
    }
}

function startedPid(child: ChildProcess, command: string): Promise<number> {
    return new Promise((resolve, reject) => {
        child.once("spawn", () => resolve(child.pid as number));
        child.once("error", (error) => reject(new Error(`could not start ${command}: ${error.message}`)));
    });
}

async function serverChildOf(runuser: ChildProcess, command: string): Promise<number> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && runuser.pid !== undefined && runuser.exitCode === null) {
        const [child] = childPids(runuser.pid);
        if (child !== undefined) {
            return child;
        }
        await sleep(20);
    }
    runuser.kill("SIGKILL");
    throw new Error(`runuser did not start ${command} (exit ${runuser.exitCode})`);
}
