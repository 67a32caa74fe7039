// Who can get a certificate the platform's clients trust, on the plan:
// - the site root signs only through a namespaced Issuer in cert-manager's
//   namespace, and only the server intermediate;
// - the server intermediate is name-constrained to the names the site serves;
// - Orthanc trusts the modality CA (and the site's extra CAs) for DICOM clients,
//   never the site root or the intermediate, and the modality CA's key reaches
//   no Kubernetes object;
// - cert-manager approves nothing by itself, and approver-policy's policies let
//   through exactly the certificates the platform and its charts request.
// The real checks (a client certificate from the intermediate refused on the
// DICOM port, a name outside the constraint refused by a verifier) are in
// test/conformance/certificate-trust.test.ts.
import { strict as assert } from "assert";
import { certificateRequestPolicySpec } from "../components/certificates/approval";
import { ServerCertificateAuthority } from "../components/certificates/server-ca";
import type { SiteCertificateAuthority } from "../components/certificates/site-ca";
import { evaluateProgram, type Plan, type PlannedResource } from "../tools/plan/evaluate";
import { localSiteWith, planSite, planStack, project, resource, resourcesOfType, types } from "./support/plan";

type Json = Record<string, any>;

const kinds = {
    issuer: "kubernetes:cert-manager.io/v1:Issuer",
    clusterIssuer: "kubernetes:cert-manager.io/v1:ClusterIssuer",
    certificate: "kubernetes:cert-manager.io/v1:Certificate",
    policy: "kubernetes:policy.cert-manager.io/v1alpha1:CertificateRequestPolicy",
    clusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    clusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    privateKey: "tls:index/privateKey:PrivateKey",
    selfSignedCert: "tls:index/selfSignedCert:SelfSignedCert",
    locallySignedCert: "tls:index/locallySignedCert:LocallySignedCert",
};

// The plan's stand-ins for the certificates no provider computed (tools/plan/evaluate.ts).
const standIn = (name: string) => `-----BEGIN CERTIFICATE-----\nplan-certificate-${name}\n-----END CERTIFICATE-----\n`;

// The names local serves: its web host and Orthanc's Service, written out.
const localServerNames = ["pacs.local.test", "orthanc.imaging.svc.cluster.local", "orthanc.imaging.svc"];

// What the Barman Cloud plugin's chart requests (plugin-barman-cloud chart,
// templates/certificate-issuer.yaml, client-certificate.yaml, server-certificate.yaml),
// written out from the chart rather than from the program.
const barmanPluginCertificates: CertificateRequest[] = [
    {
        namespace: "cnpg-system",
        issuerRef: { group: "cert-manager.io", kind: "Issuer", name: "cloudnative-pg-barman-cloud-plugin-barman-cloud-selfsigned-issuer" },
        commonName: "barman-cloud-client",
        dnsNames: [],
        usages: ["client auth"],
        isCA: false,
        duration: "2160h",
    },
    {
        namespace: "cnpg-system",
        issuerRef: { group: "cert-manager.io", kind: "Issuer", name: "cloudnative-pg-barman-cloud-plugin-barman-cloud-selfsigned-issuer" },
        commonName: "barman-cloud",
        dnsNames: ["barman-cloud"],
        usages: ["server auth"],
        isCA: false,
        duration: "2160h",
    },
];

const inputs = (r: PlannedResource): Json => r.inputs as Json;

// ---------------------------------------------------------------------------
// approver-policy's decision, for the policy forms the platform writes: a
// request is covered when a policy selects its issuer and namespace, and
// permitted when it asks for no more than that policy allows.
// ---------------------------------------------------------------------------
interface CertificateRequest {
    namespace: string;
    issuerRef: { group: string; kind: string; name: string };
    commonName: string;
    dnsNames: string[];
    usages: string[];
    isCA: boolean;
    duration: string;
}

