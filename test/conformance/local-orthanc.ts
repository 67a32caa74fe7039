// One Orthanc of the local site: the container's mounts recreated from the plan
// (local-mounts.ts), the generated configuration localized (see localize.ts), an
// empty database, and start/stop of Debian's Orthanc with that configuration.
import * as fs from "fs";
import * as path from "path";
import type { OrthancJson } from "../../components/orthanc/config";
import type { DicomTarget } from "./dcmtk-client";
import { freeLoopbackPorts, loopbackHost } from "./free-port";
import type { LocalSite } from "./local-site";
import { localizeOrthancConfig, localizeProcessEnvironment } from "./localize";
import { OrthancProcess, readLog } from "./orthanc-process";
import { OrthancRest } from "./orthanc-rest";
import type { StopOutcome } from "./process-control";
import { recreateMounts } from "./local-mounts";
import { ownedDirectory, writeOwnedFile } from "./scratch-directory";
import { serverAccount } from "./server-account";
import type { Teardown } from "./teardown";

export interface OrthancDeployOptions {
    // Names the Orthanc's directory; one per configuration in a run.
    name: string;
    // Turns the localized configuration into another one (the benchmark's baseline).
    configure?: (localized: OrthancJson) => OrthancJson;
    // The process environment; by default the orthanc container's, as Kubernetes
    // sets it (the Lua filter reads two of its variables). Localized either way.
    environment?: Record<string, string>;
}

export class LocalOrthanc {
    private process?: OrthancProcess;

    constructor(
        readonly config: OrthancJson,
        private readonly configFile: string,
        private readonly home: string,
        readonly environment: Record<string, string>,
        // As conformancePerson (local-site.ts).
        readonly rest: OrthancRest,
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
            rest: this.rest,
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
    teardown: Teardown,
    options: OrthancDeployOptions,
): Promise<LocalOrthanc> {
    const { generated } = site;
    const orthancUser = serverAccount("orthanc");
    const home = site.scratch.ownedDirectory(orthancUser, `orthanc-${options.name}`);
    const [httpPort, dicomPort] = await freeLoopbackPorts(2);
    const modalityCaStandIn = generated.plan.outputs.modalityCaCertificate;
    if (typeof modalityCaStandIn !== "string") {
        throw new Error("the plan exports no modalityCaCertificate to stand in for");
    }
    const computed = [{ standIn: modalityCaStandIn, value: fs.readFileSync(site.modalityCa.certificate, "utf8") }];
    const mounts = await recreateMounts(
        generated.mounts,
        (namespace, name) => site.secrets.data(namespace, name),
        computed,
        path.join(home, "mounts"),
        orthancUser,
    );
    const localized = localizeOrthancConfig(generated.config, {
        dicomPort,
        httpPort,
        postgres: { address: site.postgres.host, port: site.postgres.port },
        variables: site.environment,
        mounts,
        indexDirectory: ownedDirectory(path.join(home, "index"), orthancUser),
    });
    const config = options.configure ? options.configure(localized) : localized;

    await site.postgres.recreateDatabase(databaseName(config), site.credentials.database.username);
    // The file holds the test's credentials: for Orthanc's eyes only.
    const configFile = writeOwnedFile(path.join(home, "orthanc.json"), JSON.stringify(config, null, 2), orthancUser, 0o600);
    const rest = new OrthancRest(`http://${loopbackHost}:${httpPort}`, site.credentials.person);
    const environment = localizeProcessEnvironment(options.environment ?? site.environment, mounts);
    const orthanc = new LocalOrthanc(config, configFile, home, environment, rest);
    teardown.add(`Orthanc ${options.name}`, async () => {
        await orthanc.stop();
    });
    return orthanc;
}

function databaseName(config: OrthancJson): string {
    const uri = (config.PostgreSQL as OrthancJson).ConnectionUri as string;
    return decodeURIComponent(new URL(uri).pathname.slice(1));
}
