// Validates a Kubernetes object against the upstream OpenAPI schema of its kind:
// kubernetes-models for built-in kinds, @kubernetes-models/* for the CRDs that
// have a package.

// apiVersion group -> package that ships its models.
const crdPackages: Record<string, string> = {
    "cert-manager.io": "@kubernetes-models/cert-manager",
    "acme.cert-manager.io": "@kubernetes-models/cert-manager",
    "networking.istio.io": "@kubernetes-models/istio",
    "security.istio.io": "@kubernetes-models/istio",
    "telemetry.istio.io": "@kubernetes-models/istio",
    "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

// Groups no published model package covers; their objects are checked by the
// component tests instead. A group missing from both lists fails the test.
export const groupsWithoutModels = new Set(["postgresql.cnpg.io", "barmancloud.cnpg.io"]);

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
