// The runbook's DICOM test lines, taken from the local stack's runbook as an
// operator would copy them, with only where they point changed: the test
// Orthanc's loopback address and port, and the test's own key, certificate and
// site CA files. So the runbook cannot drift from what the real server accepts.
import { files } from "../../tools/runbook/files";
import { renderRunbook } from "../../tools/runbook/render";
import { plannedOutputs } from "../../tools/runbook/sources";
import { runbookValues } from "../../tools/runbook/values";
import type { CertificateClientTls } from "./modalities";
import type { DicomTarget } from "./dcmtk-client";
import { run, type CommandResult } from "./run-command";

export function runbookEchoscu(target: DicomTarget, tls: CertificateClientTls): Promise<CommandResult & { line: string }> {
    return runbookDicomLine("echoscu", target, tls);
}

// The storescu line sends the runbook's test image; here, one file of the test's own study.
export function runbookStorescu(target: DicomTarget, tls: CertificateClientTls, image: string): Promise<CommandResult & { line: string }> {
    return runbookDicomLine("storescu", target, tls, image);
}

async function runbookDicomLine(
    program: "echoscu" | "storescu",
    target: DicomTarget,
    tls: CertificateClientTls,
    image?: string,
): Promise<CommandResult & { line: string }> {
    const outputs = await plannedOutputs("local");
    const values = runbookValues(outputs);
    const runbook = renderRunbook("local", values, { kind: "plan", description: "conformance", outputs });
    const lines = runbook.split("\n").filter((line) => line.startsWith(`${program} `));
    if (lines.length !== 1) {
        throw new Error(`expected one ${program} line in the local runbook, found ${lines.length}`);
    }
    const f = files(values);
    const line = substitute(lines[0], [
        [` ${f.workstationKey} `, ` ${tls.key} `],
        [` ${f.workstationCertificate} `, ` ${tls.certificate} `],
        [` ${f.siteCa} `, ` ${tls.trustedCa} `],
        [` ${values.dicom.host} ${values.dicom.port}`, ` ${target.host} ${target.port}`],
        ...(image !== undefined ? ([[` ${f.testImage}`, ` ${image}`]] as Array<[string, string]>) : []),
    ]);
    return { ...(await run("bash", ["-c", line])), line };
}

// Each substitution must find its text once: a runbook line that changed shape stops the test.
function substitute(line: string, replacements: Array<[string, string]>): string {
    return replacements.reduce((current, [from, to]) => {
        if (current.split(from).length !== 2) {
            throw new Error(`the runbook's line ${JSON.stringify(line)} has not exactly one ${JSON.stringify(from)}`);
        }
        return current.replace(from, to);
    }, line);
}
