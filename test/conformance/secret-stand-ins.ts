// The content of every Secret the Orthanc pod reads, as whoever fills it in the
// cluster would: cert-manager for a Certificate's Secret (a certificate from the
// test CA its issuerRef points to, with its names and usages), the program for
// the Secrets it declares (program-secrets.ts), CloudNativePG for the ones its
// Cluster gets (cloudnative-pg.ts). Each Secret is made once per site, when first
// asked for; one the cluster would not have is undefined, as a missing Secret.
import * as fs from "fs";
import * as path from "path";
import type { GeneratedOrthanc } from "./generated-orthanc";
import { caSecretName, plannedPostgresCluster, readWriteServiceName, serverAltDnsNames, serverSecretName } from "./cloudnative-pg";
import { findObject, isPlaceholder, kinds, kubernetesObjects, type KubernetesObject } from "./plan-objects";
import { caFromPem, createCa, issue, type CertificateAuthority, type KeyAlgorithm, type LeafProfile } from "./pki";
import { programSecrets } from "./program-secrets";

export type SecretData = Record<string, string>;

interface IssuerReference {
    kind?: string;
    name: string;
    group?: string;
}

interface CertificateSpec {
    secretName: string;
    commonName?: string;
    dnsNames?: string[];
    ipAddresses?: string[];
    usages?: string[];
    isCA?: boolean;
    nameConstraints?: { permitted?: { dnsDomains?: string[] } };
    privateKey?: { algorithm?: string; size?: number };
    issuerRef: IssuerReference;
}

// The namespace cert-manager's release runs in: where a ClusterIssuer's Secret is.
function certManagerNamespace(plan: GeneratedOrthanc["plan"]): string {
    const release = plan.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && (r.inputs as { chart?: string }).chart === "cert-manager");
    const namespace = (release?.inputs as { namespace?: string } | undefined)?.namespace;
    if (namespace === undefined) {
        throw new Error("the plan installs no cert-manager release: no ClusterIssuer could read its Secret");
    }
    return namespace;
}

export class SecretStandIns {
    private readonly made = new Map<string, Promise<SecretData | undefined>>();
    private readonly cas = new Map<string, Promise<CertificateAuthority>>();

    constructor(
        readonly generated: GeneratedOrthanc,
        private readonly directory: string,
    ) {}

    data(namespace: string, name: string): Promise<SecretData | undefined> {
        const id = `${namespace}/${name}`;
        let made = this.made.get(id);
        if (!made) {
            made = this.make(namespace, name);
            this.made.set(id, made);
        }
        return made;
    }

    async required(namespace: string, name: string): Promise<SecretData> {
        const data = await this.data(namespace, name);
        if (data === undefined) {
            throw new Error(`no Secret ${namespace}/${name}: neither the plan, cert-manager nor CloudNativePG would make it`);
        }
        return data;
    }

    // The CA whose certificate and key a Secret holds (tls.crt/tls.key, or CloudNativePG's ca.crt/ca.key).
    ca(namespace: string, name: string): Promise<CertificateAuthority> {
        const id = `${namespace}/${name}`;
        let ca = this.cas.get(id);
        if (!ca) {
            ca = this.required(namespace, name).then((data) => {
                const certificate = data["tls.crt"] ?? data["ca.crt"];
                const key = data["tls.key"] ?? data["ca.key"];
                if (certificate === undefined || key === undefined) {
                    throw new Error(`Secret ${id} holds no CA certificate and key`);
                }
                return caFromPem(this.path("ca-files", namespace, name), certificate, key);
            });
            this.cas.set(id, ca);
        }
        return ca;
    }

    // The CA a cert-manager issuer signs with; only CA issuers are known to the test.
    async issuerCa(issuerRef: IssuerReference, namespace: string): Promise<CertificateAuthority> {
        const secret = this.issuerSecret(issuerRef, namespace);
        return this.ca(secret.namespace, secret.name);
    }