function requestOf(certificate: Json): CertificateRequest {
    const spec = certificate.spec;
    return {
        namespace: certificate.metadata.namespace,
        issuerRef: spec.issuerRef,
        commonName: spec.commonName,
        dnsNames: spec.dnsNames ?? [],
        usages: spec.usages,
        isCA: spec.isCA ?? false,
        duration: spec.duration,
    };
}

function wildcard(pattern: string, value: string): boolean {
    const expression = pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    return new RegExp(`^${expression}$`).test(value);
}

function hours(duration: string): number {
    const match = /^(\d+)h$/.exec(duration);
    assert.ok(match, `a duration in hours, not ${duration}`);
    return Number(match[1]);
}

function selects(policy: Json, request: CertificateRequest): boolean {
    const { issuerRef, namespace } = policy.spec.selector;
    return (
        wildcard(issuerRef.group ?? "*", request.issuerRef.group) &&
        wildcard(issuerRef.kind ?? "*", request.issuerRef.kind) &&
        wildcard(issuerRef.name ?? "*", request.issuerRef.name) &&
        (namespace?.matchNames ?? ["*"]).some((name: string) => wildcard(name, request.namespace))
    );
}

function commonNameAllowed(rule: Json | undefined, commonName: string): boolean {
    if (!rule) return commonName === "";
    if (!wildcard(rule.value, commonName)) return false;
    return (rule.validations ?? []).every((validation: Json) => {
        const list = /^self in (\[.*\])$/.exec(validation.rule);
        assert.ok(list, `the test understands only "self in [...]" rules, not ${validation.rule}`);
        return (JSON.parse(list[1]) as string[]).includes(commonName);
    });
}

function permits(policy: Json, request: CertificateRequest): boolean {
    const { allowed, constraints } = policy.spec;
    const dnsAllowed: string[] = allowed.dnsNames?.values ?? [];
    return (
        commonNameAllowed(allowed.commonName, request.commonName) &&
        request.dnsNames.every((name) => dnsAllowed.some((pattern) => wildcard(pattern, name))) &&
        request.usages.every((usage) => (allowed.usages ?? []).includes(usage)) &&
        (allowed.isCA ?? false) === request.isCA &&
        hours(request.duration) <= hours(constraints.maxDuration)
    );
}

// The names of the policies that would approve the request.
function approvers(plan: Plan, request: CertificateRequest): string[] {
    return resourcesOfType(plan, kinds.policy)
        .map(inputs)
        .filter((policy) => selects(policy, request) && permits(policy, request))
        .map((policy) => policy.metadata.name);
}

