// The certificate authorities of an RKE2 cluster, made by the program instead of
// by the first server: RKE2 skips generating its own when it finds these files
// in /var/lib/rancher/rke2/server/tls at its first start (rke2-docs,
// docs/security/certificates.md, "Using Custom CA Certificates"). The program
// then knows, before any VM exists, the CA a kubeconfig must trust, the hash a
// secure join token pins, and it signs its own admin client certificate: no SSH,
// no copying a file off a node.
//
// Topology as in that document: one root signs the five CAs RKE2 uses. The keys
// live in the stack's encrypted state and reach only the first server (through
// its user data): protected, because replacing any of them breaks the cluster.
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";

// The CAs RKE2 reads, by their file name under server/tls (without .crt/.key).
export const rke2CaFiles = ["server-ca", "client-ca", "request-header-ca", "etcd/peer-ca", "etcd/server-ca"] as const;
export type Rke2CaFile = (typeof rke2CaFiles)[number];

/** The group the admin certificate is in; the cluster grants it cluster-admin (see adminBinding). */
export const adminGroup = "imaging:cluster-admins";

const caYears = 10;
const caUses = ["cert_signing", "crl_signing", "digital_signature"];
// The admin's client certificate: short-lived, renewed by the first `pulumi up` in its last month.
const adminValidityDays = 365;
const adminEarlyRenewalDays = 30;

export interface Rke2ClusterPkiArgs {
    /** Names the CAs, so that an operator reading a certificate knows its cluster. */
    clusterName: string;
}

export class Rke2ClusterPki extends pulumi.ComponentResource {
    /** The root's certificate (public): what a secure join token's hash is taken of. */
    readonly rootCertificatePem: pulumi.Output<string>;
    /**
     * Every file RKE2's first server needs under server/tls, by path relative to it
     * (`server-ca.crt`, `etcd/peer-ca.key`, `service.key`, ...). Secret: it holds the keys.
     */
    readonly serverTlsFiles: pulumi.Output<Record<string, string>>;
    /** The CA bundle that signs the API server's certificate (server CA, then root): what a kubeconfig trusts. */
    readonly serverCaBundlePem: pulumi.Output<string>;
    /** The admin's client certificate and key (secret), signed by the client CA, in the group adminGroup. */
    readonly adminCertificatePem: pulumi.Output<string>;
    readonly adminKeyPem: pulumi.Output<string>;

    constructor(name: string, args: Rke2ClusterPkiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:Rke2ClusterPki", name, {}, opts);
        const stateful = { parent: this, protect: true };

        const rootKey = new tls.PrivateKey(`${name}-root`, { algorithm: "ECDSA", ecdsaCurve: "P384" }, stateful);
        const root = new tls.SelfSignedCert(
            `${name}-root`,
            {
                privateKeyPem: rootKey.privateKeyPem,
                subject: { commonName: `${args.clusterName} rke2 root CA`, organizationalUnit: "imaging-platform" },
                isCaCertificate: true,
                validityPeriodHours: caYears * 365 * 24,
                allowedUses: caUses,
            },
            stateful,
        );
        this.rootCertificatePem = root.certPem;

        const cas = Object.fromEntries(
            rke2CaFiles.map((file) => {
                const resourceName = `${name}-${file.replace("/", "-")}`;
                const key = new tls.PrivateKey(resourceName, { algorithm: "ECDSA", ecdsaCurve: "P256" }, stateful);
                const request = new tls.CertRequest(
                    resourceName,
                    { privateKeyPem: key.privateKeyPem, subject: { commonName: `${args.clusterName} rke2 ${file.replace("/", " ")}` } },
                    { parent: this },
                );
                const certificate = new tls.LocallySignedCert(
                    resourceName,
                    {
                        certRequestPem: request.certRequestPem,
                        caPrivateKeyPem: rootKey.privateKeyPem,
                        caCertPem: root.certPem,
                        isCaCertificate: true,
                        validityPeriodHours: caYears * 365 * 24,
                        allowedUses: caUses,
                    },
                    stateful,
                );
                return [file, { key, certificate }];
            }),
        ) as Record<Rke2CaFile, { key: tls.PrivateKey; certificate: tls.LocallySignedCert }>;

        // Service-account tokens are signed with this key; RKE2 expects RSA (as its own generator makes).
        const serviceKey = new tls.PrivateKey(`${name}-service-account`, { algorithm: "RSA", rsaBits: 2048 }, stateful);

        const withRoot = (certificate: tls.LocallySignedCert) => pulumi.concat(certificate.certPem, root.certPem);
        this.serverCaBundlePem = withRoot(cas["server-ca"].certificate);
        const fileEntries: Record<string, pulumi.Output<string>> = { "service.key": serviceKey.privateKeyPem };
        for (const file of rke2CaFiles) {
            // Each CA file carries the chain to the root, which the join token's hash names.
            fileEntries[`${file}.crt`] = withRoot(cas[file].certificate);
            fileEntries[`${file}.key`] = cas[file].key.privateKeyPem;
        }
        this.serverTlsFiles = pulumi.secret(pulumi.all(fileEntries));

        const adminKey = new tls.PrivateKey(`${name}-admin`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, { parent: this });
        const adminRequest = new tls.CertRequest(
            `${name}-admin`,
            { privateKeyPem: adminKey.privateKeyPem, subject: { commonName: "imaging-platform", organization: adminGroup } },
            { parent: this },
        );
        const admin = new tls.LocallySignedCert(
            `${name}-admin`,
            {
                certRequestPem: adminRequest.certRequestPem,
                caPrivateKeyPem: cas["client-ca"].key.privateKeyPem,
                caCertPem: cas["client-ca"].certificate.certPem,
                validityPeriodHours: adminValidityDays * 24,
                earlyRenewalHours: adminEarlyRenewalDays * 24,
                allowedUses: ["client_auth", "digital_signature", "key_encipherment"],
            },
            { parent: this },
        );
        this.adminCertificatePem = admin.certPem;
        this.adminKeyPem = adminKey.privateKeyPem;

        this.registerOutputs({ rootCertificatePem: this.rootCertificatePem, serverCaBundlePem: this.serverCaBundlePem });
    }
}
