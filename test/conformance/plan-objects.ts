// Kubernetes objects in a plan, found the way the cluster finds them: by kind,
// namespace and metadata.name (a Pulumi resource name need not be the object's).
import type { Plan, PlannedResource } from "../../tools/plan/evaluate";
import { maskedSecret, unknownValue } from "../../tools/plan/masking";

export interface ObjectMeta {
    name: string;
    namespace?: string;
}

export interface KubernetesObject {
    apiVersion: string;
    kind: string;
    metadata: ObjectMeta & Record<string, unknown>;
    [field: string]: unknown;
}

// The plan's stand-in for a value only the deployment knows.
export function isPlaceholder(value: unknown): boolean {
    return value === maskedSecret || value === unknownValue;
}

export function kubernetesObjects(plan: Plan, apiVersion: string, kind: string): KubernetesObject[] {
    return plan.resources
        .filter((resource) => resource.custom)
        .map((resource: PlannedResource) => resource.inputs as Partial<KubernetesObject>)
        .filter((object): object is KubernetesObject => object.apiVersion === apiVersion && object.kind === kind && object.metadata !== undefined);
}

// namespace undefined: a cluster-scoped kind, or "wherever it is" (then exactly one may match).
export function findObject(plan: Plan, apiVersion: string, kind: string, name: string, namespace?: string): KubernetesObject | undefined {
    const matches = kubernetesObjects(plan, apiVersion, kind).filter(
        (object) => object.metadata.name === name && (namespace === undefined || object.metadata.namespace === namespace),
    );
    if (matches.length > 1) {
        throw new Error(`the plan holds ${matches.length} ${kind} objects named ${name}${namespace ? ` in ${namespace}` : ""}`);
    }
    return matches[0];
}

export function requireObject(plan: Plan, apiVersion: string, kind: string, name: string, namespace?: string): KubernetesObject {
    const found = findObject(plan, apiVersion, kind, name, namespace);
    if (!found) {
        throw new Error(`the plan holds no ${kind} ${namespace ? `${namespace}/` : ""}${name}`);
    }
    return found;
}

// The one object of a kind the program declares (the Orthanc Deployment's
// database cluster, the site CA's issuer): a second one would need telling apart.
export function onlyObject(plan: Plan, apiVersion: string, kind: string): KubernetesObject {
    const objects = kubernetesObjects(plan, apiVersion, kind);
    if (objects.length !== 1) {
        throw new Error(`expected exactly one ${kind} in the plan, found ${objects.length}`);
    }
    return objects[0];
}

export const kinds = {
    configMap: ["v1", "ConfigMap"],
    secret: ["v1", "Secret"],
    deployment: ["apps/v1", "Deployment"],
    certificate: ["cert-manager.io/v1", "Certificate"],
    issuer: ["cert-manager.io/v1", "Issuer"],
    clusterIssuer: ["cert-manager.io/v1", "ClusterIssuer"],
    cnpgCluster: ["postgresql.cnpg.io/v1", "Cluster"],
    serviceMonitor: ["monitoring.coreos.com/v1", "ServiceMonitor"],
} as const satisfies Record<string, readonly [string, string]>;
