// The rules as Pulumi policies: each runs the rule's own function on the
// resources the engine hands over, mapped to the plan's shape.
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { PlannedSubject, Rule } from "./support/rule";
import { rules } from "./rules";

function subject(resource: ResourceValidationArgs | PolicyResource): PlannedSubject {
    return { type: resource.type, name: resource.name, urn: resource.urn, inputs: resource.props, protect: resource.opts.protect };
}

/** One Pulumi policy for one rule; its description ends with the HIPAA safeguard. */
export function policyOf(rule: Rule): ResourceValidationPolicy | StackValidationPolicy {
    const common = {
        name: rule.name,
        description: `${rule.description} (HIPAA ${rule.safeguard})`,
        enforcementLevel: rule.enforcement,
    };
    if (rule.scope === "resource") {
        return {
            ...common,
            validateResource: (args, reportViolation) => {
                for (const message of rule.check(subject(args))) {
                    reportViolation(message);
                }
            },
        };
    }
    return {
        ...common,
        validateStack: (args, reportViolation) => {
            for (const violation of rule.check(args.resources.map(subject))) {
                reportViolation(violation.message, violation.resource.startsWith("urn:") ? violation.resource : undefined);
            }
        },
    };
}

export const policies = rules.map(policyOf);
