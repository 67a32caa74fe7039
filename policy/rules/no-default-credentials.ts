import { safeguards, type ResourceRule } from "../support/rule";
import { field } from "../support/values";

// Passwords the components ship with or that people type first. The program
// generates every password (random.RandomPassword); a literal one is a mistake.
const knownDefaults = new Set(["", "admin", "orthanc", "password", "postgres", "prom-operator", "changeme", "secret", "123456"]);
const minimumGeneratedLength = 20;

function secretProblems(inputs: Record<string, unknown>): string[] {
    const data = { ...(field(inputs, "stringData") as Record<string, unknown> | undefined) };
    return Object.entries(data)
        .filter(([key, value]) => /pass(word)?$/i.test(key) && typeof value === "string" && knownDefaults.has(value.toLowerCase()))
        .map(([key]) => `Secret ${String(field(inputs, "metadata", "name"))} sets ${key} to a default or empty value: fill it from a random.RandomPassword`);
}

/** No component runs with a default or typed-in credential. */
export const rule: ResourceRule = {
    name: "no-default-credentials",
    description: `Passwords are generated (random.RandomPassword of ${minimumGeneratedLength} characters at least), never a default: Secrets hold no known default password, Grafana takes its admin from a Secret, PostgreSQL has no superuser login.`,
    safeguard: safeguards.accessControl,
    enforcement: "mandatory",
    scope: "resource",
    check(resource) {
        switch (resource.type) {
            case "kubernetes:core/v1:Secret":
                return secretProblems(resource.inputs);
            case "random:index/randomPassword:RandomPassword": {
                const length = resource.inputs.length;
                return typeof length === "number" && length >= minimumGeneratedLength ? [] : [`RandomPassword ${resource.name} is ${String(length)} characters long: make it at least ${minimumGeneratedLength}`];
            }
            case "kubernetes:helm.sh/v3:Release":
                if (resource.inputs.chart === "kube-prometheus-stack" && !field(resource.inputs, "values", "grafana", "admin", "existingSecret")) {
                    return ["Grafana keeps its chart's default admin password: set values.grafana.admin.existingSecret to a Secret with a generated password"];
                }
                return [];
            case "kubernetes:postgresql.cnpg.io/v1:Cluster":
                return field(resource.inputs, "spec", "enableSuperuserAccess") === true ? ["set spec.enableSuperuserAccess to false: nobody logs in as postgres"] : [];
            default:
                return [];
        }
    },
};
