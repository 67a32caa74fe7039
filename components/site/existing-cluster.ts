// A site whose Kubernetes cluster already exists (a laptop cluster, or one the
// hospital runs itself): the program only needs a provider pointed at it.
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes";

export interface ExistingClusterArgs {
    // Stable identity of the cluster: moving the kubeconfig file or renaming its
    // context must not make Pulumi replace every object on the cluster.
    clusterIdentifier: string;
    // Absolute path of an existing kubeconfig file (stacks/kubeconfig.ts checks
    // it); absent: $KUBECONFIG or ~/.kube/config.
    kubeconfig?: string;
    // Context inside that kubeconfig; absent: its current context.
    context?: string;
}

export class ExistingCluster extends pulumi.ComponentResource {
    readonly provider: Provider;

    constructor(name: string, args: ExistingClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:site:ExistingCluster", name, {}, opts);
        this.provider = new Provider(
            name,
            {
                ...(args.kubeconfig ? { kubeconfig: args.kubeconfig } : {}),
                ...(args.context ? { context: args.context } : {}),
                clusterIdentifier: args.clusterIdentifier,
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
