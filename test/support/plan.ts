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

// A committed stack's plan is made once per run and each caller gets a copy of
// its own (a test may change its plan): most suites plan stack local in their
// before() hook, and evaluating the program is most of the suite's time. The
// key holds the stack file's text, so a changed file is planned anew.
const committedPlans = new Map<string, Promise<Plan>>();

export async function planStack(stack: string): Promise<Plan> {
    const stackText = fs.readFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), "utf8");
    const key = planKey(`${stack}\0${stackText}`);
    const evaluate = () => evaluateStack({ projectDir, project, stack, stackConfig: readStackConfig(projectDir, stack, project) });
    if (key === undefined) {
        return evaluate();
    }
    let plan = committedPlans.get(key);
    if (plan === undefined) {
        plan = evaluate();
        committedPlans.set(key, plan);
        plan.catch(() => committedPlans.delete(key));
    }
    return structuredClone(await plan);
}

// Under mutation testing (npm run test:mutation, stryker.config.mjs) the program
// changes from one run to the next in the same process: a plan is kept only for
// the mutant it was made with, and none while Stryker measures which tests reach
// which code (no mutant active), where every suite must run the program itself.
function planKey(key: string): string | undefined {
    const stryker = (globalThis as { __stryker__?: { activeMutant?: string } }).__stryker__;
    if (stryker === undefined) {
        return key;
    }
    if (stryker.activeMutant === undefined) {
        return undefined;
    }
    const mutantKey = `mutant ${stryker.activeMutant}\0${key}`;
    // One mutant's plans at a time: a run tests thousands of mutants.
    for (const kept of committedPlans.keys()) {
        if (!kept.startsWith(`mutant ${stryker.activeMutant}\0`)) {
            committedPlans.delete(kept);
        }
    }
    return mutantKey;
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
