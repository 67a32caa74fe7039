// Validates a Kubernetes object against the upstream OpenAPI schema of its kind:
// kubernetes-models for built-in kinds, @kubernetes-models/* for the CRDs that
// have a package, and for CRDs that have none the schema taken from the CRD at the
// pinned version (test/schemas/, with its source in each file).
import * as fs from "fs";
import * as path from "path";
import Ajv, { type ValidateFunction } from "ajv";

// apiVersion group -> package that ships its models.
const crdPackages: Record<string, string> = {
    "cert-manager.io": "@kubernetes-models/cert-manager",
    "acme.cert-manager.io": "@kubernetes-models/cert-manager",
    "networking.istio.io": "@kubernetes-models/istio",
    "security.istio.io": "@kubernetes-models/istio",
    "telemetry.istio.io": "@kubernetes-models/istio",
    "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

// apiVersion -> the CRD schemas kept as data. CloudNativePG's are exact (chart
// 0.29.0, operator 1.30.0). The Barman Cloud plugin's chart 0.8.1 is not in the
// stored sources: its ObjectStore schema is the plugin's v0.14.0, the newest release
// stored, identical to v0.13.0 (the app of chart 0.7.0). approver-policy's is exact
// (v0.27.0, the pinned chart's).
const crdSchemaFiles: Record<string, string> = {
    "postgresql.cnpg.io/v1": "postgresql.cnpg.io_v1.json",
    "barmancloud.cnpg.io/v1": "barmancloud.cnpg.io_v1.json",
    "policy.cert-manager.io/v1alpha1": "policy.cert-manager.io_v1alpha1.json",
};

export function modelModule(apiVersion: string): string | undefined {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    if (group === "" || !group.includes(".") || group.endsWith(".k8s.io")) {
        return `kubernetes-models/${group ? `${group}/` : ""}${version}`;
    }
    const pkg = crdPackages[group];
    return pkg ? `${pkg}/${group}/${version}` : undefined;
}

interface Model {
    validate(): void;
}

export async function validateObject(object: { apiVersion: string; kind: string }): Promise<void> {
    if (object.apiVersion in crdSchemaFiles) {
        return validateWithCrdSchema(object);
    }
    const module = modelModule(object.apiVersion);
    if (module === undefined) {
        throw new Error(`no schema package for ${object.apiVersion} ${object.kind}`);
    }
    const models = (await import(module)) as Record<string, new (data: unknown) => Model>;
    const Kind = models[object.kind];
    if (!Kind) {
        throw new Error(`${module} has no model for kind ${object.kind}`);
    }
    new Kind(object).validate();
}

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
const compiled = new Map<string, ValidateFunction>();

function validateWithCrdSchema(object: { apiVersion: string; kind: string }): void {
    const key = `${object.apiVersion} ${object.kind}`;
    let validate = compiled.get(key);
    if (!validate) {
        const file = path.join(__dirname, "..", "schemas", crdSchemaFiles[object.apiVersion]);
        const schemas = JSON.parse(fs.readFileSync(file, "utf8")) as { kinds: Record<string, object> };
        const schema = schemas.kinds[object.kind];
        if (!schema) {
            throw new Error(`${file} has no schema for kind ${object.kind}`);
        }
        validate = ajv.compile(closed(schema));
        compiled.set(key, validate);
    }
    if (!validate(object)) {
        const problems = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${e.params.additionalProperty})` : ""}`);
        throw new Error(`${key}: ${problems.join("; ")}`);
    }
}

// The API server drops fields a structural schema does not name (or refuses them
// under strict field validation); either way a misspelt field never takes effect.
// Closing every object the schema describes turns that into an error here.
// metadata is left to the API server's own ObjectMeta, which the CRD leaves open.
function closed(schema: object, atRoot = true): object {
    const node = schema as Record<string, unknown>;
    const result: Record<string, unknown> = { ...node };
    if (node.properties && typeof node.properties === "object") {
        result.properties = Object.fromEntries(
            Object.entries(node.properties as Record<string, object>).map(([name, inner]) => [
                name,
                atRoot && name === "metadata" ? inner : closed(inner, false),
            ]),
        );
        if (node.additionalProperties === undefined && node["x-kubernetes-preserve-unknown-fields"] !== true) {
            result.additionalProperties = false;
        }
    }
    if (node.items && typeof node.items === "object") {
        result.items = closed(node.items as object, false);
    }
    if (node.additionalProperties && typeof node.additionalProperties === "object") {
        result.additionalProperties = closed(node.additionalProperties as object, false);
    }
    for (const combinator of ["anyOf", "allOf", "oneOf"]) {
        if (Array.isArray(node[combinator])) {
            result[combinator] = (node[combinator] as object[]).map((inner) => closed(inner, false));
        }
    }
    return result;
}
