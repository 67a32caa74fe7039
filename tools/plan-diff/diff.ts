// What changed in one site's plan from the base to the head: resources added,
// removed and changed (each changed field by its path, as parity names fields),
// the stack outputs, and the stack file's secrets by their ciphertext digests.
// A pure function of the two plans.
import type { Plan, PlannedResource } from "../plan/evaluate";
import { maskedSecret } from "../plan/masking";
import { leaves } from "../parity/flatten";
import { formatPath } from "../parity/paths";
import { versionBumps, type VersionBump } from "./bumps";
import { secretChanges, type SecretChanges } from "./secrets";

/** Stands for a field, a resource or a site one side does not have. */
export const absent: unique symbol = Symbol("absent");

/** One field whose value differs; `before` or `after` is `absent` where that side lacks it. */
export interface FieldChange {
    path: string;
    before: unknown;
    after: unknown;
    /** True when either side is masked: the report then shows no value at all. */
    secret: boolean;
}

export interface ResourceChange {
    /** `type::name`, or the URN without its stack where two resources share that. */
    label: string;
    type: string;
    fields: FieldChange[];
}

/** One site's differences; `presence` says whether only one side planned it. */
export interface SiteDiff {
    stack: string;
    presence: "both" | "added" | "removed";
    added: string[];
    removed: string[];
    changed: ResourceChange[];
    bumps: VersionBump[];
    outputs: FieldChange[];
    secrets: SecretChanges;
}

export function diffSite(stack: string, base: Plan | undefined, head: Plan | undefined): SiteDiff {
    const before = base?.resources ?? [];
    const after = head?.resources ?? [];
    const labels = resourceLabels([...before, ...after]);
    const beforeByUrn = new Map(before.map((r) => [r.urn, r]));
    const afterByUrn = new Map(after.map((r) => [r.urn, r]));
    const label = (r: PlannedResource) => labels.get(r.urn) as string;

    const changed: ResourceChange[] = [];
    for (const resource of after) {
        const old = beforeByUrn.get(resource.urn);
        if (old !== undefined) {
            const fields = fieldChanges(compared(old, labels), compared(resource, labels));
            if (fields.length > 0) {
                changed.push({ label: label(resource), type: resource.type, fields });
            }
        }
    }
    changed.sort((a, b) => compareText(a.label, b.label));
    return {
        stack,
        presence: base === undefined ? "added" : head === undefined ? "removed" : "both",
        added: after.filter((r) => !beforeByUrn.has(r.urn)).map(label).sort(compareText),
        removed: before.filter((r) => !afterByUrn.has(r.urn)).map(label).sort(compareText),
        changed,
        bumps: versionBumps(changed, afterByUrn, labels),
        outputs: fieldChanges(base?.outputs ?? {}, head?.outputs ?? {}),
        secrets: secretChanges(base?.secretDigests, head?.secretDigests, base === undefined || head === undefined),
    };
}

export function isUnchanged(site: SiteDiff): boolean {
    const { secrets } = site;
    return (
        site.presence === "both" &&
        site.added.length + site.removed.length + site.changed.length + site.outputs.length === 0 &&
        secrets.changed.length + secrets.added.length + secrets.removed.length === 0
    );
}

// Everything the plan records of a resource but its identity. Dependencies are a
// set: one added in the middle must not read as every later one changing.
function compared(resource: PlannedResource, labels: Map<string, string>): Record<string, unknown> {
    const { urn: _urn, type: _type, name: _name, dependencies, ...rest } = resource;
    return { ...rest, dependencies: Object.fromEntries(dependencies.map((urn) => [labels.get(urn) ?? stacklessUrn(urn), true])) };
}

export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
    const byPath = (value: unknown) =>
        new Map(leaves(value).filter((leaf) => leaf.value !== undefined).map((leaf) => [formatPath(leaf.path), leaf.value]));
    const old = byPath(before);
    const now = byPath(after);
    const paths = [...new Set([...old.keys(), ...now.keys()])].sort(compareText);
    const changes: FieldChange[] = [];
    for (const path of paths) {
        const was = old.has(path) ? old.get(path) : absent;
        const is = now.has(path) ? now.get(path) : absent;
        if (was !== absent && is !== absent && JSON.stringify(was) === JSON.stringify(is)) {
            continue;
        }
        changes.push({ path, before: was, after: is, secret: was === maskedSecret || is === maskedSecret });
    }
    return changes;
}

// `type::name` reads best; where two resources share it, their URN without the stack.
function resourceLabels(resources: readonly PlannedResource[]): Map<string, string> {
    const short = (r: PlannedResource) => `${r.type}::${r.name}`;
    const urnsByShort = new Map<string, Set<string>>();
    for (const r of resources) {
        urnsByShort.set(short(r), (urnsByShort.get(short(r)) ?? new Set()).add(r.urn));
    }
    return new Map(resources.map((r) => [r.urn, (urnsByShort.get(short(r)) as Set<string>).size > 1 ? stacklessUrn(r.urn) : short(r)]));
}

// urn:pulumi:<stack>::<project>::<type chain>::<name> without the first two parts.
function stacklessUrn(urn: string): string {
    return urn.split("::").slice(2).join("::");
}

export function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
