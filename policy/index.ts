// The policy pack `pulumi preview --policy-pack policy` runs: the HIPAA technical
// safeguards (45 CFR 164.312) of policy/rules/, the same functions `npm test`
// runs on every committed stack's plan.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("imaging-platform-hipaa", { policies });
