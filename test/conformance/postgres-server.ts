// A throwaway PostgreSQL cluster on a loopback port, configured like the
// production one where it matters to Orthanc: TLS on, and a pg_hba that refuses
// every connection without TLS and asks for a SCRAM password on the others.
import * as fs from "fs";
import * as path from "path";
import type { TlsSecretFiles } from "./pki";
import { loopbackHost } from "./pki";
import { postgresBinDirectory } from "./required-tools";
import { asUser, run, runChecked } from "./run-command";
import { installFile, type ScratchDirectory } from "./scratch-directory";
import { serverAccount } from "./server-account";
import { UserProcess } from "./user-process";
import { waitFor } from "./wait";

export interface PostgresServer {
    host: string;
    port: number;
    logFile: string;
    createLoginRole(role: string, password: string): Promise<void>;
    // An empty database owned by the application's role, as CloudNativePG's
    // bootstrap.initdb creates it; an earlier one of that name is dropped.
    recreateDatabase(database: string, owner: string): Promise<void>;
    stop(): Promise<void>;
}

export async function startPostgres(scratch: ScratchDirectory, port: number, serverTls: TlsSecretFiles): Promise<PostgresServer> {
    // Also the superuser's name, so that the peer rule below lets the test in.
    const postgresUser = serverAccount("postgres");
    const postgresBin = postgresBinDirectory();
    const home = scratch.ownedDirectory(postgresUser, "postgres");
    const dataDirectory = path.join(home, "data");
    const socketDirectory = scratch.ownedDirectory(postgresUser, "postgres", "socket");
    const logFile = path.join(home, "postgres.log");

    await runChecked(
        ...asUser(postgresUser, `${postgresBin}/initdb`, [
            "-D", dataDirectory, "-U", postgresUser, "--encoding=UTF8", "--locale=C",
            // The cluster lives for one test run.
            "--no-sync", "--no-instructions",
        ]),
    );
    installFile(serverTls.certificate, path.join(dataDirectory, "server.crt"), postgresUser, 0o600);
    installFile(serverTls.key, path.join(dataDirectory, "server.key"), postgresUser, 0o600);
    fs.appendFileSync(
        path.join(dataDirectory, "postgresql.conf"),
        [
            "# conformance test",
            `listen_addresses = '${loopbackHost}'`,
            `port = ${port}`,
            `unix_socket_directories = '${socketDirectory}'`,
            "ssl = on",
            "ssl_cert_file = 'server.crt'",
            "ssl_key_file = 'server.key'",
            "password_encryption = 'scram-sha-256'",
            "",
        ].join("\n"),
    );
    fs.writeFileSync(
        path.join(dataDirectory, "pg_hba.conf"),
        [
            // The test's own administration, over its private socket (CloudNativePG
            // keeps a local peer rule for its operator too).
            `local all ${postgresUser} peer`,
            // As the production cluster: no TLS, no entry; TLS and a SCRAM password otherwise.
            "hostnossl all all all reject",
            `hostssl all all ${loopbackHost}/32 scram-sha-256`,
            "",
        ].join("\n"),
    );

    // In the foreground under runuser rather than daemonized by pg_ctl: see user-process.ts.
    const server = await UserProcess.start(postgresUser, `${postgresBin}/postgres`, ["-D", dataDirectory], {
        cwd: home,
        env: {},
        logFile,
    });
    try {
        await waitFor(() => acceptsConnections(socketDirectory, port), 30_000, `PostgreSQL on port ${port} (log: ${logFile})`);
    } catch (error) {
        await server.stop("SIGINT", 30_000);
        throw error;
    }

    const psql = (sql: string) =>
        runChecked(
            ...asUser(postgresUser, `${postgresBin}/psql`, [
                "-h", socketDirectory, "-p", String(port), "-U", postgresUser, "-d", "postgres",
                "-v", "ON_ERROR_STOP=1", "-q", "-c", sql,
            ]),
        );

    return {
        host: loopbackHost,
        port,
        logFile,
        async createLoginRole(role, password) {
            await psql(`CREATE ROLE ${identifier(role)} LOGIN PASSWORD ${literal(password)}`);
        },
        async recreateDatabase(database, owner) {
            await psql(`DROP DATABASE IF EXISTS ${identifier(database)}`);
            await psql(`CREATE DATABASE ${identifier(database)} OWNER ${identifier(owner)}`);
        },
        // SIGINT is PostgreSQL's "fast" shutdown: roll back sessions and exit cleanly.
        async stop() {
            await server.stop("SIGINT", 30_000);
        },
    };
}

async function acceptsConnections(socketDirectory: string, port: number): Promise<boolean> {
    const result = await run(`${postgresBinDirectory()}/pg_isready`, ["-q", "-h", socketDirectory, "-p", String(port)]);
    return result.code === 0;
}

function identifier(name: string): string {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
        throw new Error(`unexpected SQL identifier ${JSON.stringify(name)}`);
    }
    return name;
}

function literal(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
}
