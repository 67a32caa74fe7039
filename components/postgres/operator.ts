// The CloudNativePG operator, cluster-wide, from its pinned Helm chart. Its CRDs
// (Cluster, ScheduledBackup, ...) exist once this release is ready, so every
// PostgreSQL object depends on `release`.
import * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { pinnedRelease } from "../kubernetes/helm-release";
import { namespace } from "../kubernetes/namespace";
import { charts } from "../versions";

export interface CloudNativePgOperatorArgs {
    namespace: string;
    // Install the Barman Cloud plugin (backups to an object store). It issues its
    // certificates through cert-manager, which must be ready first: pass it here.
    barmanCloudPlugin?: { dependsOn: pulumi.Resource[] };
}

export class CloudNativePgOperator extends pulumi.ComponentResource {
    readonly release: Release;
    readonly barmanCloudPlugin?: Release;

    constructor(name: string, args: CloudNativePgOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:postgres:CloudNativePgOperator", name, {}, opts);

        const ns = namespace({ name: args.namespace, podSecurity: "restricted" }, { parent: this });

        this.release = pinnedRelease(
            name,
            {
                releaseName: name,
                pin: charts.cloudnativePg,
                namespace: ns.metadata.name,
                values: {
                    crds: { create: true },
                    replicaCount: 1,
                    resources: {
                        requests: { cpu: "100m", memory: "128Mi" },
                        limits: { memory: "256Mi" },
                    },
                },
            },
            { parent: this },
        );

        if (args.barmanCloudPlugin) {
            this.barmanCloudPlugin = pinnedRelease(
                `${name}-barman-cloud`,
                {
                    releaseName: `${name}-barman-cloud`,
                    pin: charts.barmanCloudPlugin,
                    // The plugin must run in the operator's namespace.
                    namespace: ns.metadata.name,
                    values: { crds: { create: true } },
                },
                { parent: this, dependsOn: [this.release, ...args.barmanCloudPlugin.dependsOn] },
            );
        }

        this.registerOutputs({ release: this.release.status });
    }
}
