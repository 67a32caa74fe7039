// The platform layer of one site's plan: every resource whose parents lead up to
// the `imaging:platform:Platform` component, each under a key that is the same on
// every site (its URN without the stack), with what is compared of it.
//
// The site's own resources (its component, providers, the site-name lock, cloud
// resources) are outside the platform and differ by design: they are not compared.
import type { Plan, PlannedResource } from "../plan/evaluate";

export const platformType = "imaging:platform:Platform";

/** One platform resource as parity compares it across sites. */
export interface PlatformObject {
    /** The URN without its stack: `<type chain>::<name>`, the same on every site. */
    key: string;
    type: string;
    name: string;
    /** What is compared: everything the plan records of the resource but its identity. */
    compared: Record<string, unknown>;
}

/** A plan that has no Platform component, or more than one: parity has nothing to line up. */
export class PlatformNotFoundError extends Error {
    constructor(stack: string, count: number) {
        super(`stack ${stack}: expected one ${platformType} in the plan, found ${count}`);
        this.name = "PlatformNotFoundError";
    }
}

export function platformObjects(plan: Plan): PlatformObject[] {
    const platforms = plan.resources.filter((r) => r.type === platformType);
    if (platforms.length !== 1) {
        throw new PlatformNotFoundError(plan.stack, platforms.length);
    }
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const inside = new Set<string>();
    const isInside = (resource: PlannedResource): boolean => {
        for (let parent = resource.parent; parent !== undefined; parent = byUrn.get(parent)?.parent) {
            if (parent === platforms[0].urn || inside.has(parent)) {
                return true;
            }
        }
        return false;
    };
    for (const resource of plan.resources) {
        if (isInside(resource)) {
            inside.add(resource.urn);
        }
    }
    const reference = referenceOf(byUrn, inside);
    return plan.resources
        .filter((r) => inside.has(r.urn))
        .map((resource) => ({
            key: stacklessUrn(resource.urn),
            type: resource.type,
            name: resource.name,
            compared: compared(resource, reference),
        }));
}

// Everything but the identity (urn, type, name, parent: the key says them),
// with references to other resources made comparable across sites.
function compared(resource: PlannedResource, reference: (urn: string) => string): Record<string, unknown> {
    const { urn: _urn, type: _type, name: _name, parent: _parent, provider, dependencies, aliases, inputs, ...rest } = resource;
    return {
        ...rest,
        ...(provider !== undefined ? { provider: reference(provider) } : {}),
        // A set, not a list: keyed by what it names, so that one more dependency on
        // one site names that dependency instead of shifting every later entry.
        dependencies: Object.fromEntries([...new Set(dependencies.map(reference))].sort().map((dependency) => [dependency, true])),
        ...(aliases !== undefined ? { aliases: aliases.map(stacklessUrn) } : {}),
        inputs: replaceReferences(inputs, reference),
    };
}

// A resource inside the platform (or the Platform itself) is named by its stackless
// URN. One outside it is the site's, and differs by site kind by design: above all
// the Kubernetes provider the site kind makes and names after the site. The
// platform decides only what kind of resource it uses: a provider or other custom
// resource is named by its type, a component of the site's as such.
function referenceOf(byUrn: Map<string, PlannedResource>, inside: Set<string>): (urn: string) => string {
    return (urn) => {
        const resource = byUrn.get(urn);
        if (inside.has(urn) || resource?.type === platformType) {
            return stacklessUrn(urn);
        }
        if (resource !== undefined && !resource.custom) {
            return "site's component";
        }
        return `site's ${resource?.type ?? urn.split("::")[2]?.split("$").pop() ?? urn}`;
    };
}

// Resource references inside inputs ({ resource: urn }, as the plan records them).
function replaceReferences(value: unknown, reference: (urn: string) => string): any {
    if (Array.isArray(value)) {
        return value.map((item) => replaceReferences(item, reference));
    }
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        const keys = Object.keys(record);
        if (keys.length === 1 && keys[0] === "resource" && typeof record.resource === "string" && record.resource.startsWith("urn:pulumi:")) {
            return { resource: reference(record.resource) };
        }
        return Object.fromEntries(keys.map((key) => [key, replaceReferences(record[key], reference)]));
    }
    return value;
}

// "urn:pulumi:<stack>::<project>::<types>::<name>" without "urn:pulumi:<stack>::<project>::".
export function stacklessUrn(urn: string): string {
    const parts = urn.split("::");
    if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) {
        return urn;
    }
    return parts.slice(2).join("::");
}
