// A namespace with Pod Security Admission enforcing a level, so that a workload
// that drifts from its security context is refused by the API server, not just audited.
import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { managedBy } from "./labels";

export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

export interface NamespaceArgs {
    name: string;
    podSecurity: PodSecurityLevel;
    labels?: Record<string, string>;
}

export function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/audit": level,
        "pod-security.kubernetes.io/warn": level,
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
                    ...podSecurityLabels(args.podSecurity),
                    ...args.labels,
                },
            },
        },
        opts,
    );
}
