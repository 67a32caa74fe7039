// The one place that knows how each kind of site gets its Kubernetes cluster.
// Everything after this point (the platform layer) is the same for every site.
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes";
import { ExistingCluster } from "../components/site/existing-cluster";
import type { Distribution, SiteConfig } from "./config/schema";

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
            // kubeconfig is already an absolute path to a file that exists (see config/kubeconfig.ts).
            const cluster = new ExistingCluster(config.name, { clusterIdentifier: config.name, kubeconfig, context }, opts);
            return { provider: cluster.provider, distribution };
        }
        case "vsphere":
        case "eks":
        case "aks":
            // The schema refuses these kinds until they are built; reaching here is a bug.
            throw new pulumi.RunError(`site kind ${config.kind} is not built yet`);
    }
}
