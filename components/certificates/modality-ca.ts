// The CA whose client certificates may send DICOM to Orthanc: a root of its own,
// separate from the site root that signs server certificates, so that nothing
// cert-manager can issue (to any namespace, for any name) is a way into the PACS.
// Its key never enters the cluster: it lives only in the stack's encrypted state,
// and a modality certificate is issued by one deliberate act, adding the
// modality's certificate request to the site's configuration, reviewed in the
// plan and applied with `pulumi up` (see the README, "Enrolling a modality").
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";

export interface ModalityCertificateAuthorityArgs {
    siteName: string;
    /** PEM certificate requests by modality name; each becomes one client certificate. @default {} */
    certificateRequests?: Record<string, string>;
    /** How long a modality certificate lasts. @default 730 */
    validityDays?: number;
}

// A modality certificate reappears in the plan this long before it expires: the
// next `pulumi up` then issues a new one for the same request, while the old
// one stays valid until its own end.
export const modalityEarlyRenewalDays = 60;

// Modalities both send (client) and receive C-MOVE and C-STORE from Orthanc (server).
export const modalityCertificateUses = ["client_auth", "server_auth", "digital_signature", "key_encipherment"];

export class ModalityCertificateAuthority extends pulumi.ComponentResource {
    // Public part only: what Orthanc trusts for modalities.
    readonly certificatePem: pulumi.Output<string>;
    // Each enrolled modality's certificate (public), by its name in the configuration.
    readonly modalityCertificates: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: ModalityCertificateAuthorityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:certificates:ModalityCertificateAuthority", name, {}, opts);
        const validityDays = args.validityDays ?? 730;

        const key = new tls.PrivateKey(name, { algorithm: "RSA", rsaBits: 4096 }, { parent: this, protect: true });
        const root = new tls.SelfSignedCert(
            name,
            {
                privateKeyPem: key.privateKeyPem,
                subject: { commonName: `${args.siteName} imaging modality CA`, organizationalUnit: "imaging-platform" },
                isCaCertificate: true,
                // Ten years, protected: replacing it means re-enrolling every modality.
                validityPeriodHours: 10 * 365 * 24,
                allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
            },
            { parent: this, protect: true },
        );
        this.certificatePem = root.certPem;

        this.modalityCertificates = Object.fromEntries(
            Object.entries(args.certificateRequests ?? {}).map(([modality, request]) => {
                const signed = new tls.LocallySignedCert(
                    `${name}-${modality}`,
                    {
                        certRequestPem: request,
                        caPrivateKeyPem: key.privateKeyPem,
                        caCertPem: root.certPem,
                        validityPeriodHours: validityDays * 24,
                        earlyRenewalHours: modalityEarlyRenewalDays * 24,
                        allowedUses: modalityCertificateUses,
                    },
                    { parent: this },
                );
                return [modality, signed.certPem];
            }),
        );

        this.registerOutputs({ certificatePem: this.certificatePem, modalityCertificates: this.modalityCertificates });
    }
}
