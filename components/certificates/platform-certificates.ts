// The certificates the platform serves with: Orthanc's DICOM server certificate
// (always from the server intermediate, which chains to the site root modalities
// trust), the web certificate the ingress gateway presents, and the bundle of CAs
// whose client certificates may send DICOM: the modality CA and the site's extra
// CAs, never the site root or the server intermediate. The bundle is public
// (certificates only) and kept in a ConfigMap, so that a change of who may send
// DICOM shows in the plan and its review.
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import type { ApprovalPolicy } from "./approval";
import { certificate, certificatePolicy, type IssuerReference } from "./certificate";

export interface PlatformCertificatesArgs {
    /** The name-constrained intermediate's issuer (ServerCertificateAuthority). */
    serverIssuer: IssuerReference;
    /** The modality CA's certificate (ModalityCertificateAuthority). */
    modalityCaPem: pulumi.Input<string>;
    /** What must be ready before cert-manager issues: its release and the approval of requests. */
    issuance: pulumi.Resource;
    dicom: {
        namespace: pulumi.Input<string>;
        serverSecretName: string;
        trustedCaConfigMapName: string;
        // Names modalities and in-cluster clients use to reach Orthanc's DICOM port.
        dnsNames: string[];
        // PEM CAs trusted in addition to the modality CA.
        extraTrustedClientCAs: string[];
    };
    web: {
        // The gateway reads its certificate from its own namespace.
        namespace: pulumi.Input<string>;
        secretName: string;
        dnsNames: string[];
        // Absent: the server intermediate.
        issuer?: IssuerReference;
    };
}

export const dicomServerUsages = ["server auth", "client auth", "digital signature", "key encipherment"];
export const webServerUsages = ["server auth", "digital signature", "key encipherment"];

export class PlatformCertificates extends pulumi.ComponentResource {
    constructor(name: string, args: PlatformCertificatesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:certificates:PlatformCertificates", name, {}, opts);
        certificate(
            "orthanc-dicom-server",
            {
                namespace: args.dicom.namespace,
                secretName: args.dicom.serverSecretName,
                dnsNames: args.dicom.dnsNames,
                issuer: args.serverIssuer,
                // Orthanc also acts as a TLS client when it sends (C-MOVE, C-STORE) to modalities.
                usages: dicomServerUsages,
                issuance: args.issuance,
            },
            { parent: this },
        );

        new ConfigMap(
            args.dicom.trustedCaConfigMapName,
            {
                metadata: { name: args.dicom.trustedCaConfigMapName, namespace: args.dicom.namespace },
                data: {
                    "ca.crt": pulumi.output(args.modalityCaPem).apply((modalityCa) => trustedCaBundle(modalityCa, args.dicom.extraTrustedClientCAs)),
                },
            },
            { parent: this },
        );

        certificate(
            "imaging-web",
            {
                namespace: args.web.namespace,
                secretName: args.web.secretName,
                dnsNames: args.web.dnsNames,
                issuer: args.web.issuer ?? args.serverIssuer,
                usages: webServerUsages,
                issuance: args.issuance,
            },
            { parent: this },
        );

        this.registerOutputs({});
    }
}

// What CertificateApproval must let through for these certificates, and nothing more.
export function platformCertificateApprovals(args: Pick<PlatformCertificatesArgs, "serverIssuer" | "dicom" | "web">): ApprovalPolicy[] {
    const webIssuer = args.web.issuer ?? args.serverIssuer;
    return [
        {
            name: "imaging-dicom-server-certificate",
            issuer: args.serverIssuer,
            namespaces: [args.dicom.namespace],
            commonNames: [args.dicom.dnsNames[0]],
            dnsNames: args.dicom.dnsNames,
            usages: dicomServerUsages,
            maxDuration: certificatePolicy.duration,
        },
        {
            name: "imaging-web-certificate",
            issuer: webIssuer,
            namespaces: [args.web.namespace],
            commonNames: [args.web.dnsNames[0]],
            dnsNames: args.web.dnsNames,
            usages: webServerUsages,
            maxDuration: certificatePolicy.duration,
        },
    ];
}

// The names the server intermediate must be allowed to sign for: the DICOM
// server's always, the web names when it issues the web certificate too.
export function serverIntermediateNames(args: Pick<PlatformCertificatesArgs, "dicom" | "web">): string[] {
    return [...new Set([...args.dicom.dnsNames, ...(args.web.issuer ? [] : args.web.dnsNames)])];
}

// The modality CA first, then the extra CAs, one PEM block per line group.
export function trustedCaBundle(modalityCa: string, extraCas: string[]): string {
    return [modalityCa, ...extraCas].map((pem) => `${pem.trim()}\n`).join("");
}
