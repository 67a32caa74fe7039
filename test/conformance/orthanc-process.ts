// Debian's Orthanc started as user orthanc, as the container runs it (see
// server-account.ts), and considered started once its REST API answers.
import * as fs from "fs";
import { isRunning, type StopOutcome } from "./process-control";
import { orthancBinary } from "./required-tools";
import type { OrthancRest } from "./orthanc-rest";
import { serverAccount } from "./server-account";
import { UserProcess } from "./user-process";
import { sleep } from "./wait";

export interface OrthancProcessOptions {
    configFile: string;
    workingDirectory: string;
    // The container's environment (TCP_NODELAY, the audit file, ...); nothing else is passed.
    environment: Record<string, string>;
    logFile: string;
    // Authenticated client used to wait until the REST API answers.
    rest: OrthancRest;
}

// The first start creates the schema in PostgreSQL.
const startTimeoutMs = 60_000;
// Orthanc waits for open associations before it exits, and closes an idle one
// after DicomScpTimeout (30 s by default).
const defaultGraceMs = 30_000;

export class OrthancProcess {
    private constructor(
        private readonly server: UserProcess,
        private readonly logFile: string,
    ) {}

    get pid(): number {
        return this.server.pid;
    }

    static async start(options: OrthancProcessOptions): Promise<OrthancProcess> {
        const server = await UserProcess.start(serverAccount("orthanc"), orthancBinary, [options.configFile], {
            cwd: options.workingDirectory,
            env: options.environment,
            logFile: options.logFile,
        });
        const orthanc = new OrthancProcess(server, options.logFile);
        try {
            await orthanc.waitUntilServing(options.rest);
        } catch (error) {
            await orthanc.stop();
            throw error;
        }
        return orthanc;
    }

    // SIGTERM is Orthanc's orderly shutdown; the PID is gone once its database
    // lock is released. SIGKILL when the grace period ends, as Kubernetes does.
    stop(graceMs = defaultGraceMs): Promise<StopOutcome> {
        return this.server.stop("SIGTERM", graceMs);
    }

    private async waitUntilServing(rest: OrthancRest): Promise<void> {
        const deadline = Date.now() + startTimeoutMs;
        while (Date.now() < deadline) {
            if (!isRunning(this.pid)) {
                throw new Error(`Orthanc exited during start-up; its log:\n${tail(readLog(this.logFile))}`);
            }
            try {
                if ((await rest.request("GET", "/system")).status === 200) {
                    return;
                }
            } catch {
                // Not listening yet.
            }
            await sleep(100);
        }
        throw new Error(`Orthanc did not answer within ${startTimeoutMs / 1000} s; its log:\n${tail(readLog(this.logFile))}`);
    }
}

export function readLog(file: string): string {
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}

export function tail(text: string, lines = 40): string {
    return text.split("\n").slice(-lines).join("\n");
}
