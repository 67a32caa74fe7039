// What a site knob is, and how one is matched against a difference. The knobs
// themselves are declared in knobs.ts.
import { parsePattern, patternCovers, patternReachesInto, type FieldPath } from "./paths";

/**
 * A part of the platform layer that may differ between sites, and why. Keep it
 * narrow: name the fields, not the whole object.
 */
export interface SiteKnob {
    /**
     * The objects it applies to, by the resource's own type and its name (`*` matches
     * any run of characters). Both absent: every platform object.
     */
    objects: { type?: string; name?: string };
    /**
     * Field paths that may differ, each naming a field and everything inside it
     * (see paths.ts for the syntax: `inputs.spec.storageClassName`,
     * `inputs.values.**.storageClassName`, `inputs.data["orthanc.json"].DicomAet`).
     */
    fields?: readonly string[];
    /**
     * Narrows the knob to one kind of difference: the sites' values must be equal
     * once this is applied to each (e.g. an image tag with and without `-full`).
     */
    sameAfter?: (value: unknown) => unknown;
    /** The objects may exist on some sites and not on others. */
    presence?: boolean;
    /** Why sites may differ here: printed with every difference it allows. */
    reason: string;
}

/** A knob made ready for matching; building one checks its patterns. */
export interface CompiledKnob {
    knob: SiteKnob;
    coversObject(object: { type: string; name: string }): boolean;
    coversField(path: FieldPath): boolean;
    /** True when a field the knob names lies inside this path. */
    reachesInto(path: FieldPath): boolean;
    /** True unless the knob narrows what may differ and these values differ otherwise. */
    allowsValues(values: readonly unknown[]): boolean;
}

export function compileKnob(knob: SiteKnob): CompiledKnob {
    const type = knob.objects.type === undefined ? undefined : wildcard(knob.objects.type);
    const name = knob.objects.name === undefined ? undefined : wildcard(knob.objects.name);
    const fields = (knob.fields ?? []).map(parsePattern);
    if (fields.length === 0 && knob.presence !== true) {
        throw new Error(`knob "${knob.reason}" names no fields and is no presence knob: it would allow nothing`);
    }
    return {
        knob,
        coversObject: (object) => (type === undefined || type.test(object.type)) && (name === undefined || name.test(object.name)),
        coversField: (path) => fields.some((pattern) => patternCovers(pattern, path)),
        reachesInto: (path) => fields.some((pattern) => patternReachesInto(pattern, path)),
        allowsValues: (values) => {
            const { sameAfter } = knob;
            if (sameAfter === undefined) {
                return true;
            }
            const normalized = values.map((value) => JSON.stringify(sameAfter(value)));
            return normalized.every((value) => value === normalized[0]);
        },
    };
}

function wildcard(text: string): RegExp {
    return new RegExp(`^${text.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}
