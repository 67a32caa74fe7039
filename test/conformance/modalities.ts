// Modalities' TLS identities: a client certificate from some CA (the site's, a
// hospital's other CA, or one the site never heard of), and the CA they trust
// for Orthanc's server certificate, which is the site CA handed to them.
import type { ClientTls } from "./dcmtk-client";
import { createCa, issue, type CertificateAuthority } from "./pki";

export type CertificateClientTls = Extract<ClientTls, { kind: "certificate" }>;

// What modality TLS stacks all accept (see certificate.ts).
const modalityKey = { kind: "rsa", bits: 2048 } as const;

export async function modalityTls(issuer: CertificateAuthority, trustedCa: string, directory: string, aeTitle: string): Promise<CertificateClientTls> {
    const files = await issue(issuer, directory, {
        commonName: aeTitle,
        keyUsages: ["digitalSignature", "keyEncipherment"],
        extendedKeyUsages: ["clientAuth"],
        key: modalityKey,
    });
    return { kind: "certificate", key: files.key, certificate: files.certificate, trustedCa };
}

// A CA of another hospital: valid certificates, not enrolled here unless the site says so.
export function outsideCa(directory: string, commonName: string): Promise<CertificateAuthority> {
    return createCa(directory, commonName, modalityKey);
}
