import { safeguards, type ResourceRule } from "../support/rule";
import { field, list } from "../support/values";

/** The Kubernetes API of an EKS site is not open to the internet. */
export const rule: ResourceRule = {
    name: "eks-endpoint-restricted",
    description: "An EKS cluster's public endpoint, if on at all, admits only named networks (publicAccessCidrs), never 0.0.0.0/0.",
    safeguard: safeguards.accessControl,
    enforcement: "mandatory",
    scope: "resource",
    check(resource) {
        if (resource.type !== "aws:eks/cluster:Cluster") {
            return [];
        }
        const vpc = resource.inputs.vpcConfig;
        // EKS turns the public endpoint on, open to everyone, unless told otherwise.
        if (field(vpc, "endpointPublicAccess") === false) {
            return [];
        }
        const cidrs = list(field(vpc, "publicAccessCidrs"));
        if (cidrs.length === 0 || cidrs.includes("0.0.0.0/0")) {
            return ["the API endpoint is open to 0.0.0.0/0: set vpcConfig.publicAccessCidrs to the hospital's networks, or endpointPublicAccess to false"];
        }
        return [];
    },
};
