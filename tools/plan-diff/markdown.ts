// The report as Markdown, for a pull-request comment: a table of the sites, the
// parity line, then each changed site's version bumps, resources, outputs and
// secrets.
import { isUnchanged, type SiteDiff } from "./diff";
import { describeField, resourceCounts, secretLines, secretsNotRecorded, secretsSummary } from "./describe";
import type { PlanDiffReport } from "./report";

// A code span that holds any text: longer backtick fences than the text has.
function code(text: string): string {
    const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    return longest > 0 || text.startsWith("`") ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

export function markdownReport(report: PlanDiffReport): string {
    const { sites, parity } = report;
    const changed = sites.filter((site) => !isUnchanged(site));
    const lines = ["## Plan diff", "", `Base ${code(report.base)}, head ${code(report.head)}: ${headline(sites.length, changed.length)}`, ""];
    lines.push("| site | resources | version bumps | secrets |", "| --- | --- | --- | --- |");
    for (const site of sites) {
        const resources = isUnchanged(site) ? "unchanged" : resourceCounts(site);
        lines.push(`| ${code(site.stack)} | ${resources} | ${site.bumps.length} | ${secretsSummary(site.secrets)} |`);
    }
    lines.push("", `**Parity of the head plans:** ${parity.passed ? "" : "⚠️ "}${parity.summary}`);
    if (parity.undeclared.length > 0) {
        lines.push("", "Differences outside the site knobs (`tools/parity/knobs.ts`):", "", "```text", ...parity.undeclared, "```");
    }
    for (const site of changed) {
        lines.push("", `### ${code(site.stack)}`, "", resourceCounts(site));
        section(lines, "Version bumps", site.bumps.map((bump) => `${code(bump.label)}: ${bump.what.startsWith("chart ") ? `chart ${code(bump.what.slice(6))}` : code(bump.what)} ${code(String(bump.before))} → ${code(String(bump.after))}`));
        if (site.presence === "both") {
            section(lines, "Added", site.added.map(code));
            section(lines, "Removed", site.removed.map(code));
        }
        if (site.changed.length > 0) {
            lines.push("", "**Changed**", "");
            for (const resource of site.changed) {
                lines.push(`- ${code(resource.label)}`, ...resource.fields.map((field) => `  - ${describeField(field, code, "→")}`));
            }
        }
        section(lines, "Stack outputs", site.outputs.map((field) => describeField(field, code, "→")));
        section(lines, "Secrets", site.secrets.recorded ? changedSecretLines(site) : []);
    }
    if (sites.some((site) => !site.secrets.recorded)) {
        lines.push("", `Secrets: ${secretsNotRecorded}.`);
    }
    return withinCommentLimit(lines, report);
}

// GitHub refuses a comment over 65,536 characters: a change that touches most of
// the resources (a refactor, a provider bump) is cut at a line, and says so.
export const commentLimit = 65536;

function withinCommentLimit(lines: readonly string[], report: PlanDiffReport): string {
    const whole = `${lines.join("\n")}\n`;
    if (whole.length <= commentLimit) {
        return whole;
    }
    const note = `\n\n… cut to fit a comment (${whole.length} characters in all): \`npm run plan:diff -- ${report.base} ${report.head}\` prints the whole report.\n`;
    let kept = "";
    for (const line of lines) {
        if (kept.length + line.length + 1 + note.length > commentLimit) {
            break;
        }
        kept += `${line}\n`;
    }
    return `${kept.trimEnd()}${note}`;
}

// Only a site whose secrets changed lists them: "3 unchanged" alone says nothing new.
function changedSecretLines(site: SiteDiff): string[] {
    const { secrets } = site;
    return secrets.changed.length + secrets.added.length + secrets.removed.length > 0 ? secretLines(secrets, code) : [];
}

function section(lines: string[], title: string, items: readonly string[]): void {
    if (items.length > 0) {
        lines.push("", `**${title}**`, "", ...items.map((item) => `- ${item}`));
    }
}

export function headline(sites: number, changed: number): string {
    const of = `${sites} ${sites === 1 ? "site" : "sites"}`;
    return changed === 0 ? `no changes (${of}).` : `${changed} of ${of} changed.`;
}