describe("certificate trust on the local stack", () => {
    let plan: Plan;
    before(async () => {
        plan = await planStack("local");
    });

    it("lets the site root sign only through an Issuer in cert-manager's namespace", () => {
        const issuer = inputs(resource(plan, kinds.issuer, "imaging-site-ca"));
        assert.equal(issuer.metadata.namespace, "cert-manager");
        assert.deepEqual(issuer.spec, { ca: { secretName: "imaging-site-ca" } });
        for (const clusterIssuer of resourcesOfType(plan, kinds.clusterIssuer).map(inputs)) {
            assert.notEqual(clusterIssuer.spec.ca?.secretName, "imaging-site-ca", `ClusterIssuer ${clusterIssuer.metadata.name} signs with the site root`);
        }
        const fromRoot = resourcesOfType(plan, kinds.certificate)
            .map(inputs)
            .filter((c) => c.spec.issuerRef.name === "imaging-site-ca");
        assert.deepEqual(
            fromRoot.map((c) => c.metadata.name),
            ["imaging-server-ca"],
        );
    });

    it("makes the server intermediate a CA name-constrained to the names the site serves, critically", () => {
        const intermediate = inputs(resource(plan, kinds.certificate, "imaging-server-ca"));
        assert.equal(intermediate.metadata.namespace, "cert-manager");
        assert.deepEqual(intermediate.spec.issuerRef, { group: "cert-manager.io", kind: "Issuer", name: "imaging-site-ca" });
        assert.equal(intermediate.spec.isCA, true);
        assert.equal(intermediate.spec.commonName, "local imaging server CA");
        assert.equal(intermediate.spec.dnsNames, undefined);
        assert.deepEqual(intermediate.spec.nameConstraints, { critical: true, permitted: { dnsDomains: localServerNames } });
        assert.deepEqual(intermediate.spec.usages, ["cert sign", "crl sign", "digital signature"]);
        assert.equal(intermediate.spec.duration, "8760h");
        const clusterIssuer = inputs(resource(plan, kinds.clusterIssuer, "imaging-server-ca"));
        assert.deepEqual(clusterIssuer.spec, { ca: { secretName: "imaging-server-ca" } });
    });

    it("issues every server certificate from the intermediate, for names inside its constraint", () => {
        const permitted: string[] = inputs(resource(plan, kinds.certificate, "imaging-server-ca")).spec.nameConstraints.permitted.dnsDomains;
        const servers = resourcesOfType(plan, kinds.certificate)
            .map(inputs)
            .filter((c) => !c.spec.isCA);
        assert.deepEqual(servers.map((c) => c.metadata.name).sort(), ["imaging-web", "orthanc-dicom-server"]);
        for (const server of servers) {
            assert.deepEqual(server.spec.issuerRef, { group: "cert-manager.io", kind: "ClusterIssuer", name: "imaging-server-ca" }, server.metadata.name);
            for (const name of server.spec.dnsNames) {
                assert.ok(permitted.includes(name), `${server.metadata.name}: ${name} is outside the intermediate's names`);
            }
        }
    });

    it("trusts the modality CA for DICOM clients, never the site root or the intermediate", () => {
        const bundle: string = inputs(resource(plan, types.configMap, "orthanc-dicom-trusted-ca")).data["ca.crt"];
        assert.equal(bundle, standIn("imaging-modality-ca"));
        assert.ok(!bundle.includes("imaging-site-ca"));
        assert.ok(!bundle.includes("imaging-server-ca"));
    });

    it("keeps the modality CA a protected root whose key reaches no Kubernetes object", () => {
        const key = resource(plan, kinds.privateKey, "imaging-modality-ca");
        const root = resource(plan, kinds.selfSignedCert, "imaging-modality-ca");
        assert.equal(key.protect, true);
        assert.equal(root.protect, true);
        assert.equal(inputs(root).isCaCertificate, true);
        assert.equal(inputs(root).subject.commonName, "local imaging modality CA");
        const kubernetesObjects = plan.resources.filter((r) => r.type.startsWith("kubernetes:"));
        const readingTheKey = kubernetesObjects.filter((r) => r.dependencies.includes(key.urn)).map((r) => `${r.type} ${r.name}`);
        assert.deepEqual(readingTheKey, []);
        // The site root's key does go into cert-manager's Secret: that one is expected.
        const siteKey = resource(plan, kinds.privateKey, "imaging-site-ca");
        assert.ok(kubernetesObjects.some((r) => r.dependencies.includes(siteKey.urn)), "the oracle sees key dependencies at all");
    });

    it("turns cert-manager's own approver off and installs approver-policy beside it", () => {
        const certManager = inputs(resource(plan, types.release, "cert-manager"));
        assert.equal(certManager.values.disableAutoApproval, true);
        assert.equal(certManager.values.serviceAccount.name, "cert-manager");
        const approver = inputs(resource(plan, types.release, "cert-manager-approver-policy"));
        assert.equal(approver.namespace, "cert-manager");
        assert.deepEqual(approver.values.crds, { enabled: true, keep: true });
    });

    it("approves each certificate the platform requests by exactly one policy", () => {
        const certificates = resourcesOfType(plan, kinds.certificate).map(inputs);
        assert.equal(certificates.length, 3);
        for (const certificate of certificates) {
            assert.equal(approvers(plan, requestOf(certificate)).length, 1, `${certificate.metadata.name}: ${approvers(plan, requestOf(certificate)).join(", ") || "no policy"}`);
        }
        assert.deepEqual(
            resourcesOfType(plan, kinds.policy).map((r) => r.name).sort(),
            ["imaging-dicom-server-certificate", "imaging-server-ca-issuance", "imaging-web-certificate"],
        );
    });

    it("approves nothing more than those certificates ask for", () => {
        const dicom = requestOf(inputs(resource(plan, kinds.certificate, "orthanc-dicom-server")));
        const web = requestOf(inputs(resource(plan, kinds.certificate, "imaging-web")));
        const intermediate = requestOf(inputs(resource(plan, kinds.certificate, "imaging-server-ca")));
        const refused: Array<[string, CertificateRequest]> = [
            ["a DICOM certificate with a further name", { ...dicom, dnsNames: [...dicom.dnsNames, "pacs.attacker.example"] }],
            ["a DICOM certificate for another common name", { ...dicom, commonName: "pacs.attacker.example" }],
            ["the DICOM certificate requested from another namespace", { ...dicom, namespace: "default" }],
            ["a DICOM certificate that is a CA", { ...dicom, isCA: true }],
            ["a DICOM certificate for a year", { ...dicom, duration: "8760h" }],
            ["a web certificate for client authentication", { ...web, usages: [...web.usages, "client auth"] }],
            ["a web certificate requested from monitoring", { ...web, namespace: "monitoring" }],
            ["a second intermediate from the root", { ...intermediate, commonName: "another CA" }],
            ["the intermediate requested outside cert-manager's namespace", { ...intermediate, namespace: "imaging" }],
            ["a client certificate from the root", { ...intermediate, isCA: false, usages: ["client auth"] }],
        ];
        for (const [what, request] of refused) {
            assert.deepEqual(approvers(plan, request), [], what);
        }
    });

    it("lets only cert-manager's controller use the policies, and only use them", () => {
        const role = inputs(resource(plan, kinds.clusterRole, "cert-manager-approver-policy"));
        assert.deepEqual(role.rules, [
            {
                apiGroups: ["policy.cert-manager.io"],
                resources: ["certificaterequestpolicies"],
                verbs: ["use"],
                resourceNames: ["imaging-server-ca-issuance", "imaging-dicom-server-certificate", "imaging-web-certificate"],
            },
        ]);
        const binding = inputs(resource(plan, kinds.clusterRoleBinding, "cert-manager-approver-policy"));
        assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", namespace: "cert-manager", name: "cert-manager" }]);
        assert.equal(binding.roleRef.name, "cert-manager-approver-policy");
    });

    it("exports the modality CA and no modality certificates while none is enrolled", () => {
        assert.equal(plan.outputs.modalityCaCertificate, standIn("imaging-modality-ca"));
        assert.deepEqual(plan.outputs.modalityCertificates, {});
        assert.deepEqual(resourcesOfType(plan, kinds.locallySignedCert), []);
    });
});

