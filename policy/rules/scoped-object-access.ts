import { safeguards, type ResourceRule } from "../support/rule";
import { field, jsonDocument, list } from "../support/values";

// Services whose "*" resource would reach every patient's data in the account.
const dataServices = ["s3", "kms"];

function awsPolicyProblems(document: Record<string, unknown> | undefined): string[] {
    return list(document?.Statement).flatMap((statement, index) => {
        if (field(statement, "Effect") !== "Allow") {
            return [];
        }
        const actions = list(field(statement, "Action")).map(String);
        const touchesData = actions.some((action) => action === "*" || dataServices.some((service) => action.toLowerCase().startsWith(`${service}:`)));
        const wildcard = list(field(statement, "Resource")).some((resource) => resource === "*" || resource === "arn:aws:s3:::*");
        return touchesData && wildcard
            ? [`Statement[${index}] allows ${actions.join(", ")} on every resource: name the site's own bucket ARNs (and their /*) and its KMS key ARN`]
            : [];
    });
}

// A role assignment on a whole subscription or resource group reaches every
// storage account in it; the program assigns per container.
const broadScope = /^\/subscriptions\/[^/]+(\/resourcegroups\/[^/]+)?\/?$/i;

/** Each identity reaches only the data it serves. */
export const rule: ResourceRule = {
    name: "identities-scoped-to-their-data",
    description: "IAM policies grant S3 and KMS actions on named resources, never \"*\"; Azure role assignments are scoped below a resource group (to the container).",
    safeguard: safeguards.accessControl,
    enforcement: "mandatory",
    scope: "resource",
    check(resource) {
        switch (resource.type) {
            case "aws:iam/rolePolicy:RolePolicy":
            case "aws:iam/policy:Policy":
            case "aws:iam/userPolicy:UserPolicy":
                return awsPolicyProblems(jsonDocument(resource.inputs.policy));
            case "azure-native:authorization:RoleAssignment": {
                const scope = resource.inputs.scope;
                return typeof scope === "string" && broadScope.test(scope)
                    ? [`role assignment ${resource.name} is scoped to ${scope}: scope it to the storage container (or the one resource) the identity serves`]
                    : [];
            }
            default:
                return [];
        }
    },
};
