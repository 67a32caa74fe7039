// The site's own certificate authority: a self-signed root generated once and
// kept (modalities are configured to trust it, so replacing it is an outage), and
// a cert-manager Issuer that signs with it. The Issuer lives in cert-manager's
// namespace and signs only the server intermediate (server-ca.ts): no other
// namespace can ask the root for anything, and what it may sign is a policy of
// CertificateApproval.
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Secret } from "@pulumi/kubernetes/core/v1";
import type { IssuerReference } from "./certificate";

export interface SiteCertificateAuthorityArgs {
    siteName: string;
    // cert-manager's own namespace: a ClusterIssuer reads its CA Secret from there.
    certManagerNamespace: string;
    certManager: pulumi.Resource;
}

export class SiteCertificateAuthority extends pulumi.ComponentResource {
    // Public part only; hand it to modalities and browsers that must trust the site.
    readonly certificatePem: pulumi.Output<string>;
    // A namespaced Issuer in cert-manager's namespace.
    readonly issuer: IssuerReference;
    readonly namespace: string;

    constructor(name: string, args: SiteCertificateAuthorityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:certificates:SiteCertificateAuthority", name, {}, opts);
        this.issuer = { kind: "Issuer", name };
        this.namespace = args.certManagerNamespace;

        const key = new tls.PrivateKey(name, { algorithm: "RSA", rsaBits: 4096 }, { parent: this, protect: true });
        const certificate = new tls.SelfSignedCert(
            name,
            {
                privateKeyPem: key.privateKeyPem,
                subject: { commonName: `${args.siteName} imaging CA`, organizationalUnit: "imaging-platform" },
                isCaCertificate: true,
                // Ten years; no early renewal: a new root must be rolled out to modalities on purpose.
                validityPeriodHours: 10 * 365 * 24,
                allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
            },
            { parent: this, protect: true },
        );
        this.certificatePem = certificate.certPem;

        const keyPair = new Secret(
            name,
            {
                metadata: { name, namespace: args.certManagerNamespace },
                type: "kubernetes.io/tls",
                stringData: { "tls.crt": certificate.certPem, "tls.key": key.privateKeyPem },
            },
            // cert-manager's release comes after its namespace.
            { parent: this, dependsOn: [args.certManager] },
        );
        new CustomResource(
            name,
            {
                apiVersion: "cert-manager.io/v1",
                kind: "Issuer",
                metadata: { name, namespace: args.certManagerNamespace },
                spec: { ca: { secretName: keyPair.metadata.name } },
            },
            { parent: this, dependsOn: [args.certManager] },
        );

        this.registerOutputs({ certificatePem: this.certificatePem });
    }
}
