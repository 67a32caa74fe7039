// The audit trail on the real programs: Debian's Orthanc 1.10.1 runs the Lua
// filter of stack local's plan, and Debian's mtail (3.0.0~rc50) runs the
// audit-metrics sidecar's program from the same plan, reading the audit file the
// filter writes, as the two containers share it in the pod.
//
// What differs from production, besides what localize.ts lists for Orthanc:
// - No authorization plugin: in production it asks the auth service about each
//   token before Orthanc runs the Lua filter; Debian has no such plugin. The
//   tokens below are RS256-shaped but signed by nobody (unsigned-token.ts): this
//   test proves what the filter makes of a token it is handed, not who may send one.
// - mtail listens on a loopback port of the test's, and reads the program and
//   the audit file from the local copies of their volumes.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { auditMetricsContainerName, auditMetricsProgramFile } from "../../components/orthanc/audit-metrics";
import { containerPaths, podEnv } from "../../components/orthanc/paths";
import { generateStudy, imageSizes } from "./dicom-images";
import { freeLoopbackPort, loopbackHost } from "./free-port";
import { loadGeneratedOrthanc, type GeneratedOrthanc } from "./generated-orthanc";
import { deployOrthanc, type LocalOrthanc } from "./local-orthanc";
import { conformancePerson, startLocalSite, type LocalSite } from "./local-site";
import { tail } from "./orthanc-process";
import { mtailBinary } from "./required-tools";
import { kinds, requireObject } from "./plan-objects";
import type { Container } from "./pod-spec";
import { ownedDirectory, writeOwnedFile } from "./scratch-directory";
import { serverAccount } from "./server-account";
import { Teardown } from "./teardown";
import { UserProcess } from "./user-process";
import { unsignedJwt } from "./unsigned-token";
import { sleep, waitFor } from "./wait";

