// What the program would deploy for Orthanc, read from the plan rather than from a
// hand-written copy: the Deployment's orthanc container (its environment and
// mounts), the pod's volumes, and the orthanc.json the container finds in its
// configuration mount. The plan of the committed `local` stack by default, or of
// a variant of it.
import type { OrthancJson } from "../../components/orthanc/config";
import { containerPaths } from "../../components/orthanc/paths";
import { parseSiteConfig } from "../../stacks/config/load";
import type { SiteConfig } from "../../stacks/config/schema";
import type { Plan } from "../../tools/plan/evaluate";
import { localSiteWith, planSite, planStack } from "../support/plan";
import { kinds, requireObject } from "./plan-objects";
import { plannedFileContent, plannedMounts, type PlannedMount } from "./pod-mounts";
import type { Container, Volume } from "./pod-spec";

export const conformanceStack = "local";

// The Deployment and container the platform runs Orthanc as.
const deploymentName = "orthanc";
const containerName = "orthanc";

export interface GeneratedOrthanc {
    plan: Plan;
    // The site configuration the plan was made from.
    site: SiteConfig;
    namespace: string;
    container: Container;
    volumes: Volume[];
    // The container's mounts, each with what its volume holds.
    mounts: PlannedMount[];
    // The orthanc.json at the path the image reads, through those mounts.
    config: OrthancJson;
    // Environment variables with a literal value (TCP_NODELAY=1, ...).
    plainEnvironment: Record<string, string>;
}

let committed: Promise<GeneratedOrthanc> | undefined;

// evaluateStack installs Pulumi's mocks process-wide: the committed stack is
// evaluated once per process, and evaluations never overlap.
export function loadGeneratedOrthanc(): Promise<GeneratedOrthanc> {
    committed ??= planStack(conformanceStack).then((plan) => fromPlan(plan, localSiteWith({})));
    return committed;
}

// The local site with some keys changed, e.g. { certificates: { extraTrustedClientCAs: [...] } }.
export async function planGeneratedOrthanc(changes: Record<string, unknown>): Promise<GeneratedOrthanc> {
    await committed?.catch(() => undefined);
    const site = localSiteWith(changes);
    return fromPlan(await planSite(site), site);
}

export function fromPlan(plan: Plan, rawSite: Record<string, unknown>): GeneratedOrthanc {
    const site = parseSiteConfig(rawSite);
    const deployment = requireObject(plan, ...kinds.deployment, deploymentName);
    const namespace = deployment.metadata.namespace;
    if (namespace === undefined) {
        throw new Error(`the ${deploymentName} Deployment names no namespace`);
    }
    const podSpec = (deployment as { spec?: { template?: { spec?: { containers?: Container[]; volumes?: Volume[] } } } }).spec?.template?.spec;
    const container = podSpec?.containers?.find((c) => c.name === containerName);
    if (!container) {
        throw new Error(`the ${deploymentName} Deployment has no container named ${containerName}`);
    }
    const volumes = podSpec?.volumes ?? [];
    const mounts = plannedMounts(plan, namespace, container, volumes);
    const configPath = `${containerPaths.configDirectory}/${containerPaths.configFile}`;
    return {
        plan,
        site,
        namespace,
        container,
        volumes,
        mounts,
        config: JSON.parse(plannedFileContent(mounts, configPath)) as OrthancJson,
        plainEnvironment: Object.fromEntries(
            (container.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value as string]),
        ),
    };
}
