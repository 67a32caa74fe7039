// Evaluates the program under mocks for the tests: the committed stack files, or
// a site configuration written inline (a variant of local).
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { evaluateStack, type Plan, type PlannedResource } from "../../tools/plan/evaluate";
import { readStackConfig, stackNames, type StackConfig } from "../../tools/plan/stack-file";
import { projectDir, projectName } from "../../tools/project";

export { projectDir };

// The plan's stand-ins for generated secret values (tools/plan/evaluate.ts gives
// each RandomPassword, its bcrypt hash and each PrivateKey one of these): none may
// show in anything the plan writes.
export const generatedSecretStandIns = ["plan-password-", "plan-bcrypt", "plan-private-key"];
export const project = projectName();

export function committedStacks(): string[] {
    return stackNames(projectDir);
}

export function planStack(stack: string): Promise<Plan> {
    return evaluateStack({ projectDir, project, stack, stackConfig: readStackConfig(projectDir, stack, project) });
}

// The local site with some keys changed, e.g. { objectStore: {...} }.
export function localSiteWith(changes: Record<string, unknown>): Record<string, unknown> {
    const document = YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.local.yaml"), "utf8"));
    return { ...document.config[`${project}:site`], ...changes };
}

export function planSite(
    site: Record<string, unknown>,
    secrets: Record<string, string> = {},
    stack = "variant",
): Promise<Plan> {
    const stackConfig: StackConfig = {
        config: {
            [`${project}:site`]: JSON.stringify(site),
            ...Object.fromEntries(Object.entries(secrets).map(([key, value]) => [`${project}:${key}`, value])),
        },
        secretKeys: Object.keys(secrets).map((key) => `${project}:${key}`),
    };
    return evaluateStack({ projectDir, project, stack, stackConfig });
}

export function resourcesOfType(plan: Plan, type: string): PlannedResource[] {
    return plan.resources.filter((r) => r.type === type);
}

export function resource(plan: Plan, type: string, name: string): PlannedResource {
    const found = plan.resources.find((r) => r.type === type && r.name === name);
    if (!found) {
        const names = resourcesOfType(plan, type).map((r) => r.name);
        throw new Error(`no ${type} named ${name} in the plan (found: ${names.join(", ") || "none"})`);
    }
    return found;
}

export function tryResource(plan: Plan, type: string, name: string): PlannedResource | undefined {
    return plan.resources.find((r) => r.type === type && r.name === name);
}

export const types = {
    namespace: "kubernetes:core/v1:Namespace",
    secret: "kubernetes:core/v1:Secret",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    configMap: "kubernetes:core/v1:ConfigMap",
    service: "kubernetes:core/v1:Service",
    pvc: "kubernetes:core/v1:PersistentVolumeClaim",
    deployment: "kubernetes:apps/v1:Deployment",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    release: "kubernetes:helm.sh/v3:Release",
    cnpgCluster: "kubernetes:postgresql.cnpg.io/v1:Cluster",
    scheduledBackup: "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup",
    barmanObjectStore: "kubernetes:barmancloud.cnpg.io/v1:ObjectStore",
} as const;