describe("the audit trail on the real Orthanc and mtail, from stack local's plan #real", function () {
    this.timeout(60_000);
    const teardown = new Teardown();
    let generated: GeneratedOrthanc;
    let site: LocalSite;
    let orthanc: LocalOrthanc;
    let auditFile: string;
    let mtailPort: number;
    let mtailLog: string;

    before(async function () {
        this.timeout(120_000);
        generated = await loadGeneratedOrthanc();
        site = await startLocalSite("audit-trail", generated, teardown);
        orthanc = await deployOrthanc(site, teardown, { name: "audit" });
        assert.equal(orthanc.config.AuthenticationEnabled, false, "the plan's Orthanc has basic authentication on (it is the plugin's to decide)");
        auditFile = orthanc.environment[podEnv.auditFile];
        assert.ok(auditFile?.startsWith(site.scratch.root), `the audit file ${auditFile} is not in the test's copy of its volume`);

        // mtail first, as the sidecar may well start before Orthanc in the pod.
        const home = site.scratch.ownedDirectory(serverAccount("orthanc"), "mtail");
        mtailLog = path.join(home, "mtail.log");
        mtailPort = await freeLoopbackPort();
        const mtail = await UserProcess.start(serverAccount("orthanc"), mtailBinary, localMtailArgs(generated, home, auditFile, mtailPort), {
            cwd: home,
            env: {},
            logFile: mtailLog,
        });
        teardown.add("mtail", async () => {
            await mtail.stop("SIGTERM", 5_000);
        });
        await waitFor(async () => (await metricsText().catch(() => undefined)) !== undefined, 15_000, "mtail serving /metrics");

        await orthanc.start();
        // The filter creates the file when Orthanc loads it; mtail must be following it
        // before the first call, as it is in the pod long before Orthanc is ready.
        await waitFor(async () => fs.readFileSync(mtailLog, "utf8").includes(`Tailing ${auditFile}`), 15_000, "mtail tailing the audit file");
    });

    after(() => teardown.run());

    afterEach(function () {
        if (this.currentTest?.state === "failed") {
            console.log(`--- Orthanc log (tail) ---\n${tail(orthanc?.log() ?? "")}\n--- mtail log (tail) ---\n${tail(readIfThere(mtailLog))}`);
        }
    });

    function metricsText(): Promise<string> {
        return fetch(`http://${loopbackHost}:${mtailPort}/metrics`).then(async (response) => {
            if (response.status !== 200) {
                throw new Error(`mtail /metrics: HTTP ${response.status}`);
            }
            return response.text();
        });
    }

    // The counter's series as "user action" -> value.
    async function auditCounters(): Promise<Record<string, number>> {
        const counters: Record<string, number> = {};
        for (const line of (await metricsText()).split("\n")) {
            const match = /^imaging_audit_requests_total\{(.*)\} (\S+)$/.exec(line);
            if (match) {
                const labels = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
                assert.deepEqual(Object.keys(labels).sort(), ["action", "user"], line);
                counters[`${labels.user} ${labels.action}`] = Number(match[2]);
            }
        }
        return counters;
    }

    it("names the person and the action of each write, export and delete, in Orthanc's log, the file and mtail's counters, and never the patient", async () => {
        const logBefore = orthanc.log().length;
        const patient = { name: "DOE^JANE", renamed: "DOE^JOHN" };
        const study = await generateStudy(site.scratch.path("images", "audit-trail"), {
            instances: 1,
            pixelBytes: imageSizes.small,
            patientId: "AUDIT-TRAIL",
            patientName: patient.name,
        });
        const rest = orthanc.rest;
        const technologist = { token: `Bearer ${unsignedJwt({ preferred_username: "alice.tech", name: "Alice Technologist", realm_access: { roles: ["imaging-technologist"] } })}` };
        const breakGlass = { authorization: `Bearer ${unsignedJwt({ preferred_username: "break-glass" })}` };
        const call = async (method: string, uri: string, headers: Record<string, string> | undefined, body?: string | Uint8Array) => {
            const response = await fetch(`${rest.baseUrl}${uri}`, { method, headers, body });
            return { status: response.status, body: await response.text() };
        };

        // The test's person uploads the study, with a token in the Authorization header.
        const uploaded = await rest.request("POST", "/instances", fs.readFileSync(study.files[0]));
        assert.equal(uploaded.status, 200, uploaded.body);
        const studyId = (JSON.parse(uploaded.body) as { ParentStudy: string }).ParentStudy;
        // Reads with the patient's name in a query string and a body: not audited.
        assert.equal((await call("POST", "/tools/find", technologist, JSON.stringify({ Level: "Study", Query: { PatientName: "DOE*" } }))).status, 200);
        assert.equal((await call("GET", `/studies/${studyId}?PatientName=DOE`, technologist)).status, 200);
        // A person signed in through Keycloak corrects the name (the new name only in the body), and exports.
        const modified = await call("POST", `/studies/${studyId}/modify`, technologist, JSON.stringify({ Replace: { PatientName: patient.renamed }, Force: true }));
        assert.equal(modified.status, 200, modified.body);
        const modifiedId = (JSON.parse(modified.body) as { ID: string }).ID;
        assert.equal((await call("GET", `/studies/${modifiedId}/archive`, technologist)).status, 200);
        // A path that, decoded, would start a line of its own naming break-glass: it stays on the caller's line.
        const forged = "/studies/none%0AAUDIT%20user=break-glass%20action=delete";
        assert.equal((await call("DELETE", forged, technologist)).status, 404);
        // A valid token and a Basic name that nothing checks (AuthenticationEnabled off, as with single
        // sign-on): the filter cannot tell which one the plugin accepted, so it names neither.
        const claimed = { ...technologist, authorization: `Basic ${Buffer.from("break-glass:not-checked").toString("base64")}` };
        assert.equal((await call("DELETE", "/studies/none-either", claimed)).status, 404);
        // Break-glass, with its token in the Authorization header as scripts send it, deletes the original.
        assert.equal((await call("DELETE", `/studies/${studyId}`, breakGlass)).status, 200);

        const expected = [
            `AUDIT user=${conformancePerson} action=change ip=127.0.0.1 POST /instances`,
            `AUDIT user=alice.tech action=change ip=127.0.0.1 POST /studies/${studyId}/modify`,
            `AUDIT user=alice.tech action=export ip=127.0.0.1 GET /studies/${modifiedId}/archive`,
            "AUDIT user=alice.tech action=delete ip=127.0.0.1 DELETE /studies/none?AUDIT?user=break-glass?action=delete",
            "AUDIT user=(ambiguous) action=delete ip=127.0.0.1 DELETE /studies/none-either",
            `AUDIT user=break-glass action=delete ip=127.0.0.1 DELETE /studies/${studyId}`,
        ];
        const log = orthanc.log().slice(logBefore);
        const logged = log
            .split("\n")
            .filter((line) => line.includes("AUDIT user="))
            .map((line) => line.slice(line.indexOf("AUDIT user=")));
        assert.deepEqual(logged, expected, "Orthanc's log");
        assert.deepEqual(fs.readFileSync(auditFile, "utf8").trimEnd().split("\n"), expected, "the audit file");
        for (const [where, text] of [["Orthanc's log", log], ["the audit file", fs.readFileSync(auditFile, "utf8")]]) {
            assert.doesNotMatch(text, /DOE|JANE|JOHN|Alice Technologist/, `a patient's or a person's full name reached ${where}`);
        }

        const counted = {
            "(ambiguous) delete": 1,
            "alice.tech change": 1,
            "alice.tech delete": 1,
            "alice.tech export": 1,
            "break-glass delete": 1,
            [`${conformancePerson} change`]: 1,
        };
        let counters: Record<string, number> = {};
        await waitFor(
            async () => {
                counters = await auditCounters();
                return Object.keys(counters).length >= Object.keys(counted).length;
            },
            10_000,
            "mtail counting the six audit lines",
        ).catch(() => undefined);
        assert.deepEqual(counters, counted, "mtail's counters");
        assert.doesNotMatch(await metricsText(), /DOE|JANE|JOHN/);
    });

    it("empties the file past its bound and mtail goes on counting from the new start", async () => {
        const maxBytes = 1024 * 1024;
        // As if a long day had filled it: the next line finds the file over the bound.
        fs.appendFileSync(auditFile, `${"# filler, not an audit line\n".repeat(Math.ceil(maxBytes / 28))}`);
        assert.ok(fs.statSync(auditFile).size >= maxBytes);
        await sleep(1_000);
        const counter = `${conformancePerson} delete`;
        const before = (await auditCounters())[counter] ?? 0;
        const gone = "/patients/00000000-00000000-00000000-00000000-00000000";
        assert.equal((await orthanc.rest.request("DELETE", gone)).status, 404);
        const lines = fs.readFileSync(auditFile, "utf8").trimEnd().split("\n");
        assert.deepEqual(lines, [`AUDIT user=${conformancePerson} action=delete ip=127.0.0.1 DELETE ${gone}`]);
        await waitFor(async () => ((await auditCounters())[counter] ?? 0) > before, 10_000, "mtail counting after the truncation");
        assert.equal((await auditCounters())[counter], before + 1);
    });
});

