// Who may get which certificate. cert-manager's own approver is off (see
// cert-manager.ts); approver-policy approves a CertificateRequest only when a
// policy here selects its issuer and namespace, the request asks for no more than
// the policy allows, and the requester may `use` the policy. Only cert-manager's
// controller may, so a certificate is issued only for a Certificate object in a
// namespace the policy names, never for a CertificateRequest someone writes by
// hand; a request no policy selects stays pending, which is the default for any
// issuer the platform does not know about.
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { ClusterRole, ClusterRoleBinding } from "@pulumi/kubernetes/rbac/v1";
import { pinnedRelease } from "../kubernetes/helm-release";
import { charts } from "../versions";
import type { IssuerReference } from "./certificate";
import type { ServiceAccountReference } from "./cert-manager";

export interface ApprovalPolicy {
    name: string;
    /** The issuer whose requests this policy decides. */
    issuer: IssuerReference & { group?: string };
    /** Namespaces whose requests it decides; requests from any other are not covered. */
    namespaces: pulumi.Input<string>[];
    /** Common names a certificate may carry, exactly. */
    commonNames: string[];
    /** DNS names a certificate may carry, exactly. @default none */
    dnsNames?: string[];
    /** cert-manager usage names, e.g. "server auth". */
    usages: string[];
    /** @default false */
    isCA?: boolean;
    /** The longest validity it approves, e.g. "2160h". */
    maxDuration: string;
}

export interface CertificateApprovalArgs {
    namespace: string;
    /** The requester every policy is bound to: cert-manager's controller. */
    requester: ServiceAccountReference;
    policies: ApprovalPolicy[];
    certManager: pulumi.Resource;
}

export const approverPolicyPods = { app: "cert-manager-approver-policy" } as const;
export const approverPolicyWebhookPort = 10250;

export class CertificateApproval extends pulumi.ComponentResource {
    readonly release: Release;

    constructor(name: string, args: CertificateApprovalArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:certificates:CertificateApproval", name, {}, opts);
        this.release = pinnedRelease(
            name,
            {
                releaseName: name,
                pin: charts.approverPolicy,
                namespace: args.namespace,
                values: {
                    // Deleting the CRD would delete the policies: nothing would be approved again until they are back.
                    crds: { enabled: true, keep: true },
                },
            },
            { parent: this, dependsOn: [args.certManager] },
        );

        const policies = args.policies.map(
            (policy) =>
                new CustomResource(
                    policy.name,
                    {
                        apiVersion: "policy.cert-manager.io/v1alpha1",
                        kind: "CertificateRequestPolicy",
                        metadata: { name: policy.name },
                        spec: certificateRequestPolicySpec(policy),
                    },
                    { parent: this, dependsOn: [this.release] },
                ),
        );
        const role = new ClusterRole(
            name,
            {
                metadata: { name },
                rules: [
                    {
                        apiGroups: ["policy.cert-manager.io"],
                        resources: ["certificaterequestpolicies"],
                        verbs: ["use"],
                        resourceNames: args.policies.map((policy) => policy.name),
                    },
                ],
            },
            { parent: this, dependsOn: policies },
        );
        new ClusterRoleBinding(
            name,
            {
                metadata: { name },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name },
                subjects: [{ kind: "ServiceAccount", namespace: args.requester.namespace, name: args.requester.name }],
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}

// approver-policy's `allowed` lists what a request may carry; what it omits, a request must omit.
export function certificateRequestPolicySpec(policy: ApprovalPolicy): Record<string, unknown> {
    if (policy.commonNames.length === 0) {
        throw new Error(`approval policy ${policy.name}: at least one common name`);
    }
    const dnsNames = policy.dnsNames ?? [];
    return {
        selector: {
            issuerRef: { group: policy.issuer.group ?? "cert-manager.io", kind: policy.issuer.kind, name: policy.issuer.name },
            namespace: { matchNames: policy.namespaces },
        },
        allowed: {
            commonName:
                policy.commonNames.length === 1
                    ? { value: policy.commonNames[0], required: true }
                    : {
                          value: "*",
                          required: true,
                          validations: [{ rule: `self in ${celList(policy.commonNames)}`, message: `the common name must be one of ${policy.commonNames.join(", ")}` }],
                      },
            ...(dnsNames.length > 0 ? { dnsNames: { values: dnsNames, required: false } } : {}),
            usages: policy.usages,
            isCA: policy.isCA ?? false,
        },
        constraints: { maxDuration: policy.maxDuration },
    };
}

function celList(values: string[]): string {
    return `[${values.map((value) => JSON.stringify(value)).join(", ")}]`;
}
