// The whole comparison of two plan directories: each site's diff and the
// parity of the head plans. What both report formats render.
import type { Plan } from "../plan/evaluate";
import { diffSite, type SiteDiff } from "./diff";
import { headParity, type ParityOutcome } from "./parity";

export interface PlanDiffReport {
    /** The base and head directories as the user named them. */
    base: string;
    head: string;
    /** Every stack present in either, by name. */
    sites: SiteDiff[];
    parity: ParityOutcome;
}

export function comparePlans(base: { shownAs: string; plans: Map<string, Plan> }, head: { shownAs: string; plans: Map<string, Plan> }): PlanDiffReport {
    const stacks = [...new Set([...base.plans.keys(), ...head.plans.keys()])].sort();
    return {
        base: base.shownAs,
        head: head.shownAs,
        sites: stacks.map((stack) => diffSite(stack, base.plans.get(stack), head.plans.get(stack))),
        parity: headParity([...head.plans.values()]),
    };
}
