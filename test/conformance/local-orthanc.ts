// One Orthanc of the local site: the container's mounts recreated as files,
// the generated configuration localized (see localize.ts), an empty database,
// and start/stop of Debian's Orthanc with that configuration.
import * as path from "path";
import type { OrthancJson } from "../../components/orthanc/config";
import { orthancMetricsUser } from "../../components/orthanc/orthanc";
import { containerPaths } from "../../components/orthanc/paths";
import type { DicomTarget } from "./dcmtk-client";
import { freeLoopbackPorts } from "./free-port";
import type { GeneratedOrthanc } from "./generated-orthanc";
import type { LocalSite } from "./local-site";
import { localizeOrthancConfig } from "./localize";
import { OrthancProcess, readLog } from "./orthanc-process";
import { OrthancRest } from "./orthanc-rest";
import type { StopOutcome } from "./process-control";
import { loopbackHost } from "./pki";
import { installFile, ownedDirectory, writeOwnedFile } from "./scratch-directory";
import { serverAccount } from "./server-account";
import type { Teardown } from "./teardown";

export interface OrthancDeployOptions {
    // Names the Orthanc's directory; one per configuration in a run.
    name: string;
    // Turns the localized configuration into another one (the benchmark's baseline).
    configure?: (localized: OrthancJson) => OrthancJson;
    // The process environment; by default the Deployment's literal variables.
    environment?: Record<string, string>;
}

export class LocalOrthanc {
    private process?: OrthancProcess;

    constructor(
        readonly config: OrthancJson,
        private readonly configFile: string,
        private readonly home: string,
        readonly environment: Record<string, string>,
        readonly admin: OrthancRest,
    ) {}

    get dicom(): DicomTarget {
        return { host: loopbackHost, port: this.config.DicomPort as number, calledAeTitle: this.config.DicomAet as string };
    }

    get pid(): number | undefined {
        return this.process?.pid;
    }

    async start(): Promise<void> {
        if (this.process) {
            throw new Error("Orthanc is already running");
        }
        this.process = await OrthancProcess.start({
            configFile: this.configFile,
            workingDirectory: this.home,
            environment: this.environment,
            logFile: this.logFile,
            rest: this.admin,
        });
    }

    // graceMs: how long SIGTERM may take before SIGKILL; undefined if it was not running.
    async stop(graceMs?: number): Promise<StopOutcome | undefined> {
        const running = this.process;
        this.process = undefined;
        return running?.stop(graceMs);
    }

    get logFile(): string {
        return path.join(this.home, "orthanc.log");
    }

    // Kept across restarts: the whole history of this Orthanc.
    log(): string {
        return readLog(this.logFile);
    }
}

export async function deployOrthanc(
    site: LocalSite,
    generated: GeneratedOrthanc,
    teardown: Teardown,
    options: OrthancDeployOptions,
): Promise<LocalOrthanc> {
    const orthancUser = serverAccount("orthanc");
    const home = site.scratch.ownedDirectory(orthancUser, `orthanc-${options.name}`);
    const [httpPort, dicomPort] = await freeLoopbackPorts(2);
    const localized = localizeOrthancConfig(generated.config, {
        dicomPort,
        httpPort,
        postgres: { host: site.postgres.host, port: site.postgres.port },
        variables: site.injectedValues,
        mounts: recreateMounts(home, orthancUser, site, generated),
        indexDirectory: ownedDirectory(path.join(home, "index"), orthancUser),
    });
    const config = options.configure ? options.configure(localized) : localized;

    await site.postgres.recreateDatabase(databaseName(config), site.credentials.database.username);
    // The file holds the test's credentials: for Orthanc's eyes only.
    const configFile = writeOwnedFile(path.join(home, "orthanc.json"), JSON.stringify(config, null, 2), orthancUser, 0o600);
    const admin = new OrthancRest(`http://${loopbackHost}:${httpPort}`, site.credentials.admin);
    const orthanc = new LocalOrthanc(config, configFile, home, options.environment ?? generated.plainEnvironment, admin);
    teardown.add(`Orthanc ${options.name}`, async () => {
        await orthanc.stop();
    });
    return orthanc;
}

export function metricsCredentials(site: LocalSite): { username: string; password: string } {
    return { username: orthancMetricsUser, password: site.credentials.metricsPassword };
}

// The volumes of the Deployment, as local directories with the same files.
function recreateMounts(home: string, orthancUser: string, site: LocalSite, generated: GeneratedOrthanc): Record<string, string> {
    const local = (name: string) => path.join(home, "mounts", name);
    const { pki } = site;
    // ConfigMap orthanc-config: orthanc.json and metrics-filter.lua.
    writeOwnedFile(path.join(local("config"), containerPaths.configFile), JSON.stringify(generated.config, null, 2), orthancUser, 0o644);
    writeOwnedFile(path.join(local("config"), containerPaths.metricsFilterFile), generated.metricsFilterLua, orthancUser, 0o644);
    // Secret orthanc-dicom-server-tls (kubernetes.io/tls, from cert-manager).
    installFile(pki.server.certificate, path.join(local("dicom-server"), "tls.crt"), orthancUser, 0o644);
    installFile(pki.server.key, path.join(local("dicom-server"), "tls.key"), orthancUser, 0o600);
    installFile(pki.server.ca, path.join(local("dicom-server"), "ca.crt"), orthancUser, 0o644);
    // Secret orthanc-dicom-trusted-ca, item ca.crt: the CAs whose modalities may connect.
    installFile(pki.trustedCa.certificate, path.join(local("dicom-clients"), "ca.crt"), orthancUser, 0o644);
    // The database cluster's CA, item ca.crt.
    installFile(pki.trustedCa.certificate, path.join(local("postgres-ca"), "ca.crt"), orthancUser, 0o644);
    return {
        [containerPaths.configDirectory]: local("config"),
        [containerPaths.dicomServerTlsDirectory]: local("dicom-server"),
        [containerPaths.dicomTrustedCaDirectory]: local("dicom-clients"),
        [containerPaths.postgresCaDirectory]: local("postgres-ca"),
        [containerPaths.storageDirectory]: ownedDirectory(path.join(home, "storage"), orthancUser),
    };
}

function databaseName(config: OrthancJson): string {
    const uri = (config.PostgreSQL as OrthancJson).ConnectionUri as string;
    return decodeURIComponent(new URL(uri).pathname.slice(1));
}
