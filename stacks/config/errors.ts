// Turns schema issues into the messages users see: one line per problem, each
// naming the key, the bad value and what is allowed.
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

// A RunError, so `pulumi up` prints the message alone, without a stack trace.
export class SiteConfigError extends pulumi.RunError {
    constructor(readonly problems: string[]) {
        super(`invalid site configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
        this.name = "SiteConfigError";
    }
}

// The problems of a SiteConfigError, or undefined for any other error. Recognised
// by name and shape, not class: the plan loads the program's modules afresh for
// each evaluation, so the class it imported is not the one the program threw.
export function siteConfigProblems(error: unknown): string[] | undefined {
    if (error instanceof Error && error.name === "SiteConfigError") {
        const problems = (error as { problems?: unknown }).problems;
        if (Array.isArray(problems) && problems.every((p) => typeof p === "string")) {
            return problems;
        }
    }
    return undefined;
}

// Marks an issue whose message finishes the sentence about the value itself
// ("512 needs a unit, ..."), rather than saying what is expected instead.
export const ownSentence = "ownSentence";

export function describeIssues(root: string, input: unknown, issues: readonly z.core.$ZodIssue[]): string[] {
    return issues.flatMap((issue) => {
        const key = keyOf(root, issue.path);
        if (issue.code === "unrecognized_keys") {
            return issue.keys.map((unknown) => `${keyOf(key, [unknown])}: unknown key; ${issue.message}`);
        }
        if (issue.code === "invalid_key") {
            // A map's own key (a modality's name, say) is what is wrong, not its value.
            const name = issue.path[issue.path.length - 1];
            const expected = issue.issues.map((inner) => inner.message).join("; ");
            return [`${keyOf(root, issue.path.slice(0, -1))}: ${render(String(name))} is not allowed as a name; ${expected}`];
        }
        const value = valueAt(input, issue.path);
        if (value === undefined) {
            return [`${key}: missing; ${issue.message}`];
        }
        if (issue.code === "custom" && issue.params?.[ownSentence] === true) {
            return [`${key}: ${render(value)} ${issue.message}`];
        }
        return [`${key}: ${render(value)} is not allowed; ${issue.message}`];
    });
}

function keyOf(root: string, path: readonly PropertyKey[]): string {
    return [root, ...path.map(String)].join(".");
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
    let current: unknown = input;
    for (const segment of path) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<PropertyKey, unknown>)[segment];
    }
    return current;
}

function render(value: unknown): string {
    const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