// The sidecar's arguments from the plan, with the program and the audit file at
// their local copies and a loopback port; every other argument as planned.
function localMtailArgs(generated: GeneratedOrthanc, home: string, auditFile: string, port: number): string[] {
    const deployment = requireObject(generated.plan, ...kinds.deployment, "orthanc") as { spec?: { template?: { spec?: { containers?: Container[] } } } };
    const sidecar = deployment.spec?.template?.spec?.containers?.find((c) => c.name === auditMetricsContainerName) as (Container & { args?: string[] }) | undefined;
    assert.ok(sidecar?.args, `the orthanc Deployment has no ${auditMetricsContainerName} container with arguments`);
    const program = requireObject(generated.plan, ...kinds.configMap, "orthanc-audit-metrics") as { data?: Record<string, string> };
    const programs = ownedDirectory(path.join(home, "progs"), serverAccount("orthanc"));
    writeOwnedFile(path.join(programs, auditMetricsProgramFile), program.data?.[auditMetricsProgramFile] ?? "", serverAccount("orthanc"), 0o444);
    // The file the filter writes (the orthanc container's variable) is the file mtail reads.
    const plannedAuditFile = generated.container.env?.find((v) => v.name === podEnv.auditFile)?.value;
    const localized: Record<string, string> = {
        "--progs": programs,
        "--logs": auditFile,
        "--port": String(port),
    };
    const args = sidecar.args.map((arg) => {
        const [flag, value] = arg.split("=", 2);
        if (flag === "--progs") {
            assert.equal(value, containerPaths.auditMetricsProgramDirectory);
        }
        if (flag === "--logs") {
            assert.equal(value, plannedAuditFile, "mtail reads another file than the filter writes");
        }
        return flag in localized ? `${flag}=${localized[flag]}` : arg;
    });
    assert.deepEqual(
        Object.keys(localized).filter((flag) => !sidecar.args?.some((arg) => arg.startsWith(`${flag}=`))),
        [],
        "a planned argument the test localizes is missing",
    );
    return [...args, `--address=${loopbackHost}`];
}

function readIfThere(file: string | undefined): string {
    return file && fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
}
