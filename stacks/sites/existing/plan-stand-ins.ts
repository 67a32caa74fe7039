// An existing cluster makes no cloud look-ups: nothing for the plan to stand in for.
import type { PlanStandIns } from "../plan-stand-ins";

export const existingSitePlanStandIns: PlanStandIns = {};
