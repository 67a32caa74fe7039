// Field paths inside a planned resource, and the patterns knobs name them with.
//
// A path is a list of segments: a mapping key, a list index, or a list element
// picked by its `name` (containers, env, ports, volumes) or `alert`, so that one site's extra
// list entry does not shift every entry after it. Written out, a path reads like
// the code that reaches it: `inputs.spec.template.spec.containers[name=orthanc].image`,
// `inputs.data["orthanc.json"].DicomAet`, `inputs.spec.egress[0].to[1].ipBlock.cidr`.

/** One step into a value: a mapping key, a list index, or a list element by its name (`by`: the key holding it). */
export type PathSegment = { key: string } | { index: number } | { by: string; named: string };

export type FieldPath = readonly PathSegment[];

const identifier = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function formatPath(path: FieldPath): string {
    return path
        .map((segment, position) => {
            if ("index" in segment) {
                return `[${segment.index}]`;
            }
            if ("named" in segment) {
                return `[${segment.by}=${segment.named}]`;
            }
            if (identifier.test(segment.key)) {
                return position === 0 ? segment.key : `.${segment.key}`;
            }
            return `[${JSON.stringify(segment.key)}]`;
        })
        .join("");
}

// A pattern is a path whose segments may be wildcards:
//   `*`    any one key (also inside a key: `*ClassName`, or a quoted one: `["site's *"]`), `[*]` any one list element,
//          `[name=ORTHANC_S3_*]` the elements whose name matches,
//   `**`   any number of segments, including none.
// A pattern names a field and everything inside it: `inputs.spec.resources`
// covers `inputs.spec.resources.limits.cpu`.
type PatternSegment =
    | { kind: "key"; match: RegExp }
    | { kind: "element"; index?: number; by?: string; named?: RegExp }
    | { kind: "any-depth" };

/** A field-path pattern that cannot be read: the message names the pattern. */
export class PathPatternError extends Error {
    constructor(pattern: string, problem: string) {
        super(`field pattern ${JSON.stringify(pattern)}: ${problem}`);
        this.name = "PathPatternError";
    }
}

export function parsePattern(pattern: string): PatternSegment[] {
    const segments: PatternSegment[] = [];
    let rest = pattern;
    let first = true;
    while (rest !== "") {
        if (rest.startsWith("[")) {
            const end = closingBracket(pattern, rest);
            const inner = rest.slice(1, end);
            rest = rest.slice(end + 1);
            if (inner.startsWith('"')) {
                // A quoted key is a glob too: `dependencies["site's *"]` names any of the site's resources.
                segments.push({ kind: "key", match: glob(JSON.parse(inner) as string) });
            } else if (inner === "*") {
                segments.push({ kind: "element" });
            } else if (/^\d+$/.test(inner)) {
                segments.push({ kind: "element", index: Number(inner) });
            } else if (/^[a-z]+=[^\]]+$/.test(inner)) {
                const [by, named] = [inner.slice(0, inner.indexOf("=")), inner.slice(inner.indexOf("=") + 1)];
                segments.push({ kind: "element", by, named: glob(named) });
            } else {
                throw new PathPatternError(pattern, `cannot read [${inner}] (expected [0], [*], [name=x], [alert=x] or ["key"])`);
            }
        } else {
            if (!first) {
                if (!rest.startsWith(".")) {
                    throw new PathPatternError(pattern, `expected "." or "[" before ${rest}`);
                }
                rest = rest.slice(1);
            }
            const word = /^[^.[]+/.exec(rest)?.[0];
            if (word === undefined) {
                throw new PathPatternError(pattern, "an empty key");
            }
            rest = rest.slice(word.length);
            segments.push(word === "**" ? { kind: "any-depth" } : { kind: "key", match: glob(word) });
        }
        first = false;
    }
    if (segments.length === 0) {
        throw new PathPatternError(pattern, "an empty pattern");
    }
    return segments;
}

function closingBracket(pattern: string, rest: string): number {
    // A quoted key may hold "]": the bracket that counts follows the closing quote.
    const quoted = /^\["(?:[^"\\]|\\.)*"\]/.exec(rest);
    const end = quoted ? quoted[0].length - 1 : rest.indexOf("]");
    if (end < 0) {
        throw new PathPatternError(pattern, "a [ without its ]");
    }
    return end;
}


function glob(word: string): RegExp {
    return new RegExp(`^${word.split("*").map(escape).join(".*")}$`);
}

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// True when the pattern names this path or one of its ancestors.
export function patternCovers(pattern: readonly PatternSegment[], path: FieldPath): boolean {
    return walk(pattern, path, false);
}

// True when the pattern names something inside this path: an empty mapping where
// another site has the knob's field (Helm values `{}` on one site, `{global:
// {platform: k3d}}` on another) differs only by what the knob allows.
export function patternReachesInto(pattern: readonly PatternSegment[], path: FieldPath): boolean {
    return walk(pattern, path, true);
}

function walk(pattern: readonly PatternSegment[], path: FieldPath, deeper: boolean): boolean {
    const from = (p: number, s: number): boolean => {
        if (p === pattern.length) {
            return !deeper;
        }
        const segment = pattern[p];
        if (segment.kind === "any-depth") {
            for (let skip = s; skip <= path.length; skip++) {
                if (from(p + 1, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (s === path.length) {
            return deeper;
        }
        return segmentMatches(segment, path[s]) && from(p + 1, s + 1);
    };
    return from(0, 0);
}

function segmentMatches(pattern: Exclude<PatternSegment, { kind: "any-depth" }>, segment: PathSegment): boolean {
    if (pattern.kind === "key") {
        return "key" in segment && pattern.match.test(segment.key);
    }
    if ("key" in segment) {
        return false;
    }
    if ("index" in segment) {
        return pattern.by === undefined && (pattern.index === undefined || pattern.index === segment.index);
    }
    return pattern.index === undefined && (pattern.by === undefined || (pattern.by === segment.by && (pattern.named as RegExp).test(segment.named)));
}
