// The one place that knows how each kind of site gets its Kubernetes cluster.
// Everything after this point (the platform layer) is the same for every site.
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes";
import { ExistingCluster } from "../components/site/existing-cluster";
import type { Distribution, SiteConfig } from "./config/schema";
import { resolveKubeconfig } from "./kubeconfig";

export interface SiteCluster {
    provider: Provider;
    // Which distribution the cluster is, where the platform must adapt to it.
    distribution: Distribution;
}

// opts reach the cluster's component, e.g. a dependsOn that must hold before the cluster is touched.
export function siteCluster(config: SiteConfig, opts?: pulumi.ComponentResourceOptions): SiteCluster {
    switch (config.kind) {
        case "existing": {
            const { kubeconfig, context, distribution } = config.existing ?? { distribution: "generic" as const };
            // Unset, the provider finds $KUBECONFIG or ~/.kube/config itself: nothing to check.
            const kubeconfigPath = kubeconfig === undefined ? undefined : resolveKubeconfig(kubeconfig);
            const cluster = new ExistingCluster(config.name, { clusterIdentifier: config.name, kubeconfig: kubeconfigPath, context }, opts);
            return { provider: cluster.provider, distribution };
        }
        case "vsphere":
        case "eks":
        case "aks":
            // The schema refuses these kinds until they are built; reaching here is a bug.
            throw new pulumi.RunError(`site kind ${config.kind} is not built yet`);
    }
}
