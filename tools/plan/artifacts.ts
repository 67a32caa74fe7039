// Writes a plan to .plan/<stack>/: resources.json, manifests/ and outputs.json, and
// secret-digests.json when the plan read a stack file (`npm run plan:diff` tells a
// changed secret by it).
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import type { Plan, PlannedResource } from "./evaluate";

export const helmReleaseType = "kubernetes:helm.sh/v3:Release";

export interface HelmReleaseManifest {
    release: string;
    namespace: string;
    chart: string;
    repository: string;
    version: string;
    values: unknown;
}

// Kubernetes objects the program declares itself (not providers, not Helm releases).
export function isKubernetesObject(resource: PlannedResource): boolean {
    return resource.custom && resource.type.startsWith("kubernetes:") && resource.type !== helmReleaseType;
}

export function helmReleaseManifest(resource: PlannedResource): HelmReleaseManifest {
    const inputs = resource.inputs as Record<string, any>;
    return {
        release: inputs.name,
        namespace: inputs.namespace,
        chart: inputs.chart,
        repository: inputs.repositoryOpts?.repo,
        version: inputs.version,
        values: inputs.values ?? {},
    };
}

export const secretDigestsFile = "secret-digests.json";

export interface WrittenPlan {
    directory: string;
    manifestFiles: string[];
}

export function writePlan(plan: Plan, directory: string): WrittenPlan {
    fs.rmSync(directory, { recursive: true, force: true });
    const manifests = path.join(directory, "manifests");
    fs.mkdirSync(manifests, { recursive: true });

    fs.writeFileSync(path.join(directory, "resources.json"), `${JSON.stringify(plan.resources, null, 2)}\n`);
    fs.writeFileSync(path.join(directory, "outputs.json"), `${JSON.stringify(plan.outputs, null, 2)}\n`);
    if (plan.secretDigests !== undefined) {
        fs.writeFileSync(path.join(directory, secretDigestsFile), `${JSON.stringify(plan.secretDigests, null, 2)}\n`);
    }

    const manifestFiles: string[] = [];
    const write = (file: string, document: unknown) => {
        if (manifestFiles.includes(file)) {
            throw new Error(`two manifests would be written to ${file}`);
        }
        fs.writeFileSync(path.join(manifests, file), renderManifest(document));
        manifestFiles.push(file);
    };
    for (const resource of plan.resources) {
        if (resource.type === helmReleaseType) {
            const release = helmReleaseManifest(resource);
            write(`helm-${release.namespace}-${release.release}.yaml`, release);
        } else if (isKubernetesObject(resource)) {
            write(manifestFileName(resource.inputs), resource.inputs);
        }
    }
    return { directory, manifestFiles: manifestFiles.sort() };
}

export function manifestFileName(object: Record<string, any>): string {
    const namespace = object.metadata?.namespace ?? "cluster";
    return `${namespace}-${String(object.kind).toLowerCase()}-${object.metadata?.name}.yaml`;
}

// Literal blocks keep embedded files (orthanc.json, Lua, rules) readable in a diff.
export function renderManifest(document: unknown): string {
    return YAML.stringify(document, { aliasDuplicateObjects: false, blockQuote: "literal", lineWidth: 0 });
}