    // Where a CA issuer's key pair is: a Secret the program writes, or one
    // cert-manager fills for a CA Certificate (the server intermediate).
    private issuerSecret(issuerRef: IssuerReference, namespace: string): { namespace: string; name: string } {
        const { plan } = this.generated;
        if ((issuerRef.group ?? "cert-manager.io") !== "cert-manager.io") {
            throw new Error(`issuer ${issuerRef.name}: the test knows only cert-manager.io issuers, not ${issuerRef.group}`);
        }
        const clusterScoped = (issuerRef.kind ?? "Issuer") === "ClusterIssuer";
        const issuer = clusterScoped
            ? findObject(plan, ...kinds.clusterIssuer, issuerRef.name)
            : findObject(plan, ...kinds.issuer, issuerRef.name, namespace);
        if (!issuer) {
            throw new Error(`the plan holds no ${issuerRef.kind ?? "Issuer"} ${issuerRef.name}`);
        }
        const secretName = (issuer.spec as { ca?: { secretName?: string } } | undefined)?.ca?.secretName;
        if (secretName === undefined) {
            throw new Error(`${issuer.kind} ${issuerRef.name} is not a CA issuer; the test can only stand in for those`);
        }
        // A ClusterIssuer reads its Secret from cert-manager's own namespace.
        const secretNamespace = clusterScoped ? certManagerNamespace(plan) : namespace;
        const planned = findObject(plan, ...kinds.secret, secretName, secretNamespace);
        const certified = kubernetesObjects(plan, ...kinds.certificate).some(
            (c) => c.metadata.namespace === secretNamespace && (c.spec as CertificateSpec | undefined)?.secretName === secretName,
        );
        if (!planned && !certified) {
            throw new Error(`${issuer.kind} ${issuerRef.name} signs with Secret ${secretNamespace}/${secretName}, which neither the plan nor a Certificate makes`);
        }
        return { namespace: secretNamespace, name: secretName };
    }

    private async make(namespace: string, name: string): Promise<SecretData | undefined> {
        const { plan } = this.generated;
        const certificate = kubernetesObjects(plan, ...kinds.certificate).find(
            (c) => c.metadata.namespace === namespace && (c.spec as CertificateSpec | undefined)?.secretName === name,
        );
        if (certificate) {
            return this.issueCertificate(certificate, namespace);
        }
        const planned = findObject(plan, ...kinds.secret, name, namespace);
        if (planned) {
            return this.programSecret(planned);
        }
        return this.cloudNativePgSecret(namespace, name);
    }

    // What cert-manager puts into a Certificate's Secret with a CA issuer: the
    // certificate followed by the issuer's own chain when the issuer is itself an
    // intermediate, and the root in ca.crt.
    private async issueCertificate(certificate: KubernetesObject, namespace: string): Promise<SecretData> {
        const spec = certificate.spec as CertificateSpec;
        const issuerSecret = this.issuerSecret(spec.issuerRef, namespace);
        const issuerData = await this.required(issuerSecret.namespace, issuerSecret.name);
        const ca = await this.ca(issuerSecret.namespace, issuerSecret.name);
        const files = await issue(ca, this.path("certificates", namespace, spec.secretName), {
            commonName: spec.commonName ?? spec.dnsNames?.[0] ?? certificate.metadata.name,
            dnsNames: spec.dnsNames,
            ipAddresses: spec.ipAddresses,
            isCA: spec.isCA,
            permittedDnsDomains: spec.nameConstraints?.permitted?.dnsDomains,
            ...certificateUsages(spec.usages ?? ["digital signature", "key encipherment"]),
            key: certificateKey(spec.privateKey),
        });
        const issuerCertificate = issuerData["tls.crt"] ?? issuerData["ca.crt"];
        const root = issuerData["ca.crt"] ?? issuerCertificate;
        const issuerIsIntermediate = issuerData["ca.crt"] !== undefined && issuerData["ca.crt"].trim() !== issuerCertificate.trim();
        const leaf = readText(files.certificate);
        return {
            "tls.crt": issuerIsIntermediate ? `${leaf.trim()}\n${issuerCertificate.trim()}\n` : leaf,
            "tls.key": readText(files.key),
            "ca.crt": root,
        };
    }

