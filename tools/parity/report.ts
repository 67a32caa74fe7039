// What `npm run parity` prints: each difference as its object, its field path and
// the value on each site; then one line that says what was compared.
import { absent, type Difference, type ParityResult } from "./compare";

const longest = 160;

export function formatValue(value: unknown): string {
    if (value === absent) {
        return "(absent)";
    }
    const text = JSON.stringify(value) ?? String(value);
    return text.length > longest ? `${text.slice(0, longest)}… (${text.length} characters)` : text;
}

// Differences grouped by object, in the order compareSites gives them.
export function formatDifferences(differences: readonly Difference[], stacks: readonly string[], withReason = false): string[] {
    const width = Math.max(...stacks.map((stack) => stack.length));
    const lines: string[] = [];
    let object: string | undefined;
    for (const difference of differences) {
        if (difference.object !== object) {
            object = difference.object;
            lines.push(object);
        }
        lines.push(`  ${difference.path}${withReason && difference.knob ? `  (knob: ${difference.knob.reason})` : ""}`);
        for (const stack of stacks) {
            if (stack in difference.values) {
                lines.push(`    ${`${stack}:`.padEnd(width + 1)} ${formatValue(difference.values[stack])}`);
            }
        }
    }
    return lines;
}

export function summaryLine(result: ParityResult): string {
    const { stacks, objects, undeclared, allowed } = result;
    if (stacks.length < 2) {
        return (
            `only one stack (${stacks.join("")}): parity compares sites with each other, so nothing was compared ` +
            `(${objects} platform objects planned); commit another stack file or name more stacks`
        );
    }
    const counts = `${stacks.length} stacks (${stacks.join(", ")}), ${objects} platform objects compared, ${allowed.length} knob differences allowed`;
    if (undeclared.length === 0) {
        return counts;
    }
    const differences = undeclared.length === 1 ? "1 difference is" : `${undeclared.length} differences are`;
    return `${counts}; ${differences} not a declared site knob (tools/parity/knobs.ts)`;
}
