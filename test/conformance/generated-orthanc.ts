// What the program would deploy for Orthanc, read from the plan of the committed
// `local` stack rather than from a hand-written copy: the ConfigMap's orthanc.json
// and Lua filter, and the container's environment.
import type { OrthancJson } from "../../components/orthanc/config";
import { containerPaths } from "../../components/orthanc/paths";
import { planStack, resource, types } from "../support/plan";

export const conformanceStack = "local";

export interface GeneratedOrthanc {
    config: OrthancJson;
    metricsFilterLua: string;
    // Environment variables with a literal value (TCP_NODELAY=1, ...).
    plainEnvironment: Record<string, string>;
    // Environment variables Kubernetes fills from Secrets or the pod (valueFrom).
    injectedVariables: string[];
}

interface EnvVar {
    name: string;
    value?: string;
    valueFrom?: unknown;
}

let evaluation: Promise<GeneratedOrthanc> | undefined;

// evaluateStack installs Pulumi's mocks process-wide: evaluate once per process.
export function loadGeneratedOrthanc(): Promise<GeneratedOrthanc> {
    evaluation ??= evaluate();
    return evaluation;
}

async function evaluate(): Promise<GeneratedOrthanc> {
    // readStackConfig + evaluateStack on the committed Pulumi.local.yaml.
    const plan = await planStack(conformanceStack);
    const configMap = resource(plan, types.configMap, "orthanc-config");
    const deployment = resource(plan, types.deployment, "orthanc");

    const data = (configMap.inputs as { data: Record<string, string> }).data;
    const containers = (deployment.inputs as { spec: { template: { spec: { containers: { name: string; env?: EnvVar[] }[] } } } })
        .spec.template.spec.containers;
    const container = containers.find((c) => c.name === "orthanc");
    if (!container) {
        throw new Error("the orthanc Deployment has no container named orthanc");
    }
    const env = container.env ?? [];
    return {
        config: JSON.parse(required(data, containerPaths.configFile)) as OrthancJson,
        metricsFilterLua: required(data, containerPaths.metricsFilterFile),
        plainEnvironment: Object.fromEntries(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string])),
        injectedVariables: env.filter((e) => e.valueFrom !== undefined).map((e) => e.name),
    };
}

function required(data: Record<string, string>, key: string): string {
    const value = data[key];
    if (typeof value !== "string") {
        throw new Error(`the orthanc-config ConfigMap has no ${key}`);
    }
    return value;
}
