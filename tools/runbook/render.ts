// The runbook of one site: its values up front, then the steps in the order an
// operator meets them, each with the site's own names.
import { access } from "./sections/access";
import { certificates } from "./sections/certificates";
import { dicomTest, onboarding } from "./sections/dicom";
import { health } from "./sections/health";
import { monitoring } from "./sections/monitoring";
import { restore } from "./sections/restore";
import { signIn } from "./sections/sign-in";
import { siteKindSection } from "./sections/site-kind";
import { upgrade } from "./sections/upgrade";
import type { OutputsSource } from "./sources";
import type { RunbookValues } from "./values";

export function renderRunbook(stack: string, values: RunbookValues, source: OutputsSource): string {
    const parts = [
        `# Runbook: site ${values.siteName} (stack ${stack}, kind ${values.siteKind})`,
        `Written by \`npm run runbook -- ${stack}\` from ${sourceText(source)}. ` +
            "Secrets are not in this file: the steps that need one read it with `pulumi stack output --show-secrets`.",
        summary(values),
        access(stack, values),
        health(values),
        signIn(stack, values),
        onboarding(stack, values),
        dicomTest(stack, values),
        monitoring(stack, values),
        certificates(stack, values),
        restore(stack, values),
        upgrade(stack, values),
        siteKindSection(values),
    ];
    return parts.join("\n\n") + "\n";
}

function sourceText(source: OutputsSource): string {
    switch (source.kind) {
        case "pulumi":
            return "the deployed stack's outputs";
        case "file":
            return "saved stack outputs";
        case "plan":
            return "the plan (what `pulumi up` would deploy; values only a deployment knows say so)";
    }
}

function summary(values: RunbookValues): string {
    const rows: Array<[string, string]> = [
        ["Web interface, REST, DICOMweb", values.webUrl],
        ["Sign-in", `realm \`${values.signIn.realm}\` at ${values.signIn.url}`],
        ["DICOM over TLS", `${values.dicom.host} port ${values.dicom.port}, called AE title ${values.dicom.aeTitle}`],
        ["Orthanc", `deployment and service \`${values.orthanc.service}\` in namespace \`${values.orthanc.namespace}\``],
        ["Database", `CloudNativePG cluster \`${values.postgres.cluster}\` (${values.postgres.host})`],
        ["Backups", values.postgres.backupDestination],
        ["Grafana", `${values.grafana.url} after \`${values.grafana.portForward}\``],
        ["Prometheus query", values.prometheusQuery.url],
        ["Kubernetes", values.versions.kubernetes],
    ];
    return ["| | |", "| --- | --- |", ...rows.map(([what, value]) => `| ${what} | ${value.replace(/\|/g, "\\|")} |`)].join("\n");
}
