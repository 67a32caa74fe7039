// Compares the platform layer of several sites' plans: the same objects, and in
// each the same fields with the same values, except where a site knob allows a
// difference. A pure function of the plans and the knobs.
import type { Plan } from "../plan/evaluate";
import { leaves, type Leaf } from "./flatten";
import { compileKnob, type CompiledKnob, type SiteKnob } from "./knob";
import { formatPath, type FieldPath } from "./paths";
import { platformObjects, type PlatformObject } from "./platform-objects";

/** The path a difference in an object's existence is reported under. */
export const presencePath = "(presence)";

/** One field (or an object's existence) whose value is not the same on every site. */
export interface Difference {
    /** The object as `type::name`, or its whole stackless URN when two objects share that. */
    object: string;
    /** The field path (paths.ts), or `(presence)` when the object is missing somewhere. */
    path: string;
    /**
     * The value on each site, by stack; `absent` where the site lacks the field (or the
     * object). Secrets appear as the plan recorded them (masked).
     */
    values: Record<string, unknown>;
    /** The knob that allows it, when one does. */
    knob?: SiteKnob;
}

/** Stands for a field or an object a site does not have. */
export const absent: unique symbol = Symbol("absent");

export interface ParityResult {
    stacks: string[];
    /** How many distinct platform objects were compared (the union over the sites). */
    objects: number;
    /** Differences no knob allows: each one fails parity. */
    undeclared: Difference[];
    /** Differences a knob allows, with the knob. */
    allowed: Difference[];
}

export function compareSites(plans: readonly Plan[], knobs: readonly SiteKnob[]): ParityResult {
    const compiled = knobs.map(compileKnob);
    const stacks = plans.map((plan) => plan.stack);
    if (new Set(stacks).size !== stacks.length) {
        throw new Error(`a stack is given twice: ${stacks.join(", ")}`);
    }
    const objectsByStack = plans.map((plan) => new Map(platformObjects(plan).map((object) => [object.key, object])));
    const keys = [...new Set(objectsByStack.flatMap((objects) => [...objects.keys()]))].sort();
    const labels = objectLabels(objectsByStack.flatMap((objects) => [...objects.values()]));

    const undeclared: Difference[] = [];
    const allowed: Difference[] = [];
    // Files a difference as allowed (by the first knob that covers it) or undeclared.
    const record = (
        object: PlatformObject,
        path: string,
        values: Record<string, unknown>,
        derived: () => SiteKnob | undefined,
        allows: (knob: CompiledKnob) => boolean,
    ): SiteKnob | undefined => {
        const knob = derived() ?? compiled.find((candidate) => candidate.coversObject(object) && allows(candidate))?.knob;
        const difference = { object: labels.get(object.key) as string, path, values, ...(knob ? { knob } : {}) };
        (knob ? allowed : undeclared).push(difference);
        return knob;
    };

    const present = new Map(keys.map((key) => [key, objectsByStack.map((objects) => objects.get(key))]));
    const some = (key: string) => (present.get(key) as Array<PlatformObject | undefined>).find((o): o is PlatformObject => o !== undefined) as PlatformObject;
    // Objects some sites lack, and the knob that allows it (if one does).
    const presenceKnobs = new Map<string, SiteKnob | undefined>();
    for (const key of keys) {
        const found = present.get(key) as Array<PlatformObject | undefined>;
        if (found.some((o) => o === undefined)) {
            const values = Object.fromEntries(stacks.map((stack, i) => [stack, found[i] === undefined ? absent : "present"]));
            presenceKnobs.set(key, record(some(key), presencePath, values, () => undefined, (knob) => knob.knob.presence === true));
        }
    }
    // Depending on an object only some sites have follows from that object's own
    // knob: it is allowed by the same knob, and by nothing else.
    const followsFromPresence = (path: FieldPath): SiteKnob | undefined => {
        const [first, second] = path;
        return first && "key" in first && first.key === "dependencies" && second && "key" in second ? presenceKnobs.get(second.key) : undefined;
    };

    for (const key of keys) {
        // The fields are compared among the sites that have the object.
        const sites = stacks
            .map((stack, i) => ({ stack, object: (present.get(key) as Array<PlatformObject | undefined>)[i] }))
            .filter((site): site is { stack: string; object: PlatformObject } => site.object !== undefined);
        const fieldsBySite = sites.map(
            (site) => new Map(leaves(site.object.compared).filter((leaf) => leaf.value !== undefined).map((leaf) => [formatPath(leaf.path), leaf])),
        );
        const paths = [...new Set(fieldsBySite.flatMap((fields) => [...fields.keys()]))].sort();
        for (const path of paths) {
            const found = fieldsBySite.map((fields) => fields.get(path));
            const serialized = found.map((leaf) => (leaf === undefined ? undefined : JSON.stringify(leaf.value)));
            if (serialized.every((value) => value === serialized[0])) {
                continue;
            }
            const leafPath = (found.find((leaf) => leaf !== undefined) as Leaf).path;
            const values = Object.fromEntries(sites.map((site, i) => [site.stack, found[i] === undefined ? absent : found[i]?.value]));
            // An empty mapping or list on one site, where another has fields inside it,
            // is a knob's difference when the knob covers every one of those fields.
            const onlyEmpty = found.every((leaf) => leaf === undefined || isEmpty(leaf.value));
            const inside = onlyEmpty ? fieldsBySite.flatMap((fields) => [...fields.values()].filter((leaf) => isInside(formatPath(leaf.path), path))) : [];
            const siteValues = Object.values(values);
            record(some(key), path, values, () => followsFromPresence(leafPath), (knob) =>
                (knob.coversField(leafPath) || (onlyEmpty && knob.reachesInto(leafPath) && inside.every((leaf) => knob.coversField(leaf.path)))) &&
                knob.allowsValues(siteValues),
            );
        }
    }
    // Grouped by object, its presence first, then its fields in order.
    const order = (a: Difference, b: Difference) =>
        compareText(a.object, b.object) || Number(b.path === presencePath) - Number(a.path === presencePath) || compareText(a.path, b.path);
    return { stacks, objects: keys.length, undeclared: undeclared.sort(order), allowed: allowed.sort(order) };
}

function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function isInside(path: string, ancestor: string): boolean {
    return path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`);
}

function isEmpty(value: unknown): boolean {
    return value !== null && typeof value === "object" && Object.keys(value).length === 0;
}

// `type::name` reads best; where two objects share it (the same name under two
// components), their whole stackless URN tells them apart.
function objectLabels(objects: PlatformObject[]): Map<string, string> {
    const short = (object: PlatformObject) => `${object.type}::${object.name}`;
    const keysByShort = new Map<string, Set<string>>();
    for (const object of objects) {
        keysByShort.set(short(object), (keysByShort.get(short(object)) ?? new Set()).add(object.key));
    }
    return new Map(objects.map((object) => [object.key, (keysByShort.get(short(object)) as Set<string>).size > 1 ? object.key : short(object)]));
}
