// Reading planned inputs without trusting their shape: a rule must not throw on
// a resource it does not understand, and must not pass one it cannot read.

export function field(value: unknown, ...path: string[]): unknown {
    let current = value;
    for (const key of path) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<string, unknown>)[key];
    }
    return current;
}

export function list(value: unknown): unknown[] {
    return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

// IAM documents travel as JSON strings (aws.iam.RolePolicy.policy) or objects.
// During a preview a document built from unknown ARNs is itself unknown: it is
// judged at `pulumi up`, when the engine knows it (undefined here).
export function jsonDocument(value: unknown): Record<string, unknown> | undefined {
    if (typeof value === "string") {
        try {
            const parsed: unknown = JSON.parse(value);
            return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : undefined;
        } catch {
            return undefined;
        }
    }
    return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
}

/** Short name of a Kubernetes object for messages: namespace/name. */
export function objectName(inputs: Record<string, unknown>): string {
    const namespace = field(inputs, "metadata", "namespace");
    const name = field(inputs, "metadata", "name");
    return typeof namespace === "string" ? `${namespace}/${String(name)}` : String(name);
}
