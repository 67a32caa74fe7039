// A modality as dcmtk's echoscu and storescu play it, with or without TLS and
// client certificates.
import { spawn, type ChildProcess } from "child_process";
import { run, type CommandResult } from "./run-command";
export { exitOf } from "./run-command";

export interface DicomTarget {
    host: string;
    port: number;
    calledAeTitle: string;
}

export type ClientTls =
    | { kind: "none" }
    // TLS without a client certificate, trusting the given CA for the server.
    | { kind: "anonymous"; trustedCa: string }
    | { kind: "certificate"; key: string; certificate: string; trustedCa: string };

// What a tuned modality sets: dcmtk leaves Nagle's algorithm on unless told.
export const noDelayClientEnvironment = { TCP_NODELAY: "1" };

const callingAeTitle = "CT01";
// Seconds: a refused association must fail, not hang the test.
const timeoutSeconds = "15";

export function echo(target: DicomTarget, tls: ClientTls, environment: Record<string, string>): Promise<CommandResult> {
    return run("echoscu", associationArguments(target, tls), { env: clientEnv(environment) });
}

export function store(target: DicomTarget, tls: ClientTls, files: string[], environment: Record<string, string>): Promise<CommandResult> {
    return run("storescu", [...associationArguments(target, tls), ...files], { env: clientEnv(environment) });
}

// For when the caller must act while the association runs (the restart check, the benchmark).
export function spawnStore(target: DicomTarget, tls: ClientTls, files: string[], environment: Record<string, string>): ChildProcess {
    return spawn("storescu", [...associationArguments(target, tls), ...files], { env: clientEnv(environment), stdio: ["ignore", "pipe", "pipe"] });
}


function associationArguments(target: DicomTarget, tls: ClientTls): string[] {
    return [
        ...tlsArguments(tls),
        "-aet", callingAeTitle,
        "-aec", target.calledAeTitle,
        "-to", timeoutSeconds, "-ta", timeoutSeconds, "-td", timeoutSeconds,
        target.host,
        String(target.port),
    ];
}

function tlsArguments(tls: ClientTls): string[] {
    switch (tls.kind) {
        case "none":
            return [];
        case "anonymous":
            return ["+tla", "+cf", tls.trustedCa];
        case "certificate":
            // dcmtk takes the key first, then the certificate.
            return ["+tls", tls.key, tls.certificate, "+cf", tls.trustedCa];
    }
}

function clientEnv(environment: Record<string, string>): NodeJS.ProcessEnv {
    return { PATH: process.env.PATH, ...environment };
}
