// Certificate authorities and certificates made with openssl. Which CA stands for
// what (the site CA behind cert-manager's issuer, CloudNativePG's own CA, a
// hospital's other CA) is decided by the callers; here only how they are made.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { runChecked } from "./run-command";

// Files of a CA: its certificate and its key.
export interface CertificateAuthority {
    certificate: string;
    key: string;
}

// A leaf certificate in the layout of a kubernetes.io/tls Secret from cert-manager.
export interface TlsFiles {
    certificate: string; // tls.crt
    key: string; // tls.key
    ca: string; // ca.crt: the issuing CA
}

export type KeyAlgorithm = { kind: "rsa"; bits: number } | { kind: "ecdsa"; curve: "P-256" | "P-384" };

export interface LeafProfile {
    commonName: string;
    // A CA certificate (cert-manager's isCA), which may sign others.
    isCA?: boolean;
    // X.509 name constraints: the only DNS names (and their subdomains) a CA may sign for.
    permittedDnsDomains?: string[];
    dnsNames?: string[];
    ipAddresses?: string[];
    // X.509 names: digitalSignature, keyEncipherment; serverAuth, clientAuth.
    keyUsages: string[];
    extendedKeyUsages: string[];
    key: KeyAlgorithm;
}

// The test's certificates outlive no run.
const validityDays = "2";

export async function createCa(directory: string, commonName: string, key: KeyAlgorithm): Promise<CertificateAuthority> {
    fs.mkdirSync(directory, { recursive: true });
    const ca = { certificate: path.join(directory, "ca.crt"), key: path.join(directory, "ca.key") };
    await runChecked("openssl", [
        "req", "-x509", "-new", "-nodes", ...newKeyArguments(key),
        "-keyout", ca.key, "-out", ca.certificate, "-days", validityDays,
        "-subj", `/O=imaging-platform test/CN=${commonName}`,
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign,digitalSignature",
    ]);
    fs.chmodSync(ca.key, 0o600);
    return ca;
}

// A CA whose PEM files came from elsewhere (a Secret's stand-in), as files.
export function caFromPem(directory: string, certificatePem: string, keyPem: string): CertificateAuthority {
    fs.mkdirSync(directory, { recursive: true });
    const ca = { certificate: path.join(directory, "ca.crt"), key: path.join(directory, "ca.key") };
    fs.writeFileSync(ca.certificate, certificatePem);
    fs.writeFileSync(ca.key, keyPem, { mode: 0o600 });
    return ca;
}

export async function issue(ca: CertificateAuthority, directory: string, profile: LeafProfile): Promise<TlsFiles> {
    fs.mkdirSync(directory, { recursive: true });
    const files: TlsFiles = {
        certificate: path.join(directory, "tls.crt"),
        key: path.join(directory, "tls.key"),
        ca: path.join(directory, "ca.crt"),
    };
    const request = path.join(directory, "tls.csr");
    const extensions = path.join(directory, "extensions.cnf");
    const subjectAltNames = [...(profile.dnsNames ?? []).map((name) => `DNS:${name}`), ...(profile.ipAddresses ?? []).map((ip) => `IP:${ip}`)];
    fs.writeFileSync(
        extensions,
        [
            profile.isCA ? "basicConstraints=critical,CA:TRUE" : "basicConstraints=critical,CA:FALSE",
            ...(profile.permittedDnsDomains ? [`nameConstraints=critical,${profile.permittedDnsDomains.map((name) => `permitted;DNS:${name}`).join(",")}`] : []),
            ...(profile.keyUsages.length > 0 ? [`keyUsage=critical,${profile.keyUsages.join(",")}`] : []),
            ...(profile.extendedKeyUsages.length > 0 ? [`extendedKeyUsage=${profile.extendedKeyUsages.join(",")}`] : []),
            ...(subjectAltNames.length > 0 ? [`subjectAltName=${subjectAltNames.join(",")}`] : []),
            "",
        ].join("\n"),
    );
    await runChecked("openssl", [
        "req", "-new", "-nodes", ...newKeyArguments(profile.key),
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

// Signs a certificate request someone else made (the modality keeps its key), as
// the tls provider's LocallySignedCert does: the request's subject and key, the
// CA's signature, the given uses.
export async function signRequest(
    ca: CertificateAuthority,
    requestFile: string,
    certificateFile: string,
    profile: Pick<LeafProfile, "keyUsages" | "extendedKeyUsages"> & { days: number },
): Promise<void> {
    const extensions = `${certificateFile}.cnf`;
    fs.writeFileSync(
        extensions,
        [
            "basicConstraints=critical,CA:FALSE",
            `keyUsage=critical,${profile.keyUsages.join(",")}`,
            `extendedKeyUsage=${profile.extendedKeyUsages.join(",")}`,
            "",
        ].join("\n"),
    );
    await runChecked("openssl", [
        "x509", "-req", "-in", requestFile, "-CA", ca.certificate, "-CAkey", ca.key, "-set_serial", randomSerial(),
        "-days", String(profile.days), "-extfile", extensions, "-out", certificateFile,
    ]);
}

// A certificate request and its key, as a modality (or its installer) makes them.
export async function certificateRequest(directory: string, commonName: string): Promise<{ key: string; request: string }> {
    fs.mkdirSync(directory, { recursive: true });
    const files = { key: path.join(directory, "modality.key"), request: path.join(directory, "modality.csr") };
    await runChecked("openssl", ["req", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", files.key, "-out", files.request, "-subj", `/CN=${commonName}`]);
    fs.chmodSync(files.key, 0o600);
    return files;
}

function newKeyArguments(key: KeyAlgorithm): string[] {
    return key.kind === "rsa"
        ? ["-newkey", `rsa:${key.bits}`]
        : ["-newkey", "ec", "-pkeyopt", `ec_paramgen_curve:${key.curve}`];
}

function randomSerial(): string {
    return `0x${crypto.randomBytes(8).toString("hex")}`;
}