describe("certificate trust on other sites", () => {
    // Not a real request: the plan does not read it (the conformance test signs a real one).
    const request = "-----BEGIN CERTIFICATE REQUEST-----\nMIIBplanrequest\n-----END CERTIFICATE REQUEST-----";

    it("signs each enrolled modality's request with the modality CA, for client and server use", async () => {
        const plan = await planSite(localSiteWith({ certificates: { modalityCertificateRequests: { "ct-room-1": request }, modalityCertificateDays: 365 } }));
        const signed = resource(plan, kinds.locallySignedCert, "imaging-modality-ca-ct-room-1");
        const key = resource(plan, kinds.privateKey, "imaging-modality-ca");
        assert.equal(signed.parent, resource(plan, "imaging:certificates:ModalityCertificateAuthority", "imaging-modality-ca").urn);
        assert.ok(signed.dependencies.includes(key.urn), "signed with the modality CA's key");
        assert.equal(inputs(signed).certRequestPem, request);
        assert.equal(inputs(signed).caCertPem, standIn("imaging-modality-ca"));
        assert.equal(inputs(signed).caPrivateKeyPem, "[secret]");
        assert.deepEqual(inputs(signed).allowedUses, ["client_auth", "server_auth", "digital_signature", "key_encipherment"]);
        assert.equal(inputs(signed).validityPeriodHours, 365 * 24);
        assert.equal(inputs(signed).earlyRenewalHours, 60 * 24);
        assert.deepEqual(plan.outputs.modalityCertificates, { "ct-room-1": standIn("imaging-modality-ca-ct-room-1") });
    });

    it("constrains the intermediate to the DICOM names only when the site's own issuer signs the web certificate", async () => {
        const plan = await planSite(
            localSiteWith({
                ingress: { hostname: "pacs.hospital.example", prometheusHostname: "prometheus.hospital.example" },
                certificates: { webIssuer: { kind: "Issuer", name: "corporate-ca" } },
            }),
        );
        const intermediate = inputs(resource(plan, kinds.certificate, "imaging-server-ca"));
        assert.deepEqual(intermediate.spec.nameConstraints.permitted.dnsDomains, [
            "pacs.hospital.example",
            "orthanc.imaging.svc.cluster.local",
            "orthanc.imaging.svc",
        ]);
        const web = requestOf(inputs(resource(plan, kinds.certificate, "imaging-web")));
        assert.deepEqual(web.issuerRef, { group: "cert-manager.io", kind: "Issuer", name: "corporate-ca" });
        assert.deepEqual(approvers(plan, web), ["imaging-web-certificate"]);
        assert.deepEqual(approvers(plan, { ...web, dnsNames: ["intranet.hospital.example"] }), [], "the site's issuer, approved for the web names only");
    });

    it("approves the Barman Cloud plugin's own certificates when the site has an object store, and only then", async () => {
        const plan = await planSite(
            localSiteWith({ objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", accessKeyId: "orthanc", backupAccessKeyId: "backups" } }),
            { objectStoreSecretAccessKey: "key", objectStoreBackupSecretAccessKey: "backup-key" },
        );
        for (const request of barmanPluginCertificates) {
            assert.deepEqual(approvers(plan, request), ["barman-cloud-plugin-certificates"], request.commonName);
        }
        assert.deepEqual(approvers(plan, { ...barmanPluginCertificates[1], dnsNames: ["orthanc"] }), []);
        const plugin = resource(plan, types.release, "cloudnative-pg-barman-cloud");
        const policy = resource(plan, kinds.policy, "barman-cloud-plugin-certificates");
        const approval = resource(plan, "imaging:certificates:CertificateApproval", "cert-manager-approver-policy");
        // Depending on the component is depending on each of its children.
        assert.ok(plugin.dependencies.includes(policy.urn), "the plugin waits for the approval of its certificates");
        assert.equal(policy.parent, approval.urn);

        const local = await planStack("local");
        for (const request of barmanPluginCertificates) {
            assert.deepEqual(approvers(local, request), [], "no plugin, no policy for it");
        }
    });
});

// An empty list would not mean "none" to the signer: approver-policy lets a request
// omit what the policy omits, and a CA without permitted names is unconstrained.
describe("certificate constraints that must never be empty", () => {
    it("refuses an approval policy that allows no common name", () => {
        const policy = { name: "orthanc-server", issuer: { kind: "Issuer" as const, name: "site-server-ca" }, namespaces: ["imaging"], dnsNames: ["pacs.example"], usages: ["server auth"], maxDuration: "2160h" };
        assert.throws(() => certificateRequestPolicySpec({ ...policy, commonNames: [] }), /approval policy orthanc-server: at least one common name/);
        assert.doesNotThrow(() => certificateRequestPolicySpec({ ...policy, commonNames: ["pacs.example"] }));
    });

    it("refuses a server intermediate without permitted DNS names", async () => {
        await assert.rejects(
            evaluateProgram({ project, stack: "server-ca", stackConfig: { config: {}, secretKeys: [] } }, () => {
                new ServerCertificateAuthority("server-ca", { siteName: "site-a", siteCa: {} as SiteCertificateAuthority, permittedDnsNames: [], issuance: undefined! });
                return {};
            }),
            /the server intermediate needs at least one permitted DNS name/,
        );
    });
});
