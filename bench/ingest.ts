// Ingest benchmark (not a test): how many instances per second reach Orthanc
// over DICOM TLS with the configuration this program generates, against a
// baseline configured as common Kubernetes examples do (see baseline-config.ts).
// Both run on this machine with Debian's Orthanc and PostgreSQL, one after the
// other, each with an empty database; the setup is the conformance test's.
//
//   npm run bench:ingest -- [--instances 200] [--sizes small,large] [--associations 1,4]
import * as fs from "fs";
import { noDelayClientEnvironment } from "../test/conformance/dcmtk-client";
import { generateStudy, imageSizes } from "../test/conformance/dicom-images";
import { loadGeneratedOrthanc } from "../test/conformance/generated-orthanc";
import { deployOrthanc, type OrthancDeployOptions } from "../test/conformance/local-orthanc";
import { startLocalSite, type LocalSite } from "../test/conformance/local-site";
import { modalityTls } from "../test/conformance/modalities";
import { Teardown } from "../test/conformance/teardown";
import { baselineEnvironment, baselineOrthancConfig } from "./baseline-config";
import { parseOptions, type IngestOptions } from "./options";
import { storeInParallel } from "./parallel-store";
import { formatTable, type Measurement } from "./results-table";

interface Configuration {
    label: string;
    deploy: OrthancDeployOptions;
    // The modality's environment: a tuned one sets TCP_NODELAY as the server does.
    clientEnvironment: Record<string, string>;
}

const configurations: Configuration[] = [
    { label: "generated", deploy: { name: "generated" }, clientEnvironment: noDelayClientEnvironment },
    {
        label: "baseline",
        deploy: { name: "baseline", configure: baselineOrthancConfig, environment: baselineEnvironment },
        clientEnvironment: baselineEnvironment,
    },
];

// Unmeasured instances first: the first association, TLS session and queries warm up.
const warmUpInstances = 10;

async function main(): Promise<void> {
    const options = parseOptions(process.argv.slice(2), process.env);
    const teardown = new Teardown();
    // Ctrl-C must still stop the servers.
    process.once("SIGINT", () => void teardown.run().finally(() => process.exit(130)));
    try {
        const generated = await loadGeneratedOrthanc();
        const site = await startLocalSite("ingest-bench", generated, teardown);
        const measurements: Measurement[] = [];
        for (const configuration of configurations) {
            measurements.push(...(await measure(site, teardown, configuration, options)));
        }
        console.log(
            `\n${options.instances} instances per run, DICOM TLS with client certificates, ` +
                `Debian's Orthanc and PostgreSQL on loopback; MB = 10^6 bytes\n`,
        );
        console.log(formatTable(measurements, ["generated", "baseline"]));
    } finally {
        await teardown.run();
    }
}

async function measure(
    site: LocalSite,
    teardown: Teardown,
    configuration: Configuration,
    options: IngestOptions,
): Promise<Measurement[]> {
    const orthanc = await deployOrthanc(site, teardown, configuration.deploy);
    await orthanc.start();
    const { Version } = await orthanc.rest.getJson<{ Version: string }>("/system");
    console.log(`${configuration.label}: Orthanc ${Version}, PID ${orthanc.pid}`);
    const tls = await modalityTls(site.siteCa, site.siteCa.certificate, site.scratch.path("modalities", configuration.label), "CT01");
    const send = async (name: string, instances: number, pixelBytes: number, associations: number) => {
        const directory = site.scratch.path("images", configuration.label, name);
        const study = await generateStudy(directory, { instances, pixelBytes, patientId: `BENCH-${name}` });
        const before = await orthanc.rest.instanceCount();
        const timing = await storeInParallel(orthanc.dicom, tls, study.files, associations, configuration.clientEnvironment);
        const stored = (await orthanc.rest.instanceCount()) - before;
        if (stored !== instances) {
            throw new Error(`${configuration.label} ${name}: ${stored} of ${instances} instances stored`);
        }
        fs.rmSync(directory, { recursive: true, force: true });
        return { bytes: study.totalBytes, seconds: timing.seconds };
    };

    const measurements: Measurement[] = [];
    try {
        await send("warm-up", warmUpInstances, imageSizes.small, 1);
        for (const size of options.sizes) {
            for (const associations of options.associations) {
                const name = `${size}-${associations}`;
                const { bytes, seconds } = await send(name, options.instances, imageSizes[size], associations);
                const measurement = { configuration: configuration.label, size, associations, instances: options.instances, bytes, seconds };
                console.log(
                    `${configuration.label.padEnd(9)} ${name.padEnd(8)} ${(options.instances / seconds).toFixed(1)} inst/s ` +
                        `(${seconds.toFixed(2)} s)`,
                );
                measurements.push(measurement);
            }
        }
    } finally {
        // The next configuration recreates the database, which needs this Orthanc gone.
        await orthanc.stop();
    }
    return measurements;
}

main().then(
    () => process.exit(0),
    (error: unknown) => {
        console.error(error instanceof Error ? error.stack ?? error.message : String(error));
        process.exit(1);
    },
);
