// The report as plain text, for a terminal: one line per site, then each
// changed site's details, then the parity line.
import { isUnchanged } from "./diff";
import { describeField, resourceCounts, secretLines, secretsNotRecorded, secretsSummary } from "./describe";
import { headline } from "./markdown";
import type { PlanDiffReport } from "./report";

const asIs = (text: string) => text;

export function textReport(report: PlanDiffReport): string {
    const { sites, parity } = report;
    const changed = sites.filter((site) => !isUnchanged(site)).length;
    const lines = [`plan diff ${report.base} -> ${report.head}: ${headline(sites.length, changed)}`];
    for (const site of sites) {
        if (isUnchanged(site)) {
            lines.push(`${site.stack}: unchanged`);
            continue;
        }
        lines.push(`${site.stack}: ${resourceCounts(site)}, ${site.bumps.length} version ${site.bumps.length === 1 ? "bump" : "bumps"}, secrets ${secretsSummary(site.secrets)}`);
        block(lines, "version bumps", site.bumps.map((bump) => `${bump.label}: ${bump.what} ${String(bump.before)} -> ${String(bump.after)}`));
        if (site.presence === "both") {
            block(lines, "added", site.added.map((label) => `+ ${label}`));
            block(lines, "removed", site.removed.map((label) => `- ${label}`));
        }
        block(
            lines,
            "changed",
            site.changed.flatMap((resource) => [`~ ${resource.label}`, ...resource.fields.map((field) => `    ${describeField(field, asIs, "->")}`)]),
        );
        block(lines, "stack outputs", site.outputs.map((field) => describeField(field, asIs, "->")));
        const secrets = site.secrets;
        block(lines, "secrets", secrets.changed.length + secrets.added.length + secrets.removed.length > 0 ? secretLines(secrets, asIs) : []);
    }
    if (sites.some((site) => !site.secrets.recorded)) {
        lines.push(`secrets: ${secretsNotRecorded}`);
    }
    lines.push(`parity of the head plans: ${parity.summary}`);
    if (parity.undeclared.length > 0) {
        lines.push("differences outside the site knobs:", ...parity.undeclared);
    }
    return `${lines.join("\n")}\n`;
}

function block(lines: string[], title: string, items: readonly string[]): void {
    if (items.length > 0) {
        lines.push(`  ${title}:`, ...items.map((item) => `    ${item}`));
    }
}
