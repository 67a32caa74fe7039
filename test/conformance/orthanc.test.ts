// Conformance: the Orthanc configuration this program generates for stack
// `local`, run on the real server (Debian's Orthanc 1.10.1 with the PostgreSQL
// and DICOMweb plugins, PostgreSQL 15, dcmtk as the modality). What differs
// from production is only what localize.ts documents, and one thing it cannot:
// Debian has no authorization plugin, which in production decides every REST call
// of a person (sign-in.test.ts says what that leaves unproven). Here the tests
// call the REST API as conformancePerson (local-site.ts).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { echo, exitOf, noDelayClientEnvironment, spawnStore, store, type ClientTls } from "./dcmtk-client";
import { generateStudy, imageSizes, type GeneratedStudy } from "./dicom-images";
import { loadGeneratedOrthanc } from "./generated-orthanc";
import { deployOrthanc, type LocalOrthanc } from "./local-orthanc";
import { conformancePerson, startLocalSite, type LocalSite } from "./local-site";
import { modalityTls, outsideCa, type CertificateClientTls } from "./modalities";
import type { CertificateAuthority } from "./pki";
import { tail } from "./orthanc-process";
import { startGatedRelay } from "./gated-relay";
import { Teardown } from "./teardown";
import { waitFor } from "./wait";
import { runbookEchoscu, runbookStorescu } from "./runbook-lines";

