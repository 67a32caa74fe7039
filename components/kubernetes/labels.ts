// Recommended Kubernetes labels (app.kubernetes.io/*), so every object the program
// owns can be selected by component and traced back to this program.
export const managedBy = "imaging-platform";

export function appLabels(name: string, component: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
        "app.kubernetes.io/name": name,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/part-of": "imaging-platform",
        "app.kubernetes.io/managed-by": managedBy,
        ...extra,
    };
}

// The subset that stays stable for the life of a workload: Deployment selectors are immutable.
export function selectorLabels(name: string): Record<string, string> {
    return { "app.kubernetes.io/name": name };
}
