// Who may send DICOM, on the real server: the local site planned with one modality
// enrolled through certificates.modalityCertificateRequests (a real request made
// with openssl, as a modality's installer would), its certificate signed as the
// plan's LocallySignedCert says with the test's stand-in for the modality CA. It
// must be accepted while it trusts nothing but the site root (so Orthanc presents
// the intermediate with its certificate); client certificates from the server
// intermediate and from the site root, which cert-manager holds, must be refused.
// And the intermediate, as the plan declares it, cannot vouch for another name.
import { strict as assert } from "assert";
import * as fs from "fs";
import { echo, noDelayClientEnvironment, store } from "./dcmtk-client";
import { generateStudy, imageSizes } from "./dicom-images";
import { planGeneratedOrthanc } from "./generated-orthanc";
import { deployOrthanc, type LocalOrthanc } from "./local-orthanc";
import { startLocalSite, type LocalSite } from "./local-site";
import { modalityTls, type CertificateClientTls } from "./modalities";
import { tail } from "./orthanc-process";
import { certificateRequest, issue, signRequest, type CertificateAuthority } from "./pki";
import { run } from "./run-command";
import { ScratchDirectory } from "./scratch-directory";
import { Teardown } from "./teardown";

// The tls provider's use names as X.509 key usages and extended key usages.
const keyUsageOf: Record<string, string> = { digital_signature: "digitalSignature", key_encipherment: "keyEncipherment" };
const extendedKeyUsageOf: Record<string, string> = { client_auth: "clientAuth", server_auth: "serverAuth" };

describe("who may send DICOM to the local site, on the real server #real", function () {
    this.timeout(60_000);
    const teardown = new Teardown();
    let site: LocalSite;
    let orthanc: LocalOrthanc;
    let intermediate: CertificateAuthority;
    const modalities: Record<"enrolled" | "intermediate" | "root", CertificateClientTls> = {} as never;

    before(async function () {
        this.timeout(120_000);
        // The modality's key and request exist before the site is planned: the request is site configuration.
        const installer = ScratchDirectory.create("imaging-modality-installer");
        teardown.add("modality installer's files", () => installer.remove());
        const made = await certificateRequest(installer.path("ct-room-1"), "CT_ROOM_1");
        const request = fs.readFileSync(made.request, "utf8");
        const generated = await planGeneratedOrthanc({ certificates: { modalityCertificateRequests: { "ct-room-1": request } } });
        site = await startLocalSite("certificate-trust", generated, teardown);
        orthanc = await deployOrthanc(site, teardown, { name: "certificate-trust" });
        await orthanc.start();

        const planned = generated.plan.resources.find(
            (r) => r.type === "tls:index/locallySignedCert:LocallySignedCert" && r.name === "imaging-modality-ca-ct-room-1",
        );
        assert.ok(planned, "the plan signs the enrolled modality's request");
        const signing = planned.inputs as { certRequestPem: string; allowedUses: string[]; validityPeriodHours: number };
        assert.equal(signing.certRequestPem, request);
        const certificate = installer.path("ct-room-1", "modality.crt");
        await signRequest(site.modalityCa, made.request, certificate, {
            keyUsages: signing.allowedUses.filter((use) => use in keyUsageOf).map((use) => keyUsageOf[use]),
            extendedKeyUsages: signing.allowedUses.filter((use) => use in extendedKeyUsageOf).map((use) => extendedKeyUsageOf[use]),
            days: signing.validityPeriodHours / 24,
        });
        // Every modality trusts only the site root for Orthanc's certificate.
        const serverTrust = site.siteCa.certificate;
        modalities.enrolled = { kind: "certificate", key: made.key, certificate, trustedCa: serverTrust };

        // What cert-manager holds: the intermediate's Secret and the root's, each able to sign a client certificate.
        intermediate = await site.secrets.ca("cert-manager", "imaging-server-ca");
        const directory = (name: string) => site.scratch.path("modalities", name);
        modalities.intermediate = await modalityTls(intermediate, serverTrust, directory("intermediate"), "CT_ROOM_1");
        modalities.root = await modalityTls(site.siteCa, serverTrust, directory("root"), "CT_ROOM_1");
    });

    after(() => teardown.run());

    afterEach(function () {
        if (this.currentTest?.state === "failed" && orthanc) {
            console.log(`--- Orthanc log (tail) ---\n${tail(orthanc.log())}`);
        }
    });

    it("accepts C-ECHO and C-STORE from the modality enrolled through the configuration, trusting only the site root", async () => {
        const echoed = await echo(orthanc.dicom, modalities.enrolled, noDelayClientEnvironment);
        assert.equal(echoed.code, 0, echoed.stderr);
        const study = await generateStudy(site.scratch.path("images", "enrolled"), { instances: 2, pixelBytes: imageSizes.small, patientId: "ENROLLED-CT" });
        const stored = await store(orthanc.dicom, modalities.enrolled, study.files, noDelayClientEnvironment);
        assert.equal(stored.code, 0, stored.stderr);
        assert.deepEqual(await orthanc.rest.storedOf(study), [study.studyInstanceUid, ...study.sopInstanceUids]);
    });

    for (const [who, modality] of [
        ["the server intermediate", "intermediate"],
        ["the site root", "root"],
    ] as const) {
        it(`refuses a client certificate from ${who}, and stores nothing from it`, async () => {
            const study = await generateStudy(site.scratch.path("images", modality), { instances: 1, pixelBytes: imageSizes.small, patientId: `FROM-${modality.toUpperCase()}` });
            const logBefore = orthanc.log().length;
            const echoed = await echo(orthanc.dicom, modalities[modality], noDelayClientEnvironment);
            const stored = await store(orthanc.dicom, modalities[modality], study.files, noDelayClientEnvironment);
            assert.notEqual(echoed.code, 0, `C-ECHO succeeded:\n${echoed.stderr}`);
            assert.notEqual(stored.code, 0, `C-STORE succeeded:\n${stored.stderr}`);
            assert.match(echoed.stderr + stored.stderr + orthanc.log().slice(logBefore), /certificate verify failed/);
            assert.deepEqual(await orthanc.rest.storedOf(study), [], "stored from a refused association");
        });
    }

    it("lets the server intermediate vouch for the site's names only", async () => {
        const verify = async (name: string) => {
            const files = await issue(intermediate, site.scratch.path("name-constraints", name), {
                commonName: name,
                dnsNames: [name],
                keyUsages: ["digitalSignature", "keyEncipherment"],
                extendedKeyUsages: ["serverAuth"],
                key: { kind: "rsa", bits: 2048 },
            });
            return run("openssl", ["verify", "-CAfile", site.siteCa.certificate, "-untrusted", intermediate.certificate, files.certificate]);
        };
        const inside = await verify("pacs.local.test");
        assert.equal(inside.code, 0, inside.stdout + inside.stderr);
        const outside = await verify("pacs.attacker.example");
        assert.notEqual(outside.code, 0, "a certificate for another host verified");
        assert.match(outside.stdout + outside.stderr, /permitted subtree violation/);
    });
});
