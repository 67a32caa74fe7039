// The CloudNativePG operator, cluster-wide, from its pinned Helm chart. Its CRDs
// (Cluster, ScheduledBackup, ...) exist once this release is ready, so every
// PostgreSQL object depends on `release`.
import * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import type { ApprovalPolicy } from "../certificates/approval";
import { pinnedRelease } from "../kubernetes/helm-release";
import { namespace } from "../kubernetes/namespace";
import { charts } from "../versions";

export interface CloudNativePgOperatorArgs {
    namespace: string;
    // Install the Barman Cloud plugin (backups to an object store). It issues its
    // certificates through cert-manager, which must be ready and approve them
    // first (barmanCloudPluginApproval): pass both here.
    barmanCloudPlugin?: { dependsOn: pulumi.Resource[] };
}

// The plugin's chart issues two certificates from a self-signed Issuer of its own
// (templates/certificate-issuer.yaml, client- and server-certificate.yaml): a
// client certificate barman-cloud-client and a server certificate for its Service
// barman-cloud, 90 days each. The Issuer is named after the chart's full name,
// "<release>-plugin-barman-cloud" (the release name does not contain the chart's).
export function barmanCloudPluginApproval(operatorName: string, namespace: pulumi.Input<string>): ApprovalPolicy {
    const releaseName = barmanCloudPluginReleaseName(operatorName);
    return {
        name: "barman-cloud-plugin-certificates",
        issuer: { kind: "Issuer", name: `${releaseName}-plugin-barman-cloud-selfsigned-issuer` },
        namespaces: [namespace],
        commonNames: ["barman-cloud-client", "barman-cloud"],
        dnsNames: ["barman-cloud"],
        usages: ["client auth", "server auth"],
        maxDuration: "2160h",
    };
}

function barmanCloudPluginReleaseName(operatorName: string): string {
    return `${operatorName}-barman-cloud`;
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
            const releaseName = barmanCloudPluginReleaseName(name);
            this.barmanCloudPlugin = pinnedRelease(
                releaseName,
                {
                    releaseName,
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
