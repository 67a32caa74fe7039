// A planned value as its leaves: each scalar (or empty mapping or list) under the
// path that reaches it. Comparing leaves lets a difference name the one setting
// that differs, and lets a knob allow exactly the fields it names.
//
// Text that holds a JSON or YAML document (Orthanc's orthanc.json in a ConfigMap,
// a dashboard, a Helm value holding a YAML snippet) is read and walked into, so
// that a difference reads `inputs.data["orthanc.json"].DicomAet` rather than "the
// whole file differs", and a knob on one setting does not swallow the file.
import * as YAML from "yaml";
import type { FieldPath, PathSegment } from "./paths";

export interface Leaf {
    path: FieldPath;
    value: unknown;
}

export function leaves(value: unknown, at: FieldPath = []): Leaf[] {
    const embedded = typeof value === "string" ? embeddedDocument(value) : undefined;
    const walked = embedded ?? value;
    if (Array.isArray(walked)) {
        if (walked.length === 0) {
            return [{ path: at, value: [] }];
        }
        const named = elementNames(walked);
        return walked.flatMap((item, index) =>
            leaves(item, [...at, named ? { by: named.by, named: named.names[index] } : { index }]),
        );
    }
    if (walked !== null && typeof walked === "object") {
        const entries = Object.entries(walked as Record<string, unknown>);
        if (entries.length === 0) {
            return [{ path: at, value: {} }];
        }
        return entries.flatMap(([key, inner]) => leaves(inner, [...at, { key } satisfies PathSegment]));
    }
    return [{ path: at, value: walked }];
}

// Lists of named things (containers, env, ports, volumes; alerting rules by their
// alert) are matched by that name, so that an entry one site has and another lacks
// is named, and the entries after it still line up.
const identifyingKeys = ["name", "alert"] as const;

function elementNames(items: unknown[]): { by: string; names: string[] } | undefined {
    for (const by of identifyingKeys) {
        const names = items.map((item) =>
            item !== null && typeof item === "object" && !Array.isArray(item) ? (item as Record<string, unknown>)[by] : undefined,
        );
        if (names.every((name): name is string => typeof name === "string") && new Set(names).size === names.length) {
            return { by, names };
        }
    }
    return undefined;
}

// A mapping or list the text holds as a JSON or YAML document, or undefined when
// it is plain text (a single line, a script, a scalar).
export function embeddedDocument(text: string): unknown[] | Record<string, unknown> | undefined {
    const trimmed = text.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        try {
            return structured(JSON.parse(trimmed));
        } catch {
            // Not JSON: it may still be YAML below.
        }
    }
    if (!trimmed.includes("\n")) {
        return undefined;
    }
    try {
        return structured(YAML.parse(text, { uniqueKeys: false }));
    } catch {
        return undefined;
    }
}

function structured(value: unknown): unknown[] | Record<string, unknown> | undefined {
    return value !== null && typeof value === "object" ? (value as unknown[] | Record<string, unknown>) : undefined;
}