    private async programSecret(secret: KubernetesObject): Promise<SecretData> {
        const { stringData = {}, data = {} } = secret as { stringData?: SecretData; data?: SecretData };
        const planned: Record<string, string> = {
            ...Object.fromEntries(Object.entries(data).map(([key, value]) => [key, isPlaceholder(value) ? value : Buffer.from(value, "base64").toString()])),
            ...stringData,
        };
        const masked = Object.keys(planned).filter((key) => isPlaceholder(planned[key]));
        if (masked.length === 0) {
            return planned;
        }
        const name = secret.metadata.name;
        const content = programSecrets[name];
        if (!content) {
            throw new Error(`Secret ${name}: the plan masks ${masked.join(", ")} and program-secrets.ts does not say how the program makes them`);
        }
        const generated = await content({
            generated: this.generated,
            directory: (part) => this.path("program", part),
        });
        const expected = Object.keys(planned).sort();
        if (JSON.stringify(Object.keys(generated).sort()) !== JSON.stringify(expected)) {
            throw new Error(`Secret ${name}: the program writes keys ${expected.join(", ")}, program-secrets.ts makes ${Object.keys(generated).join(", ")}`);
        }
        return Object.fromEntries(expected.map((key) => [key, isPlaceholder(planned[key]) ? generated[key] : planned[key]]));
    }

    // The operator's Secrets for the plan's Cluster; undefined for any other name.
    private async cloudNativePgSecret(namespace: string, name: string): Promise<SecretData | undefined> {
        const cluster = plannedPostgresCluster(this.generated.plan);
        if (namespace !== cluster.namespace) {
            return undefined;
        }
        if (name === caSecretName(cluster)) {
            const ca = await createCa(this.path("cloudnative-pg", name), `${cluster.name} CloudNativePG CA`, { kind: "ecdsa", curve: "P-256" });
            return { "ca.crt": readText(ca.certificate), "ca.key": readText(ca.key) };
        }
        if (name === serverSecretName(cluster)) {
            const ca = await this.ca(namespace, caSecretName(cluster));
            const files = await issue(ca, this.path("cloudnative-pg", name), {
                commonName: readWriteServiceName(cluster),
                dnsNames: serverAltDnsNames(cluster),
                keyUsages: ["digitalSignature", "keyEncipherment"],
                extendedKeyUsages: ["serverAuth"],
                key: { kind: "ecdsa", curve: "P-256" },
            });
            return { "tls.crt": readText(files.certificate), "tls.key": readText(files.key) };
        }
        return undefined;
    }

    private path(...parts: string[]): string {
        return path.join(this.directory, ...parts);
    }
}

// cert-manager's usage names as X.509 key usages and extended key usages.
function certificateUsages(usages: string[]): Pick<LeafProfile, "keyUsages" | "extendedKeyUsages"> {
    const keyUsages: Record<string, string> = {
        "digital signature": "digitalSignature",
        "key encipherment": "keyEncipherment",
        "cert sign": "keyCertSign",
        "crl sign": "cRLSign",
    };
    const extendedKeyUsages: Record<string, string> = { "server auth": "serverAuth", "client auth": "clientAuth" };
    const unknown = usages.filter((usage) => !(usage in keyUsages) && !(usage in extendedKeyUsages));
    if (unknown.length > 0) {
        throw new Error(`certificate usages the test does not issue: ${unknown.join(", ")}`);
    }
    return {
        keyUsages: usages.filter((usage) => usage in keyUsages).map((usage) => keyUsages[usage]),
        extendedKeyUsages: usages.filter((usage) => usage in extendedKeyUsages).map((usage) => extendedKeyUsages[usage]),
    };
}

// cert-manager's default key is RSA 2048; ECDSA sizes name the curve.
function certificateKey(privateKey: CertificateSpec["privateKey"]): KeyAlgorithm {
    const algorithm = privateKey?.algorithm ?? "RSA";
    if (algorithm === "RSA") {
        return { kind: "rsa", bits: privateKey?.size ?? 2048 };
    }
    if (algorithm === "ECDSA") {
        const curves: Record<number, "P-256" | "P-384"> = { 256: "P-256", 384: "P-384" };
        const curve = curves[privateKey?.size ?? 256];
        if (curve) {
            return { kind: "ecdsa", curve };
        }
    }
    throw new Error(`a ${algorithm} key of size ${privateKey?.size}: not issued by the test`);
}

function readText(file: string): string {
    return fs.readFileSync(file, "utf8");
}
