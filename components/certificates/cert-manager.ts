// cert-manager from its pinned chart, CRDs installed (and kept on uninstall) by the
// chart. Issuers and Certificates depend on `release`: its webhook must answer first.
// cert-manager's own approver, which approves every request from any namespace for
// any issuer, is off: CertificateApproval (approval.ts) decides instead, and a
// request no policy of it covers stays pending.
import * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { pinnedRelease } from "../kubernetes/helm-release";
import { namespace } from "../kubernetes/namespace";
import { charts } from "../versions";

export interface CertManagerArgs {
    namespace: string;
}

export interface ServiceAccountReference {
    namespace: string;
    name: string;
}

export class CertManager extends pulumi.ComponentResource {
    readonly namespace: string;
    readonly release: Release;
    // The controller's account: the requester of every CertificateRequest made
    // for a Certificate, which approval policies must name.
    readonly controllerServiceAccount: ServiceAccountReference;

    constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:certificates:CertManager", name, {}, opts);
        this.namespace = args.namespace;
        // The chart's default (its full name, here the release name), written out because the approval binds to it.
        this.controllerServiceAccount = { namespace: args.namespace, name };
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
                    serviceAccount: { name: this.controllerServiceAccount.name },
                    disableAutoApproval: true,
                },
            },
            { parent: this },
        );
        this.registerOutputs({ namespace: this.namespace });
    }
}
