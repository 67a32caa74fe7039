// A cert-manager Certificate with the platform's renewal policy: 90 days, renewed
// 30 days before expiry, a fresh key on every renewal.
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";

export interface IssuerReference {
    kind: "ClusterIssuer" | "Issuer";
    name: string;
}

export interface CertificateArgs {
    namespace: pulumi.Input<string>;
    secretName: string;
    dnsNames: string[];
    issuer: IssuerReference;
    usages: string[];
    certManager: pulumi.Resource;
}

export const certificatePolicy = {
    duration: "2160h",
    renewBefore: "720h",
} as const;

export function certificate(name: string, args: CertificateArgs, opts: pulumi.CustomResourceOptions): CustomResource {
    return new CustomResource(
        name,
        {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: { name, namespace: args.namespace },
            spec: {
                secretName: args.secretName,
                commonName: args.dnsNames[0],
                dnsNames: args.dnsNames,
                issuerRef: { group: "cert-manager.io", ...args.issuer },
                duration: certificatePolicy.duration,
                renewBefore: certificatePolicy.renewBefore,
                // RSA 2048: the key type every DICOM modality's TLS stack accepts.
                privateKey: { algorithm: "RSA", size: 2048, rotationPolicy: "Always" },
                usages: args.usages,
            },
        },
        { ...opts, dependsOn: [args.certManager] },
    );
}
