// Words for a site's differences that both report formats share: a field change
// (never a secret's value), a count, the secrets' state.
import { maskedSecret } from "../plan/masking";
import { formatValue } from "../parity/report";
import { absent, type FieldChange, type SiteDiff } from "./diff";
import type { SecretChanges } from "./secrets";

/** How a value is set in the report: in backticks for Markdown, as is for a terminal. */
export type Quote = (text: string) => string;

export function describeField(field: FieldChange, quote: Quote, arrow: string): string {
    const value = (v: unknown) => quote(formatValue(v));
    if (field.secret) {
        // One side masked and the other not (equal masks are no change): say which way, show neither.
        const change = field.before === absent ? "added" : field.after === absent ? "removed" : field.after === maskedSecret ? "now masked" : "no longer masked";
        return `${quote(field.path)}: secret, ${change} (value not shown)`;
    }
    if (field.before === absent) {
        return `${quote(field.path)}: added ${value(field.after)}`;
    }
    if (field.after === absent) {
        return `${quote(field.path)}: removed, was ${value(field.before)}`;
    }
    return `${quote(field.path)}: ${value(field.before)} ${arrow} ${value(field.after)}`;
}

export function resourceCounts(site: SiteDiff): string {
    if (site.presence === "added") {
        return `new site, ${site.added.length} resources`;
    }
    if (site.presence === "removed") {
        return `site removed, ${site.removed.length} resources`;
    }
    return `${site.added.length} added, ${site.removed.length} removed, ${site.changed.length} changed`;
}

export function secretsSummary(secrets: SecretChanges): string {
    if (!secrets.recorded) {
        return "not recorded";
    }
    const parts = [
        secrets.changed.length > 0 ? `${secrets.changed.length} changed` : "",
        secrets.added.length > 0 ? `${secrets.added.length} added` : "",
        secrets.removed.length > 0 ? `${secrets.removed.length} removed` : "",
    ].filter((part) => part !== "");
    return parts.length > 0 ? parts.join(", ") : secrets.unchanged > 0 ? `${secrets.unchanged} unchanged` : "none";
}

// The secrets of a site, one line each, by key: never a value, which the plan never has.
export function secretLines(secrets: SecretChanges, quote: Quote): string[] {
    return [
        ...secrets.changed.map((key) => `${quote(key)}: changed (its ciphertext in the stack file differs: a new value, or the same one encrypted again)`),
        ...secrets.added.map((key) => `${quote(key)}: added`),
        ...secrets.removed.map((key) => `${quote(key)}: removed`),
        ...(secrets.unchanged > 0 ? [`${secrets.unchanged} unchanged`] : []),
    ];
}

export const secretsNotRecorded =
    "a plan here records no secret digests (it was written before `npm run plan` recorded them): a changed secret value cannot be seen";
