// The orthanc container's environment as the kubelet sets it: literal values as
// written, each secretKeyRef from the Secret and key it names (the Secret's
// stand-in), each configMapKeyRef from the planned ConfigMap, and the pod's own
// fields from a stand-in pod. Anything else stops the test rather than leave a
// variable out.
import type { Container, EnvVar } from "./pod-spec";
import type { Plan } from "../../tools/plan/evaluate";
import { findObject, kinds } from "./plan-objects";
import type { SecretData } from "./secret-stand-ins";

export interface PodStandIn {
    name: string;
    namespace: string;
}

export interface EnvironmentSources {
    plan: Plan;
    pod: PodStandIn;
    secret(namespace: string, name: string): Promise<SecretData | undefined>;
}

export async function containerEnvironment(container: Container, sources: EnvironmentSources): Promise<Record<string, string>> {
    if ((container.envFrom ?? []).length > 0) {
        throw new Error(`container ${container.name}: envFrom is not recreated by the conformance test`);
    }
    const environment: Record<string, string> = {};
    for (const variable of container.env ?? []) {
        const value = await valueOf(variable, sources);
        if (value !== undefined) {
            environment[variable.name] = value;
        }
    }
    return environment;
}

// undefined: an optional reference to something absent (Kubernetes leaves the variable unset).
async function valueOf(variable: EnvVar, sources: EnvironmentSources): Promise<string | undefined> {
    const { name, value, valueFrom } = variable;
    if (valueFrom === undefined) {
        if (value !== undefined && value.includes("$(")) {
            throw new Error(`${name}: $(VAR) references in a value are not expanded by the conformance test`);
        }
        return value ?? "";
    }
    const { namespace } = sources.pod;
    if (valueFrom.secretKeyRef) {
        const { name: secretName, key, optional } = valueFrom.secretKeyRef;
        const data = await sources.secret(namespace, required(secretName, name));
        return pick(data?.[key], optional, `${name}: Secret ${namespace}/${secretName} has no key ${key}`);
    }
    if (valueFrom.configMapKeyRef) {
        const { name: configMapName, key, optional } = valueFrom.configMapKeyRef;
        const configMap = findObject(sources.plan, ...kinds.configMap, required(configMapName, name), namespace) as { data?: Record<string, string> } | undefined;
        return pick(configMap?.data?.[key], optional, `${name}: ConfigMap ${namespace}/${configMapName} has no key ${key}`);
    }
    if (valueFrom.fieldRef) {
        const fields: Record<string, string> = { "metadata.name": sources.pod.name, "metadata.namespace": namespace };
        const field = fields[valueFrom.fieldRef.fieldPath];
        if (field === undefined) {
            throw new Error(`${name}: the pod field ${valueFrom.fieldRef.fieldPath} has no stand-in in the conformance test`);
        }
        return field;
    }
    throw new Error(`${name}: valueFrom ${Object.keys(valueFrom).join(", ")} is not recreated by the conformance test`);
}

function pick(value: string | undefined, optional: boolean | undefined, problem: string): string | undefined {
    if (value === undefined && optional !== true) {
        // The kubelet would not start the container (CreateContainerConfigError).
        throw new Error(problem);
    }
    return value;
}

function required(value: string | undefined, variable: string): string {
    if (!value) {
        throw new Error(`${variable}: valueFrom names no object`);
    }
    return value;
}
