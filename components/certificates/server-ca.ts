// The intermediate CA that signs the platform's server certificates (Orthanc's
// DICOM port, the web gateway). Modalities and browsers trust the site root; the
// root signs only this intermediate, and the intermediate is name-constrained to
// the names the site serves, so even a certificate issued by mistake cannot
// impersonate any other host to them. It signs through a ClusterIssuer because
// the certificates live in several namespaces; which namespaces and names may
// use it is a policy of CertificateApproval.
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import type { ApprovalPolicy } from "./approval";
import { certificate, type IssuerReference, type RenewalPolicy } from "./certificate";
import type { SiteCertificateAuthority } from "./site-ca";

export interface ServerCertificateAuthorityArgs {
    siteName: string;
    siteCa: SiteCertificateAuthority;
    /** Every DNS name a platform server certificate may carry; the intermediate can sign no other. */
    permittedDnsNames: string[];
    /** What must be ready before cert-manager issues: its release and the approval of requests. */
    issuance: pulumi.Resource;
}

// A year, renewed two months ahead: leaf certificates carry the intermediate in
// their chain, so a renewal needs nothing from modalities.
export const intermediateRenewal: RenewalPolicy = { duration: "8760h", renewBefore: "1440h" };

export const serverCaUsages = ["cert sign", "crl sign", "digital signature"];

export function serverIntermediateCommonName(siteName: string): string {
    return `${siteName} imaging server CA`;
}

// The ClusterIssuer a ServerCertificateAuthority of this name signs through.
export function serverIssuerReference(name: string): IssuerReference {
    return { kind: "ClusterIssuer", name };
}

// The one certificate the site root may sign: this intermediate, in cert-manager's namespace.
export function serverIntermediateApproval(name: string, siteName: string, siteCa: SiteCertificateAuthority): ApprovalPolicy {
    return {
        name: `${name}-issuance`,
        issuer: siteCa.issuer,
        namespaces: [siteCa.namespace],
        commonNames: [serverIntermediateCommonName(siteName)],
        usages: serverCaUsages,
        isCA: true,
        maxDuration: intermediateRenewal.duration,
    };
}

export class ServerCertificateAuthority extends pulumi.ComponentResource {
    readonly issuer: IssuerReference;
    readonly commonName: string;
    readonly permittedDnsNames: string[];

    constructor(name: string, args: ServerCertificateAuthorityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:certificates:ServerCertificateAuthority", name, {}, opts);
        if (args.permittedDnsNames.length === 0) {
            throw new Error("the server intermediate needs at least one permitted DNS name");
        }
        this.commonName = serverIntermediateCommonName(args.siteName);
        this.permittedDnsNames = [...new Set(args.permittedDnsNames)];
        this.issuer = serverIssuerReference(name);

        const intermediate = certificate(
            name,
            {
                namespace: args.siteCa.namespace,
                secretName: name,
                dnsNames: [],
                commonName: this.commonName,
                issuer: args.siteCa.issuer,
                usages: serverCaUsages,
                isCA: true,
                permittedDnsDomains: this.permittedDnsNames,
                renewal: intermediateRenewal,
                issuance: args.issuance,
            },
            { parent: this },
        );
        new CustomResource(
            name,
            {
                apiVersion: "cert-manager.io/v1",
                kind: "ClusterIssuer",
                metadata: { name },
                // A ClusterIssuer reads its Secret from cert-manager's namespace, where the intermediate is.
                spec: { ca: { secretName: name } },
            },
            { parent: this, dependsOn: [args.issuance, intermediate] },
        );
        this.registerOutputs({});
    }
}
