// DICOM: enrolling a modality (the README's flow: a request in
// certificates.modalityCertificateRequests, signed by `pulumi up`), what to set on
// it, and testing the site from a workstation with dcmtk, enrolled the same way.
import { files, workstation } from "../files";
import { section, shell, word } from "../markdown";
import type { RunbookValues } from "../values";

/** The echoscu line of the runbook: the conformance test runs it against the local Orthanc. */
export function echoscuLine(values: RunbookValues): string {
    return `echoscu -v ${associationFlags(values)}`;
}

export function storescuLine(values: RunbookValues): string {
    return `storescu -v ${associationFlags(values)} ${files(values).testImage}`;
}

// dcmtk's TLS flags: +tls <key> <certificate> (the client's own), +cf <CA> (trusts the server's).
function associationFlags(values: RunbookValues): string {
    const f = files(values);
    return [
        "+tls", f.workstationKey, f.workstationCertificate,
        "+cf", f.siteCa,
        "-aet", workstation.aeTitle,
        "-aec", word(values.dicom.aeTitle),
        word(values.dicom.host),
        word(values.dicom.port),
    ].join(" ");
}

function enrolment(stack: string, name: string, commonName: string, key: string, csr: string, certificate: string): string {
    const s = word(stack);
    return shell(
        `openssl req -new -newkey rsa:2048 -nodes -keyout ${key} -out ${csr} -subj /CN=${commonName}`,
        `pulumi config set -s ${s} --path 'site.certificates.modalityCertificateRequests["${name}"]' -- "$(cat ${csr})"`,
        `pulumi preview -s ${s}`,
        `pulumi up -s ${s}`,
        `pulumi stack output -s ${s} modalityCertificates --json | jq -r '."${name}"' > ${certificate}`,
        `openssl verify -CAfile <(pulumi stack output -s ${s} modalityCaCertificate) ${certificate}`,
    );
}

export function onboarding(stack: string, values: RunbookValues): string {
    const f = files(values);
    const enrolled =
        values.modalities === undefined
            ? "Which modalities are enrolled is known after `pulumi up` (`pulumi stack output modalityCertificates`)."
            : values.modalities.length === 0
              ? "No modality is enrolled yet."
              : `Enrolled now: ${values.modalities.map((name) => `\`${name}\``).join(", ")}.`;
    return section(
        "Onboarding a modality",
        "Orthanc accepts DICOM only over TLS from a client certificate signed by the site's modality CA " +
            "(or a CA in `certificates.extraTrustedClientCAs`). Enrolling is one reviewed change: the modality's " +
            "certificate request goes into the stack's configuration, and `pulumi up` signs it. The private key " +
            "stays with the modality. " + enrolled,
        "Where the modality makes its own key and request, use its request file instead of the `openssl req` line. " +
            "For a modality named `ct-room-1` with AE title `CT_ROOM_1`:",
        enrolment(stack, "ct-room-1", "CT_ROOM_1", "ct-room-1.key", "ct-room-1.csr", "ct-room-1.crt"),
        [
            "Then configure on the modality (its DICOM network or \"storage destination\" settings):",
            "",
            `- destination host \`${values.dicom.host}\`, port \`${values.dicom.port}\`, called AE title \`${values.dicom.aeTitle}\`;`,
            "- its own (calling) AE title, e.g. `CT_ROOM_1`;",
            "- TLS on, with its key (`ct-room-1.key`) and certificate (`ct-room-1.crt`) as the client certificate;",
            `- \`${f.siteCa}\` as the trusted CA for the server (Orthanc's certificate is issued for \`${values.dicom.host}\`).`,
            "",
            "The certificate lasts `certificates.modalityCertificateDays`; in its last 60 days the next `pulumi up` " +
                "replaces it, and the new one must be installed on the modality (see \"Rotating certificates\").",
        ].join("\n"),
    );
}

export function dicomTest(stack: string, values: RunbookValues): string {
    const f = files(values);
    return section(
        "Testing DICOM from a workstation",
        `The workstation needs a client certificate like any modality. Enrol it once, as \`${workstation.name}\`:`,
        enrolment(stack, workstation.name, workstation.aeTitle, f.workstationKey, f.workstationCsr, f.workstationCertificate),
        "C-ECHO (exit code 0 and `Received Echo Response (Success)`):",
        shell(echoscuLine(values)),
        "C-STORE of a test image (never a real patient's): make one from any JPEG, send it, and find patient ID " +
            `\`RUNBOOK-TEST\` in Orthanc's web interface (${values.webUrl}/):`,
        shell(
            `img2dcm -k 'PatientName=TEST^RUNBOOK' -k 'PatientID=RUNBOOK-TEST' test.jpg ${f.testImage}`,
            storescuLine(values),
        ),
        "Remove the workstation when you no longer test from it (its certificate stays valid until it expires: there is no revocation list):",
        shell(
            `pulumi config rm -s ${word(stack)} --path 'site.certificates.modalityCertificateRequests["${workstation.name}"]'`,
            `pulumi up -s ${word(stack)}`,
        ),
    );
}
