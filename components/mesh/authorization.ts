// Who may talk to whom inside an application namespace: nothing by default, then
// one ALLOW policy per workload listing its callers by mesh identity.
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { safeguardProtection } from "../security/safeguard";

export interface AllowRule {
    // Mesh identities allowed; absent: any caller, for ports that must accept plain
    // text from outside the mesh (then a NetworkPolicy narrows the sources).
    principals?: string[];
    ports: number[];
    methods?: string[];
    paths?: string[];
}

export interface WorkloadAccess {
    name: string;
    selector: Record<string, string>;
    rules: AllowRule[];
    // Ports that must also accept plain text (callers outside the mesh, such as an
    // operator's health checks); everything else stays STRICT mutual TLS.
    plainTextPorts?: number[];
}

export interface NamespaceAuthorizationArgs {
    namespace: pulumi.Input<string>;
    workloads: WorkloadAccess[];
    controlPlane: pulumi.Resource;
}

export class NamespaceAuthorization extends pulumi.ComponentResource {
    constructor(name: string, args: NamespaceAuthorizationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:mesh:NamespaceAuthorization", name, {}, opts);
        const childOpts = { parent: this, dependsOn: [args.controlPlane], ...safeguardProtection };

        new CustomResource(
            `${name}-deny-by-default`,
            {
                apiVersion: "security.istio.io/v1",
                kind: "AuthorizationPolicy",
                // An ALLOW policy with no rules matches nothing: every request is denied
                // unless a workload policy below allows it.
                metadata: { name: "deny-by-default", namespace: args.namespace },
                spec: {},
            },
            childOpts,
        );

        for (const workload of args.workloads) {
            new CustomResource(
                `${name}-${workload.name}`,
                {
                    apiVersion: "security.istio.io/v1",
                    kind: "AuthorizationPolicy",
                    metadata: { name: `allow-${workload.name}`, namespace: args.namespace },
                    spec: {
                        selector: { matchLabels: workload.selector },
                        action: "ALLOW",
                        rules: workload.rules.map(toIstioRule),
                    },
                },
                childOpts,
            );
            if (workload.plainTextPorts?.length) {
                new CustomResource(
                    `${name}-${workload.name}-plain-text-ports`,
                    {
                        apiVersion: "security.istio.io/v1",
                        kind: "PeerAuthentication",
                        metadata: { name: `${workload.name}-plain-text-ports`, namespace: args.namespace },
                        spec: {
                            selector: { matchLabels: workload.selector },
                            mtls: { mode: "STRICT" },
                            portLevelMtls: Object.fromEntries(workload.plainTextPorts.map((port) => [String(port), { mode: "PERMISSIVE" }])),
                        },
                    },
                    childOpts,
                );
            }
        }
        this.registerOutputs({});
    }
}

function toIstioRule(rule: AllowRule): Record<string, unknown> {
    const operation = {
        ports: rule.ports.map(String),
        ...(rule.methods ? { methods: rule.methods } : {}),
        ...(rule.paths ? { paths: rule.paths } : {}),
    };
    return {
        ...(rule.principals ? { from: [{ source: { principals: rule.principals } }] } : {}),
        to: [{ operation }],
    };
}