describe("Orthanc with the generated configuration of stack local, on the real server #real", function () {
    this.timeout(60_000);
    const teardown = new Teardown();
    let site: LocalSite;
    let orthanc: LocalOrthanc;
    let enrolledModality: CertificateClientTls;
    // A CA the site never enrolled, and a modality enrolled by it.
    let foreignCa: CertificateAuthority;
    let foreignModality: CertificateClientTls;
    let accepted: GeneratedStudy;

    before(async function () {
        this.timeout(120_000);
        const generated = await loadGeneratedOrthanc();
        site = await startLocalSite("conformance", generated, teardown);
        orthanc = await deployOrthanc(site, teardown, { name: "generated" });
        await orthanc.start();
        const modalities = site.scratch.path("modalities");
        enrolledModality = await modalityTls(site.modalityCa, site.siteCa.certificate, `${modalities}/enrolled`, "CT01");
        foreignCa = await outsideCa(`${modalities}/foreign-ca`, "foreign hospital CA");
        // Same name as the enrolled modality: only the issuer tells them apart.
        foreignModality = await modalityTls(foreignCa, site.siteCa.certificate, `${modalities}/foreign`, "CT01");
        accepted = await generateStudy(site.scratch.path("images", "accepted"), {
            instances: 3,
            pixelBytes: imageSizes.small,
            patientId: "ACCEPTED",
        });
    });

    after(() => teardown.run());

    // A failed check is easier to read with what Orthanc said.
    afterEach(function () {
        if (this.currentTest?.state === "failed" && orthanc) {
            console.log(`--- Orthanc log (tail) ---\n${tail(orthanc.log())}`);
        }
    });

    describe("REST API", () => {
        it("keeps its index in PostgreSQL", async () => {
            const system = await orthanc.rest.getJson<{ DatabaseBackendPlugin: string | null }>("/system");
            assert.match(String(system.DatabaseBackendPlugin), /PostgreSQLIndex/);
            const plugins = await orthanc.rest.getJson<string[]>("/plugins");
            assert.ok(plugins.includes("postgresql-index"), `plugins: ${plugins.join(", ")}`);
            assert.ok(plugins.includes("dicom-web"), `plugins: ${plugins.join(", ")}`);
        });

        it("lets the metrics user read the Prometheus metrics", async () => {
            const response = await orthanc.rest.as(site.credentials.metrics).request("GET", "/tools/metrics-prometheus");
            assert.equal(response.status, 200, response.body);
            assert.match(response.body, /^orthanc_/m);
        });

        const adminOnly: [string, string][] = [
            ["GET", "/system"],
            ["GET", "/patients"],
            ["GET", "/instances"],
            ["GET", "/dicom-web/studies"],
            ["DELETE", "/patients/00000000-00000000-00000000-00000000-00000000"],
            ["POST", "/tools/reset"],
        ];
        for (const [method, uri] of adminOnly) {
            it(`refuses the metrics user ${method} ${uri}`, async () => {
                const response = await orthanc.rest.as(site.credentials.metrics).request(method, uri);
                assert.ok([401, 403].includes(response.status), `HTTP ${response.status} ${response.body}`);
            });
        }
    });

    describe("DICOM over TLS with a client certificate from the trusted CA", () => {
        it("answers C-ECHO", async () => {
            const result = await echo(orthanc.dicom, enrolledModality, noDelayClientEnvironment);
            assert.equal(result.code, 0, result.stderr);
        });

        it("answers the runbook's echoscu line, run as written but for host, port and files", async () => {
            const workstation = await modalityTls(site.modalityCa, site.siteCa.certificate, site.scratch.path("modalities", "runbook"), "RUNBOOK_TEST");
            const result = await runbookEchoscu(orthanc.dicom, workstation);
            assert.equal(result.code, 0, `${result.line}\n${result.stderr}`);
            assert.match(result.stdout + result.stderr, /Received Echo Response \(Success\)/);
        });

        it("stores through the runbook's storescu line, run as written but for host, port and files", async () => {
            const workstation = await modalityTls(site.modalityCa, site.siteCa.certificate, site.scratch.path("modalities", "runbook-store"), "RUNBOOK_TEST");
            // A study of its own, so the C-STORE test below still stores every instance of its study anew.
            const image = await generateStudy(site.scratch.path("images", "runbook"), { instances: 1, pixelBytes: imageSizes.small, patientId: "RUNBOOK" });
            const before = await orthanc.rest.instanceCount();
            const result = await runbookStorescu(orthanc.dicom, workstation, image.files[0]);
            assert.equal(result.code, 0, `${result.line}\n${result.stderr}`);
            assert.equal(await orthanc.rest.instanceCount(), before + 1);
        });

        it("stores with C-STORE; REST and DICOMweb QIDO-RS find the instances", async () => {
            const before = await orthanc.rest.instanceCount();
            const result = await store(orthanc.dicom, enrolledModality, accepted.files, noDelayClientEnvironment);
            assert.equal(result.code, 0, result.stderr);

            assert.equal(await orthanc.rest.instanceCount(), before + accepted.files.length);
            const stored = new Set(await orthanc.rest.storedSopInstanceUids());
            assert.ok(accepted.sopInstanceUids.every((uid) => stored.has(uid)));

            const studies = await orthanc.rest.getJson<Record<string, { Value?: unknown[] }>[]>(
                `/dicom-web/studies?StudyInstanceUID=${accepted.studyInstanceUid}`,
            );
            assert.equal(studies.length, 1, JSON.stringify(studies));
            // (0020,1208) Number of Study Related Instances
            assert.deepEqual(studies[0]["00201208"]?.Value, [accepted.files.length]);
            // (0008,1190) Retrieve URL: TLS ends at the gateway, the links must still say https (DicomWeb.Ssl).
            assert.match(String(studies[0]["00081190"]?.Value?.[0]), /^https:\/\//);
        });
    });

    describe("refuses, and stores nothing from", () => {
        interface RefusalCase {
            name: string;
            tls: () => ClientTls;
            calledAeTitle?: string;
            // Why the association failed, as the client or Orthanc's log says it.
            reason: RegExp;
        }
        const cases: RefusalCase[] = [
            {
                name: "TLS without a client certificate",
                tls: () => ({ kind: "anonymous", trustedCa: site.siteCa.certificate }),
                reason: /peer did not return a certificate/,
            },
            {
                name: "a client certificate from a foreign CA",
                tls: () => foreignModality,
                reason: /certificate verify failed/,
            },
            {
                name: "plain TCP",
                tls: () => ({ kind: "none" }),
                reason: /wrong version number/,
            },
            {
                name: "a client that does not trust the server's CA",
                tls: () => ({ ...enrolledModality, trustedCa: foreignCa.certificate }),
                reason: /certificate verify failed/,
            },
            {
                name: "a modality calling another AE title (DicomCheckCalledAet)",
                tls: () => enrolledModality,
                calledAeTitle: "ANOTHERPACS",
                reason: /Called AE Title Not Recognized/i,
            },
        ];
        for (const [index, refusal] of cases.entries()) {
            it(refusal.name, async () => {
                // A study of its own: had an earlier case let its study in, this
                // case would still be judged on what it sent itself.
                const refused = await generateStudy(site.scratch.path("images", `refused-${index + 1}`), {
                    instances: 2,
                    pixelBytes: imageSizes.small,
                    patientId: `REFUSED-${index + 1}`,
                });
                const instancesBefore = await orthanc.rest.instanceCount();
                const logBefore = orthanc.log().length;
                const target = { ...orthanc.dicom, calledAeTitle: refusal.calledAeTitle ?? orthanc.dicom.calledAeTitle };

                const echoed = await echo(target, refusal.tls(), noDelayClientEnvironment);
                const stored = await store(target, refusal.tls(), refused.files, noDelayClientEnvironment);

                assert.notEqual(echoed.code, 0, `C-ECHO succeeded:\n${echoed.stderr}`);
                assert.notEqual(stored.code, 0, `C-STORE succeeded:\n${stored.stderr}`);
                const said = echoed.stderr + stored.stderr + orthanc.log().slice(logBefore);
                assert.match(said, refusal.reason);
                assert.deepEqual(await orthanc.rest.storedOf(refused), [], "stored from a refused association");
                assert.equal(await orthanc.rest.instanceCount(), instancesBefore);
            });
        }
    });

    describe("audit trail of REST calls", () => {
        it("logs who uploaded, exported and deleted a study, by path, and never the patient's name", async () => {
            const logBefore = orthanc.log().length;
            const study = await generateStudy(site.scratch.path("images", "audit"), { instances: 1, pixelBytes: imageSizes.small, patientId: "AUDIT" });
            const uploaded = await orthanc.rest.request("POST", "/instances", fs.readFileSync(study.files[0]));
            assert.equal(uploaded.status, 200, uploaded.body);
            const studyId = (JSON.parse(uploaded.body) as { ParentStudy: string }).ParentStudy;
            // Reads and searches, with the patient's name in a query string and in a body: not audited.
            const search = JSON.stringify({ Level: "Study", Query: { PatientName: "CONFORMANCE*" } });
            assert.equal((await orthanc.rest.request("POST", "/tools/find", search)).status, 200);
            assert.equal((await orthanc.rest.request("GET", `/studies/${studyId}?PatientName=CONFORMANCE`)).status, 200);
            // An export and a deletion: audited.
            assert.equal((await orthanc.rest.request("GET", `/studies/${studyId}/archive`)).status, 200);
            assert.equal((await orthanc.rest.request("DELETE", `/studies/${studyId}`)).status, 200);

            const log = orthanc.log().slice(logBefore);
            const audit = log
                .split("\n")
                .filter((line) => line.includes("AUDIT user="))
                .map((line) => line.slice(line.indexOf("AUDIT user=")));
            const who = `AUDIT user=${conformancePerson}`;
            const ip = "ip=127.0.0.1";
            assert.deepEqual(audit, [
                `${who} action=change ${ip} POST /instances`,
                `${who} action=export ${ip} GET /studies/${studyId}/archive`,
                `${who} action=delete ${ip} DELETE /studies/${studyId}`,
            ]);
            assert.doesNotMatch(log, /CONFORMANCE/, "the patient's name reached Orthanc's log");
        });
    });

    describe("restart during a C-STORE batch", () => {
        const batchSize = 60;
        // Orthanc is restarted with this many instances of the batch stored.
        const storedBeforeRestart = 20;
        // Far below the 30 s after which Orthanc drops an idle association itself,
        // and the modality's 15 s wait for a response.
        const restartGraceMs = 3_000;

        it("interrupts the batch, keeps what was acknowledged, and stores every instance exactly once after the resend", async function () {
            this.timeout(90_000);
            const batch = await generateStudy(site.scratch.path("images", "restart"), {
                instances: batchSize,
                pixelBytes: imageSizes.small,
                patientId: "RESTART",
            });
            const instancesBefore = await orthanc.rest.instanceCount();
            // The batch halts with exactly storedBeforeRestart instances stored (see gated-relay.ts).
            const relay = await startGatedRelay(
                orthanc.dicom,
                async () => (await orthanc.rest.instanceCount()) < instancesBefore + storedBeforeRestart,
            );
            teardown.add("relay of the restart check", () => relay.close());
            const sending = exitOf(spawnStore({ ...orthanc.dicom, port: relay.port }, enrolledModality, batch.files, noDelayClientEnvironment));

            await waitFor(
                async () => (await orthanc.rest.instanceCount()) >= instancesBefore + storedBeforeRestart,
                30_000,
                `${storedBeforeRestart} instances of the batch`,
            );
            // As Kubernetes stops a pod whose grace period ends before the association
            // does (a long batch): SIGTERM, then SIGKILL. Orthanc finishes open
            // associations before it exits on SIGTERM (what the Deployment's grace
            // period is sized for), so only SIGKILL ends this one.
            assert.equal(await orthanc.stop(restartGraceMs), "killed", "Orthanc exited on SIGTERM with an association open");
            const firstSend = await sending;
            await orthanc.start();

            // The modality saw its association drop mid-batch...
            assert.notEqual(firstSend.code, 0, `the first storescu reported the whole batch sent:\n${firstSend.stderr}`);
            assert.doesNotMatch(firstSend.stderr, /Bad DICOM file|cannot access file/, "storescu failed on its files, not on the association");
            // ...and what Orthanc had acknowledged survived the kill, and nothing else was stored.
            const storedOfBatch = new Set(await orthanc.rest.storedOf(batch));
            assert.deepEqual(
                batch.sopInstanceUids.filter((uid) => storedOfBatch.has(uid)),
                batch.sopInstanceUids.slice(0, storedBeforeRestart),
                "stored before the resend: exactly the first instances of the batch",
            );

            const resent = await store(orthanc.dicom, enrolledModality, batch.files, noDelayClientEnvironment);
            assert.equal(resent.code, 0, resent.stderr);

            const stored = await orthanc.rest.storedSopInstanceUids();
            assert.equal(new Set(stored).size, stored.length, "an instance is indexed twice");
            const storedSet = new Set(stored);
            const missing = batch.sopInstanceUids.filter((uid) => !storedSet.has(uid));
            assert.deepEqual(missing, []);
            assert.equal(stored.length, instancesBefore + new Set(batch.sopInstanceUids).size);
            // The storage area holds one file per instance: no orphan left by the kill.
            assert.equal(countFiles(orthanc.config.StorageDirectory as string), stored.length);
            console.log(`      (the interrupted storescu said: ${lastLine(firstSend.stderr)})`);
        });
    });
});

function lastLine(text: string): string {
    return text.trim().split("\n").slice(-1)[0] ?? "";
}

function countFiles(directory: string): number {
    return fs.readdirSync(directory, { withFileTypes: true }).reduce(
        (sum, entry) => sum + (entry.isDirectory() ? countFiles(path.join(directory, entry.name)) : 1),
        0,
    );
}
