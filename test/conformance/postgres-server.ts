// A throwaway PostgreSQL cluster on a loopback port, configured by the caller
// (see local-site.ts, which follows what CloudNativePG would run): its server
// certificate and client CA, pg_hba.conf and pg_ident.conf, and settings.
import * as fs from "fs";
import * as path from "path";
import { loopbackHost } from "./free-port";
import { postgresBinDirectory } from "./required-tools";
import { asUser, run, runChecked } from "./run-command";
import { writeOwnedFile, type ScratchDirectory } from "./scratch-directory";
import { serverAccount } from "./server-account";
import { UserProcess } from "./user-process";
import { waitFor } from "./wait";

export interface PostgresOptions {
    port: number;
    tls: { certificatePem: string; keyPem: string; clientCaPem: string };
    // Lines of pg_hba.conf; they must let the superuser in over the local socket by peer.
    hba: string[];
    // pg_ident.conf for the account the server runs as and the superuser's role.
    ident: (osUser: string, superuser: string) => string[];
    settings: Record<string, string>;
}

export interface PostgresServer {
    host: string;
    port: number;
    logFile: string;
    createLoginRole(role: string, password: string): Promise<void>;
    // An empty database owned by the application's role, as CloudNativePG's
    // bootstrap.initdb creates it; an earlier one of that name is dropped.
    recreateDatabase(database: string, owner: string): Promise<void>;
    stop(): Promise<void>;
    // Starts it again after stop(), on the same data, port and settings: the
    // database coming back after an outage.
    restart(): Promise<void>;
}

export async function startPostgres(scratch: ScratchDirectory, options: PostgresOptions): Promise<PostgresServer> {
    // Also the superuser's name, so that a peer rule lets the test in over its socket.
    const postgresUser = serverAccount("postgres");
    const postgresBin = postgresBinDirectory();
    const home = scratch.ownedDirectory(postgresUser, "postgres");
    const dataDirectory = path.join(home, "data");
    const socketDirectory = scratch.ownedDirectory(postgresUser, "postgres", "socket");
    const logFile = path.join(home, "postgres.log");
    const { port } = options;

    await runChecked(
        ...asUser(postgresUser, `${postgresBin}/initdb`, [
            "-D", dataDirectory, "-U", postgresUser, "--encoding=UTF8", "--locale=C",
            // The cluster lives for one test run.
            "--no-sync", "--no-instructions",
        ]),
    );
    writeOwnedFile(path.join(dataDirectory, "server.crt"), options.tls.certificatePem, postgresUser, 0o600);
    writeOwnedFile(path.join(dataDirectory, "server.key"), options.tls.keyPem, postgresUser, 0o600);
    writeOwnedFile(path.join(dataDirectory, "client-ca.crt"), options.tls.clientCaPem, postgresUser, 0o600);
    fs.appendFileSync(
        path.join(dataDirectory, "postgresql.conf"),
        [
            "# conformance test",
            `listen_addresses = '${loopbackHost}'`,
            `port = ${port}`,
            `unix_socket_directories = '${socketDirectory}'`,
            "ssl_cert_file = 'server.crt'",
            "ssl_key_file = 'server.key'",
            "ssl_ca_file = 'client-ca.crt'",
            ...Object.entries(options.settings).map(([name, value]) => `${name} = '${value.replace(/'/g, "''")}'`),
            "",
        ].join("\n"),
    );
    fs.writeFileSync(path.join(dataDirectory, "pg_hba.conf"), [...options.hba, ""].join("\n"));
    fs.writeFileSync(path.join(dataDirectory, "pg_ident.conf"), [...options.ident(postgresUser, postgresUser), ""].join("\n"));

    // In the foreground under runuser rather than daemonized by pg_ctl: see user-process.ts.
    const launch = async (): Promise<UserProcess> => {
        const started = await UserProcess.start(postgresUser, `${postgresBin}/postgres`, ["-D", dataDirectory], {
            cwd: home,
            env: {},
            logFile,
        });
        try {
            await waitFor(() => acceptsConnections(socketDirectory, port), 30_000, `PostgreSQL on port ${port} (log: ${logFile})`);
        } catch (error) {
            await started.stop("SIGINT", 30_000);
            throw error;
        }
        return started;
    };
    let server: UserProcess | undefined = await launch();

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
            const running = server;
            server = undefined;
            await running?.stop("SIGINT", 30_000);
        },
        async restart() {
            if (server) {
                throw new Error("PostgreSQL is still running");
            }
            server = await launch();
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
