// RKE2's secure join token: `K10<hash of the cluster's root CA>::server:<password>`.
// A joining node downloads the CA bundle, checks it against the hash before it
// sends the password, so it cannot be tricked into joining another "cluster"
// (rke2-docs, docs/security/token.md). With custom CAs the hash is the SHA-256 of
// the root certificate's DER encoding, known to the program before any server
// starts, so the first server can be given the full token too.
import * as crypto from "crypto";

export function rootCaHash(rootCertificatePem: string): string {
    const base64 = rootCertificatePem
        .replace(/-----BEGIN CERTIFICATE-----/, "")
        .replace(/-----END CERTIFICATE-----[\s\S]*$/, "")
        .replace(/\s+/g, "");
    return crypto.createHash("sha256").update(Buffer.from(base64, "base64")).digest("hex");
}

export function secureJoinToken(rootCertificatePem: string, password: string): string {
    return `K10${rootCaHash(rootCertificatePem)}::server:${password}`;
}
