// The one place that knows how each kind of site gets its Kubernetes cluster:
// a table with an entry for every kind the schema names, so that a new kind does
// not compile until it says how it fulfils the site contract. Everything after
// this point (the platform layer) is the same for every site.
import * as pulumi from "@pulumi/pulumi";
import { siteContractDefaults, type SiteContract } from "../components/site/contract";
import { ExistingCluster } from "../components/site/existing-cluster";
import type { SiteConfig, SiteKind } from "./config/schema";

type SiteOfKind<K extends SiteKind> = SiteConfig & { kind: K };
type SiteBuilder<K extends SiteKind> = (config: SiteOfKind<K>, opts?: pulumi.ComponentResourceOptions) => SiteContract;

// The schema refuses kinds that are not built yet; reaching one here is a bug.
const notBuilt =
    <K extends SiteKind>(kind: K): SiteBuilder<K> =>
    () => {
        throw new pulumi.RunError(`site kind ${kind} is not built yet`);
    };

const siteKinds: { [K in SiteKind]: SiteBuilder<K> } = {
    existing: (config, opts) => {
        const { kubeconfig, context, distribution } = config.existing ?? { distribution: "generic" as const };
        // kubeconfig is already an absolute path to a file that exists (see config/kubeconfig.ts).
        const cluster = new ExistingCluster(config.name, { clusterIdentifier: config.name, kubeconfig, context }, opts);
        return {
            ...siteContractDefaults,
            apiServerPorts: [...siteContractDefaults.apiServerPorts],
            provider: cluster.provider,
            distribution,
            // The site's own load balancer or node ports, as its configuration says.
            gatewayService: config.ingress.service,
        };
    },
    vsphere: notBuilt("vsphere"),
    eks: notBuilt("eks"),
    aks: notBuilt("aks"),
};

// opts reach the cluster's component, e.g. a dependsOn that must hold before the cluster is touched.
export function siteContract(config: SiteConfig, opts?: pulumi.ComponentResourceOptions): SiteContract {
    const build = siteKinds[config.kind] as SiteBuilder<SiteKind>;
    return build(config, opts);
}
