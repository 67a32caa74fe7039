// A cert-manager Certificate with the platform's renewal policy: 90 days, renewed
// 30 days before expiry, a fresh key on every renewal.
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";

export interface IssuerReference {
    kind: "ClusterIssuer" | "Issuer";
    name: string;
}

export interface RenewalPolicy {
    duration: string;
    renewBefore: string;
}

export interface CertificateArgs {
    namespace: pulumi.Input<string>;
    secretName: string;
    dnsNames: string[];
    issuer: IssuerReference;
    usages: string[];
    /** What must be ready before cert-manager issues: its release and the approval of requests. */
    issuance: pulumi.Resource;
    /** @default the first of dnsNames */
    commonName?: string;
    /** A CA certificate, which signs others. @default false */
    isCA?: boolean;
    /** The only DNS names (and their subdomains) a CA certificate may sign for. @default none */
    permittedDnsDomains?: string[];
    /** @default certificatePolicy (90 days, renewed 30 days before expiry) */
    renewal?: RenewalPolicy;
}

export const certificatePolicy: RenewalPolicy = {
    duration: "2160h",
    renewBefore: "720h",
};

export function certificate(name: string, args: CertificateArgs, opts: pulumi.CustomResourceOptions): CustomResource {
    const renewal = args.renewal ?? certificatePolicy;
    return new CustomResource(
        name,
        {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: { name, namespace: args.namespace },
            spec: {
                secretName: args.secretName,
                commonName: args.commonName ?? args.dnsNames[0],
                ...(args.dnsNames.length > 0 ? { dnsNames: args.dnsNames } : {}),
                ...(args.isCA ? { isCA: true } : {}),
                // Critical: a verifier that does not understand the constraint must refuse the chain.
                ...(args.permittedDnsDomains ? { nameConstraints: { critical: true, permitted: { dnsDomains: args.permittedDnsDomains } } } : {}),
                issuerRef: { group: "cert-manager.io", ...args.issuer },
                duration: renewal.duration,
                renewBefore: renewal.renewBefore,
                // RSA 2048: the key type every DICOM modality's TLS stack accepts.
                privateKey: { algorithm: "RSA", size: 2048, rotationPolicy: "Always" },
                usages: args.usages,
            },
        },
        { ...opts, dependsOn: [args.issuance] },
    );
}
