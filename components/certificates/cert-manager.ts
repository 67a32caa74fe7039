// cert-manager from its pinned chart, CRDs installed (and kept on uninstall) by the
// chart. Issuers and Certificates depend on `release`: its webhook must answer first.
import * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { pinnedRelease } from "../kubernetes/helm-release";
import { namespace } from "../kubernetes/namespace";
import { charts } from "../versions";

export interface CertManagerArgs {
    namespace: string;
}

export class CertManager extends pulumi.ComponentResource {
    readonly namespace: string;
    readonly release: Release;

    constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:certificates:CertManager", name, {}, opts);
        this.namespace = args.namespace;
        const ns = namespace({ name: args.namespace, podSecurity: "restricted" }, { parent: this });
        this.release = pinnedRelease(
            name,
            {
                releaseName: name,
                pin: charts.certManager,
                namespace: ns.metadata.name,
                values: {
                    // Deleting the CRDs would delete every Certificate and Issuer with them.
                    crds: { enabled: true, keep: true },
                    // Leader election inside our own namespace: kube-system is not ours to write to.
                    global: { leaderElection: { namespace: args.namespace } },
                    prometheus: { enabled: true },
                },
            },
            { parent: this },
        );
        this.registerOutputs({ namespace: this.namespace });
    }
}
