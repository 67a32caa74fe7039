// The certificates the platform serves with: Orthanc's DICOM server certificate
// (always from the site CA, which modalities trust), the web certificate the
// ingress gateway presents, and the bundle of CAs whose client certificates may
// send DICOM. The bundle is public (certificates only) and kept in a ConfigMap, so
// that a change of who may send DICOM shows in the plan and its review.
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap } from "@pulumi/kubernetes/core/v1";
import { certificate, type IssuerReference } from "./certificate";
import type { SiteCertificateAuthority } from "./site-ca";

export interface PlatformCertificatesArgs {
    siteCa: SiteCertificateAuthority;
    certManager: pulumi.Resource;
    dicom: {
        namespace: pulumi.Input<string>;
        serverSecretName: string;
        trustedCaConfigMapName: string;
        // Names modalities and in-cluster clients use to reach Orthanc's DICOM port.
        dnsNames: string[];
        // PEM CAs trusted in addition to the site CA.
        extraTrustedClientCAs: string[];
    };
    web: {
        // The gateway reads its certificate from its own namespace.
        namespace: pulumi.Input<string>;
        secretName: string;
        dnsNames: string[];
        // Absent: the site CA.
        issuer?: IssuerReference;
    };
}

export class PlatformCertificates extends pulumi.ComponentResource {
    constructor(name: string, args: PlatformCertificatesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:certificates:PlatformCertificates", name, {}, opts);
        const siteIssuer: IssuerReference = { kind: "ClusterIssuer", name: args.siteCa.issuerName };

        certificate(
            "orthanc-dicom-server",
            {
                namespace: args.dicom.namespace,
                secretName: args.dicom.serverSecretName,
                dnsNames: args.dicom.dnsNames,
                issuer: siteIssuer,
                // Orthanc also acts as a TLS client when it sends (C-MOVE, C-STORE) to modalities.
                usages: ["server auth", "client auth", "digital signature", "key encipherment"],
                certManager: args.certManager,
            },
            { parent: this },
        );

        new ConfigMap(
            args.dicom.trustedCaConfigMapName,
            {
                metadata: { name: args.dicom.trustedCaConfigMapName, namespace: args.dicom.namespace },
                data: {
                    "ca.crt": args.siteCa.certificatePem.apply((siteCa) => trustedCaBundle(siteCa, args.dicom.extraTrustedClientCAs)),
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
                issuer: args.web.issuer ?? siteIssuer,
                usages: ["server auth", "digital signature", "key encipherment"],
                certManager: args.certManager,
            },
            { parent: this },
        );

        this.registerOutputs({});
    }
}

// The site CA first, then the extra CAs, one PEM block per line group.
export function trustedCaBundle(siteCa: string, extraCas: string[]): string {
    return [siteCa, ...extraCas].map((pem) => `${pem.trim()}\n`).join("");
}
