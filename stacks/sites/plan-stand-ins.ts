// What the credential-free plan answers in place of the cloud look-ups a site
// kind makes (its account, its zones, its cluster's credentials): one table per
// kind, in that kind's folder, gathered here for tools/plan. A look-up with no
// stand-in fails the plan with its token named.
import { aksSitePlanStandIns, aksSiteResourceStandIns } from "./aks/plan-stand-ins";
import { existingSitePlanStandIns } from "./existing/plan-stand-ins";
import { eksSiteResourceStandIns, eksSitePlanStandIns } from "./eks/plan-stand-ins";
import { vsphereSitePlanStandIns, vsphereSiteResourceStandIns } from "./vsphere/plan-stand-ins";

/** A look-up's token, and the result the plan gives it for the arguments the program passed. */
export type PlanStandIns = Record<string, (args: Record<string, unknown>) => Record<string, unknown>>;

/** A resource type, and the outputs only its provider computes (IDs and names Azure gives back, ARNs and endpoints AWS does), from its name and inputs. */
export type PlanResourceStandIns = Record<string, (name: string, inputs: Record<string, unknown>) => Record<string, unknown>>;

export const planResourceStandIns: PlanResourceStandIns = {
    ...aksSiteResourceStandIns,
    ...eksSiteResourceStandIns,
    ...vsphereSiteResourceStandIns,
};

export const planStandIns: PlanStandIns = {
    ...existingSitePlanStandIns,
    ...aksSitePlanStandIns,
    ...eksSitePlanStandIns,
    ...vsphereSitePlanStandIns,
};
