// What a site whose cluster already exists configures beyond the platform's
// settings: how to reach the cluster, and the object store it already runs.
import { z } from "zod";
import { distributions } from "../../../components/site/contract";
import { dnsSubdomain, flag, oneOf, section, text } from "../../config/fields";
import { namedObjectStore, objectStoreProblems, type NamedObjectStore } from "../../config/object-store";

const existingCluster = section({
    // Path to a kubeconfig file; when absent the provider uses $KUBECONFIG or ~/.kube/config.
    kubeconfig: text("a path to a kubeconfig file").optional(),
    // Context inside that kubeconfig: required, so that a stack never follows
    // whatever context happens to be current (see useCurrentContext).
    context: text("a kubeconfig context name").optional(),
    // Follow the kubeconfig's current context instead: for a laptop stack only.
    useCurrentContext: flag().default(false),
    // Kubernetes distributions that keep CNI files in non-standard places; Istio's CNI
    // agent must be told which one it runs on. "generic" covers kind, kubeadm, RKE2
    // and the managed clouds.
    distribution: oneOf(distributions).default("generic"),
});

export const existingSiteFields = {
    existing: existingCluster.optional(),
    // Storage class for every volume; absent: the cluster's default class.
    storageClass: dnsSubdomain().optional(),
    objectStore: namedObjectStore.optional(),
};

type ExistingSiteFields = { existing?: z.output<typeof existingCluster>; objectStore?: NamedObjectStore };

export function refineExistingSite(site: ExistingSiteFields, ctx: z.RefinementCtx): void {
    objectStoreProblems(site.objectStore, ctx);
    // The provider's clusterIdentifier says the cluster never changes; a stack
    // that follows the current context would reach whichever cluster that is.
    const existing = site.existing;
    if (existing?.context === undefined && existing?.useCurrentContext !== true) {
        ctx.addIssue({
            code: "custom",
            path: ["existing", "context"],
            input: undefined,
            message:
                "expected the kubeconfig context of this site's cluster; without one the stack would follow whatever context is current " +
                "and could be applied to the wrong cluster (a laptop stack may set existing.useCurrentContext: true instead)",
        });
    }
    if (existing?.context !== undefined && existing.useCurrentContext) {
        ctx.addIssue({
            code: "custom",
            path: ["existing", "useCurrentContext"],
            input: true,
            message: "expected false when existing.context names the context",
        });
    }
}

// Past validation, "none" and absent mean the same to the program: no object store.
export function hasNamedObjectStore(site: ExistingSiteFields): boolean {
    return site.objectStore !== undefined && site.objectStore.type !== "none";
}
