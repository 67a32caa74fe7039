// The certificates of a site, made with openssl in the layout cert-manager gives
// a kubernetes.io/tls Secret (tls.crt, tls.key, ca.crt), plus a second, foreign
// CA whose certificates the site must refuse.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { runChecked } from "./run-command";

export interface CertificateAuthority {
    certificate: string;
    key: string;
}

// One cert-manager Secret as files.
export interface TlsSecretFiles {
    certificate: string; // tls.crt
    key: string; // tls.key
    ca: string; // ca.crt: the issuing CA
}

export interface TestPki {
    trustedCa: CertificateAuthority;
    // For Orthanc's DICOM port and for PostgreSQL: names the loopback host.
    server: TlsSecretFiles;
    // A modality enrolled at the site.
    modality: TlsSecretFiles;
    foreignCa: CertificateAuthority;
    // A modality enrolled elsewhere: valid certificate, wrong issuer.
    foreignModality: TlsSecretFiles;
}

// The host in the test's URLs and PostgreSQL ConnectionUri (verify-full checks it).
export const loopbackHost = "127.0.0.1";

const validityDays = "2";
// cert-manager's default private key.
const keyAlgorithm = "rsa:2048";

export async function createTestPki(directory: string): Promise<TestPki> {
    const [trustedCa, foreignCa] = await Promise.all([
        createCa(path.join(directory, "trusted-ca"), "imaging-platform conformance CA"),
        createCa(path.join(directory, "foreign-ca"), "foreign hospital CA"),
    ]);
    const [server, modality, foreignModality] = await Promise.all([
        issue(trustedCa, path.join(directory, "server"), {
            commonName: "localhost",
            subjectAltName: `DNS:localhost,IP:${loopbackHost}`,
            extendedKeyUsage: "serverAuth",
        }),
        issue(trustedCa, path.join(directory, "modality"), { commonName: "CT01", extendedKeyUsage: "clientAuth" }),
        // Same name as the enrolled modality: only the issuer tells them apart.
        issue(foreignCa, path.join(directory, "foreign-modality"), { commonName: "CT01", extendedKeyUsage: "clientAuth" }),
    ]);
    return { trustedCa, foreignCa, server, modality, foreignModality };
}

async function createCa(directory: string, commonName: string): Promise<CertificateAuthority> {
    fs.mkdirSync(directory, { recursive: true });
    const ca = { certificate: path.join(directory, "ca.crt"), key: path.join(directory, "ca.key") };
    await runChecked("openssl", [
        "req", "-x509", "-new", "-nodes", "-newkey", keyAlgorithm,
        "-keyout", ca.key, "-out", ca.certificate, "-days", validityDays,
        "-subj", `/O=imaging-platform test/CN=${commonName}`,
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    return ca;
}

interface LeafProfile {
    commonName: string;
    subjectAltName?: string;
    extendedKeyUsage: "serverAuth" | "clientAuth";
}

async function issue(ca: CertificateAuthority, directory: string, profile: LeafProfile): Promise<TlsSecretFiles> {
    fs.mkdirSync(directory, { recursive: true });
    const files: TlsSecretFiles = {
        certificate: path.join(directory, "tls.crt"),
        key: path.join(directory, "tls.key"),
        ca: path.join(directory, "ca.crt"),
    };
    const request = path.join(directory, "tls.csr");
    const extensions = path.join(directory, "extensions.cnf");
    fs.writeFileSync(
        extensions,
        [
            "basicConstraints=critical,CA:FALSE",
            "keyUsage=critical,digitalSignature,keyEncipherment",
            `extendedKeyUsage=${profile.extendedKeyUsage}`,
            ...(profile.subjectAltName ? [`subjectAltName=${profile.subjectAltName}`] : []),
            "",
        ].join("\n"),
    );
    await runChecked("openssl", [
        "req", "-new", "-nodes", "-newkey", keyAlgorithm,
        "-keyout", files.key, "-out", request, "-subj", `/CN=${profile.commonName}`,
    ]);
    await runChecked("openssl", [
        "x509", "-req", "-in", request, "-CA", ca.certificate, "-CAkey", ca.key, "-set_serial", randomSerial(),
        "-days", validityDays, "-extfile", extensions, "-out", files.certificate,
    ]);
    fs.copyFileSync(ca.certificate, files.ca);
    fs.chmodSync(files.key, 0o600);
    return files;
}

function randomSerial(): string {
    return `0x${crypto.randomBytes(8).toString("hex")}`;
}
