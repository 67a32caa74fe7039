// Command-line flags of the ingest benchmark, each with an environment variable
// for CI: --instances N (BENCH_INSTANCES), --sizes small,large (BENCH_SIZES),
// --associations 1,4 (BENCH_ASSOCIATIONS).
import { imageSizes } from "../test/conformance/dicom-images";

export type ImageSize = keyof typeof imageSizes;

export interface IngestOptions {
    instances: number;
    sizes: ImageSize[];
    associations: number[];
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): IngestOptions {
    const flags = new Map<string, string>();
    for (let i = 0; i < argv.length; i++) {
        const match = /^--(instances|sizes|associations)(?:=(.*))?$/.exec(argv[i]);
        if (!match) {
            throw new Error(`unknown argument ${argv[i]}\n${usage}`);
        }
        flags.set(match[1], match[2] ?? argv[++i] ?? "");
    }
    const value = (flag: string, variable: string, fallback: string) => flags.get(flag) ?? env[variable] ?? fallback;

    const instances = Number(value("instances", "BENCH_INSTANCES", "200"));
    const sizes = list(value("sizes", "BENCH_SIZES", "small,large"));
    const associations = list(value("associations", "BENCH_ASSOCIATIONS", "1,4")).map(Number);
    if (!Number.isInteger(instances) || instances < 1) {
        throw new Error(`--instances must be a positive integer\n${usage}`);
    }
    for (const size of sizes) {
        if (!(size in imageSizes)) {
            throw new Error(`unknown size ${size}; expected ${Object.keys(imageSizes).join(", ")}\n${usage}`);
        }
    }
    if (associations.some((n) => !Number.isInteger(n) || n < 1)) {
        throw new Error(`--associations must list positive integers\n${usage}`);
    }
    return { instances, sizes: sizes as ImageSize[], associations };
}

const usage =
    "usage: npm run bench:ingest -- [--instances 200] [--sizes small,large] [--associations 1,4]";

function list(text: string): string[] {
    return text
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== "");
}
