// What every rule of the pack is: a plain function over resources as the plan
// records them (tools/plan/evaluate.ts PlannedResource), so that `npm test` runs
// it on each committed stack's plan and `pulumi preview --policy-pack policy`
// runs the very same function on the engine's resources (policy/policies.ts).

/** One resource as a rule sees it: the plan's PlannedResource fits as it is; the pack maps Pulumi's `props` to `inputs`. */
export interface PlannedSubject {
    type: string;
    name: string;
    urn?: string;
    inputs: Record<string, unknown>;
    /** The `protect` resource option. */
    protect?: boolean;
}

/** A rule broken by one resource: which one, and what to change. */
export interface Violation {
    resource: string;
    message: string;
}

/** The HIPAA technical safeguards (45 CFR 164.312) the rules are mapped to. */
export const safeguards = {
    accessControl: "45 CFR 164.312(a)(1) access control",
    encryptionAtRest: "45 CFR 164.312(a)(2)(iv) encryption and decryption",
    audit: "45 CFR 164.312(b) audit controls",
    integrity: "45 CFR 164.312(c)(1) integrity",
    transmission: "45 CFR 164.312(e)(1) transmission security",
} as const;

export type Safeguard = (typeof safeguards)[keyof typeof safeguards];

interface RuleCommon {
    /** The policy's name in `pulumi preview` output. */
    name: string;
    /** What the rule demands; the pack appends the safeguard. */
    description: string;
    safeguard: Safeguard;
    /** Mandatory stops the deployment: where a breach of patient data is at stake. */
    enforcement: "mandatory" | "advisory";
}

/** A rule that judges each resource on its own: one message per thing to change. */
export interface ResourceRule extends RuleCommon {
    scope: "resource";
    check(resource: PlannedSubject): string[];
}

/** A rule that needs the whole stack (a mesh-wide setting, a backup for each database). */
export interface StackRule extends RuleCommon {
    scope: "stack";
    check(resources: readonly PlannedSubject[]): Violation[];
}

export type Rule = ResourceRule | StackRule;

/** Every violation of one rule in a set of resources, whatever its scope. */
export function violationsOf(rule: Rule, resources: readonly PlannedSubject[]): Violation[] {
    if (rule.scope === "stack") {
        return rule.check(resources);
    }
    return resources.flatMap((resource) => rule.check(resource).map((message) => ({ resource: label(resource), message })));
}

export function label(resource: PlannedSubject): string {
    return resource.urn ?? `${resource.type}::${resource.name}`;
}
