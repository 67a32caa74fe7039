// Rotating certificates: what cert-manager renews by itself, and what renews only
// when someone runs `pulumi up` (what the program's tls provider signs).
import { files } from "../files";
import { section, shell, word } from "../markdown";
import type { RunbookValues } from "../values";

export function certificates(stack: string, values: RunbookValues): string {
    const ns = word(values.orthanc.namespace);
    const s = word(stack);
    return section(
        "Rotating certificates",
        [
            "- **By itself (cert-manager):** Orthanc's DICOM and web server certificates renew 30 days before they expire; " +
                "Reloader restarts Orthanc on renewal. The alert \"certificate expiring\" fires 14 days ahead if a renewal failed.",
            "- **With `pulumi up`:** each modality's client certificate (and the test workstation's) is signed by the program: " +
                "in its last 60 days the next `pulumi up` replaces it, and the new one must be installed on the modality. " +
                "Run `pulumi up` at least monthly so no modality certificate runs out.",
            "- **Deliberately only:** the site CA and the modality CA last 10 years and are protected. Replacing the site CA " +
                "means re-configuring every modality's trust; replacing the modality CA, re-enrolling every modality " +
                "(README \"Enrolling a modality\").",
        ].join("\n"),
        "Check, renew now, and see what the next `pulumi up` would replace:",
        shell(
            "kubectl get certificates.cert-manager.io -A",
            `kubectl -n ${ns} get certificates.cert-manager.io -o custom-columns=NAME:.metadata.name,READY:.status.conditions[0].status,EXPIRES:.status.notAfter,RENEWS:.status.renewalTime`,
            "kubectl get certificaterequests.cert-manager.io -A",
            `pulumi preview -s ${s} --diff | grep -i -A3 'locallysignedcert'`,
            `pulumi up -s ${s}`,
            `for name in $(pulumi stack output -s ${s} modalityCertificates --json | jq -r 'keys[]'); do printf '%s ' "$name"; pulumi stack output -s ${s} modalityCertificates --json | jq -r --arg n "$name" '.[$n]' | openssl x509 -noout -enddate; done`,
        ),
        "To renew a server certificate at once (after a key compromise, say), cert-manager's \`cmctl\` does it:",
        shell(`cmctl renew -n ${ns} --all`),
        `To install a renewed certificate, take it from the outputs as when it was enrolled (\`pulumi stack output -s ${stack} modalityCertificates --json | jq -r '."ct-room-1"'\`); ` +
            `the trust file \`${files(values).siteCa}\` does not change.`,
    );
}
