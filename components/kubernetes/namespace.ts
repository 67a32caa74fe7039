// A namespace with Pod Security Admission enforcing a level, so that a workload
// that drifts from its security context is refused by the API server, not just audited.
import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { managedBy } from "./labels";

export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

export interface NamespaceArgs {
    name: string;
    podSecurity: PodSecurityLevel;
    // A stricter level to warn and audit at, where the software cannot be held to
    // it yet: the gap shows up in `kubectl` warnings and the audit log.
    podSecurityGoal?: PodSecurityLevel;
    labels?: Record<string, string>;
}

export function podSecurityLabels(level: PodSecurityLevel, goal: PodSecurityLevel = level): Record<string, string> {
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/audit": goal,
        "pod-security.kubernetes.io/warn": goal,
    };
}

export function namespace(args: NamespaceArgs, opts: pulumi.CustomResourceOptions): Namespace {
    return new Namespace(
        args.name,
        {
            metadata: {
                name: args.name,
                labels: {
                    "app.kubernetes.io/managed-by": managedBy,
                    ...podSecurityLabels(args.podSecurity, args.podSecurityGoal),
                    ...args.labels,
                },
            },
        },
        opts,
    );
}
