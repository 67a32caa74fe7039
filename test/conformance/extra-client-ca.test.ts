// Conformance of a site that trusts a second CA for its modalities
// (certificates.extraTrustedClientCAs): the local site planned with one extra
// client CA, run on the real server as orthanc.test.ts runs stack local. A
// modality enrolled under the extra CA must be accepted, one enrolled by the
// site's modality CA still, and one from a CA nobody configured refused.
import { strict as assert } from "assert";
import * as fs from "fs";
import { echo, noDelayClientEnvironment, store } from "./dcmtk-client";
import { generateStudy, imageSizes } from "./dicom-images";
import { planGeneratedOrthanc } from "./generated-orthanc";
import { deployOrthanc, type LocalOrthanc } from "./local-orthanc";
import { startLocalSite, type LocalSite } from "./local-site";
import { modalityTls, outsideCa, type CertificateClientTls } from "./modalities";
import { tail } from "./orthanc-process";
import { ScratchDirectory } from "./scratch-directory";
import { Teardown } from "./teardown";

describe("Orthanc of the local site with an extra trusted client CA, on the real server #real", function () {
    this.timeout(60_000);
    const teardown = new Teardown();
    let site: LocalSite;
    let orthanc: LocalOrthanc;
    const modalities: Record<"site" | "extra" | "unrelated", CertificateClientTls> = {} as never;

    before(async function () {
        this.timeout(120_000);
        // The partner's CA exists before the site is planned: its certificate is site configuration.
        const partner = ScratchDirectory.create("imaging-partner-ca");
        teardown.add("partner CA", () => partner.remove());
        const extraCa = await outsideCa(partner.path("ca"), "partner hospital CA");
        const generated = await planGeneratedOrthanc({
            certificates: { extraTrustedClientCAs: [fs.readFileSync(extraCa.certificate, "utf8")] },
        });
        site = await startLocalSite("extra-client-ca", generated, teardown);
        orthanc = await deployOrthanc(site, teardown, { name: "extra-client-ca" });
        await orthanc.start();

        const directory = (name: string) => site.scratch.path("modalities", name);
        // Every modality trusts the site CA for Orthanc's certificate; they differ in who enrolled them.
        const serverCa = site.siteCa.certificate;
        modalities.site = await modalityTls(site.modalityCa, serverCa, directory("site"), "CT01");
        modalities.extra = await modalityTls(extraCa, serverCa, directory("extra"), "MR01");
        const unrelatedCa = await outsideCa(directory("unrelated-ca"), "unrelated hospital CA");
        modalities.unrelated = await modalityTls(unrelatedCa, serverCa, directory("unrelated"), "MR01");
    });

    after(() => teardown.run());

    afterEach(function () {
        if (this.currentTest?.state === "failed" && orthanc) {
            console.log(`--- Orthanc log (tail) ---\n${tail(orthanc.log())}`);
        }
    });

    for (const [who, accepted] of [
        ["a modality enrolled under the extra CA", "extra"],
        ["a modality enrolled under the site's modality CA", "site"],
    ] as const) {
        it(`accepts C-ECHO and C-STORE from ${who}`, async () => {
            const tls = modalities[accepted];
            const echoed = await echo(orthanc.dicom, tls, noDelayClientEnvironment);
            assert.equal(echoed.code, 0, echoed.stderr);

            const study = await generateStudy(site.scratch.path("images", accepted), {
                instances: 2,
                pixelBytes: imageSizes.small,
                patientId: `ENROLLED-${accepted.toUpperCase()}`,
            });
            const stored = await store(orthanc.dicom, tls, study.files, noDelayClientEnvironment);
            assert.equal(stored.code, 0, stored.stderr);
            assert.deepEqual(await orthanc.rest.storedOf(study), [study.studyInstanceUid, ...study.sopInstanceUids]);
        });
    }

    it("refuses a modality enrolled under an unrelated CA, and stores nothing from it", async () => {
        const tls = modalities.unrelated;
        const study = await generateStudy(site.scratch.path("images", "unrelated"), {
            instances: 2,
            pixelBytes: imageSizes.small,
            patientId: "UNRELATED",
        });
        const logBefore = orthanc.log().length;
        const echoed = await echo(orthanc.dicom, tls, noDelayClientEnvironment);
        const stored = await store(orthanc.dicom, tls, study.files, noDelayClientEnvironment);

        assert.notEqual(echoed.code, 0, `C-ECHO succeeded:\n${echoed.stderr}`);
        assert.notEqual(stored.code, 0, `C-STORE succeeded:\n${stored.stderr}`);
        assert.match(echoed.stderr + stored.stderr + orthanc.log().slice(logBefore), /certificate verify failed/);
        assert.deepEqual(await orthanc.rest.storedOf(study), [], "stored from a refused association");
    });
});
