// Pulumi mocks that do what the tls provider would with the inputs the program
// sends, using openssl: real keys, real requests, real certificates with the
// subject, CA flag, key usages and validity the program asked for. A test can
// then check the program's PKI with openssl itself (chains, usages, which key
// signs what), not a stand-in's word for it.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as pulumi from "@pulumi/pulumi";
import { unwrapped } from "./site-mocks";

type Json = Record<string, any>;

// The tls provider's allowed_uses, as openssl extension names.
const keyUsages: Record<string, string> = {
    cert_signing: "keyCertSign",
    crl_signing: "cRLSign",
    digital_signature: "digitalSignature",
    key_encipherment: "keyEncipherment",
};
const extendedKeyUsages: Record<string, string> = { client_auth: "clientAuth", server_auth: "serverAuth" };

function openssl(args: string[], input?: string): string {
    const result = spawnSync("openssl", args, { input, encoding: "utf8" });
    if (result.error || result.status !== 0) {
        throw new Error(`openssl ${args.join(" ")} failed: ${result.error?.message ?? result.stderr}`);
    }
    return result.stdout;
}

function subjectOf(subject: Json | undefined): string {
    const parts: [string, unknown][] = [
        ["O", subject?.organization],
        ["OU", subject?.organizationalUnit],
        ["CN", subject?.commonName],
    ];
    const text = parts.filter(([, value]) => value).map(([key, value]) => `/${key}=${value}`).join("");
    return text || "/";
}

function extensions(inputs: Json): string {
    const uses: string[] = inputs.allowedUses ?? [];
    const lines = [`basicConstraints = critical, CA:${inputs.isCaCertificate ? "TRUE" : "FALSE"}`];
    const usage = uses.filter((use) => use in keyUsages).map((use) => keyUsages[use]);
    const extended = uses.filter((use) => use in extendedKeyUsages).map((use) => extendedKeyUsages[use]);
    if (usage.length) lines.push(`keyUsage = critical, ${usage.join(", ")}`);
    if (extended.length) lines.push(`extendedKeyUsage = ${extended.join(", ")}`);
    lines.push("subjectKeyIdentifier = hash");
    return lines.join("\n") + "\n";
}

export class OpensslTlsProvider {
    private readonly directory = fs.mkdtempSync(path.join(os.tmpdir(), "tls-provider-"));
    private counter = 0;

    private file(content: string): string {
        const file = path.join(this.directory, `f${this.counter++}`);
        fs.writeFileSync(file, content, { mode: 0o600 });
        return file;
    }

    /** The state the tls provider would return for a resource of its own, or undefined for any other type. */
    create(type: string, rawInputs: Json): Json | undefined {
        // Values arrive wrapped when secret; openssl needs them plain.
        const inputs = unwrapped(rawInputs) as Json;
        const days = String(Math.max(1, Math.round((inputs.validityPeriodHours ?? 24) / 24)));
        switch (type) {
            case "tls:index/privateKey:PrivateKey": {
                const args =
                    inputs.algorithm === "ECDSA"
                        ? ["genpkey", "-algorithm", "EC", "-pkeyopt", `ec_paramgen_curve:${inputs.ecdsaCurve === "P384" ? "P-384" : "P-256"}`]
                        : ["genpkey", "-algorithm", "RSA", "-pkeyopt", `rsa_keygen_bits:${inputs.rsaBits ?? 2048}`];
                const privateKeyPem = openssl(args);
                return {
                    privateKeyPem,
                    privateKeyPemPkcs8: openssl(["pkcs8", "-topk8", "-nocrypt"], privateKeyPem),
                    publicKeyPem: openssl(["pkey", "-pubout"], privateKeyPem),
                };
            }
            case "tls:index/selfSignedCert:SelfSignedCert": {
                const certPem = openssl([
                    "req", "-x509", "-new", "-key", this.file(inputs.privateKeyPem), "-subj", subjectOf(inputs.subject), "-days", days,
                    "-extensions", "ext", "-config", this.file(`[req]\ndistinguished_name = dn\n[dn]\n[ext]\n${extensions(inputs)}`),
                ]);
                return { certPem };
            }
            case "tls:index/certRequest:CertRequest":
                return { certRequestPem: openssl(["req", "-new", "-key", this.file(inputs.privateKeyPem), "-subj", subjectOf(inputs.subject)]) };
            case "tls:index/locallySignedCert:LocallySignedCert": {
                const certPem = openssl([
                    "x509", "-req", "-in", this.file(inputs.certRequestPem), "-CA", this.file(inputs.caCertPem), "-CAkey", this.file(inputs.caPrivateKeyPem),
                    "-set_serial", String(1000 + this.counter), "-days", days, "-extfile", this.file(extensions(inputs)),
                ]);
                return { certPem };
            }
            default:
                return undefined;
        }
    }

    /** Mocks in which the tls provider's resources are real and every other resource echoes its inputs. */
    mocks(): pulumi.runtime.Mocks {
        return {
            newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs, ...this.create(args.type, args.inputs) } }),
            call: () => {
                throw new Error("no look-ups");
            },
        };
    }

    dispose(): void {
        fs.rmSync(this.directory, { recursive: true, force: true });
    }
}
