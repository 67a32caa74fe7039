// Turns an upstream CRD file into the schema data the manifest tests validate
// against: for each kind named, the served version's openAPIV3Schema, without
// its descriptions (they are most of the file and no validator reads them).
// Run by hand when a pinned chart changes, with the upstream file at the pinned
// tag, and commit the output beside this script:
//   node --require ./tools/plan/register-typescript.js test/schemas/extract-crd-schemas.ts \
//     <crds.yaml> <group> <version> <repository@tag:path> <Kind>...  > test/schemas/<group>_<version>.json
import * as fs from "fs";
import * as YAML from "yaml";

export interface CrdSchemaFile {
    source: string;
    group: string;
    version: string;
    kinds: Record<string, unknown>;
}

function withoutDescriptions(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(withoutDescriptions);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([key]) => key !== "description")
                .map(([key, inner]) => [key, withoutDescriptions(inner)]),
        );
    }
    return value;
}

function main(): void {
    const [file, group, version, source, ...kinds] = process.argv.slice(2);
    if (!file || !group || !version || !source || kinds.length === 0) {
        console.error("usage: extract-crd-schemas.ts <crds.yaml> <group> <version> <repository@tag:path> <Kind>...");
        process.exit(2);
    }
    // A chart's CRD file may be wrapped in Helm conditionals: drop those lines.
    const text = fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => !/^\s*\{\{.*\}\}\s*$/.test(line))
        .join("\n");
    const found: Record<string, unknown> = {};
    for (const document of YAML.parseAllDocuments(text).map((d) => d.toJSON())) {
        const crd = document as { spec?: { group: string; names: { kind: string }; versions: { name: string; served: boolean; schema: { openAPIV3Schema: unknown } }[] } };
        if (crd?.spec?.group !== group || !kinds.includes(crd.spec.names.kind)) {
            continue;
        }
        const served = crd.spec.versions.find((v) => v.name === version && v.served);
        if (!served) {
            throw new Error(`${crd.spec.names.kind}: version ${version} is not served`);
        }
        found[crd.spec.names.kind] = withoutDescriptions(served.schema.openAPIV3Schema);
    }
    const missing = kinds.filter((kind) => !(kind in found));
    if (missing.length > 0) {
        throw new Error(`not in ${file}: ${missing.join(", ")}`);
    }
    const output: CrdSchemaFile = { source, group, version, kinds: found };
    process.stdout.write(`${JSON.stringify(output, null, 1)}\n`);
}

main();
