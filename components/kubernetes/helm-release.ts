// A Helm release from a pin in versions.ts, installed the way every chart in the
// platform is: a fixed release name (Helm state must not depend on Pulumi's random
// suffixes), and `pulumi up` waits until its workloads are ready (what follows may
// need its CRDs and webhooks), rolling back a failed install.
import * as pulumi from "@pulumi/pulumi";
import { Release } from "@pulumi/kubernetes/helm/v3";
import type { ChartPin } from "../versions";

export interface PinnedReleaseArgs {
    releaseName: string;
    pin: ChartPin;
    namespace: pulumi.Input<string>;
    values: Record<string, unknown>;
    // Seconds Helm waits for readiness; Helm's default is 300.
    timeout?: number;
}

export function pinnedRelease(name: string, args: PinnedReleaseArgs, opts: pulumi.CustomResourceOptions): Release {
    return new Release(
        name,
        {
            name: args.releaseName,
            chart: args.pin.chart,
            version: args.pin.version,
            repositoryOpts: { repo: args.pin.repository },
            namespace: args.namespace,
            skipAwait: false,
            atomic: true,
            cleanupOnFail: true,
            ...(args.timeout ? { timeout: args.timeout } : {}),
            values: args.values,
        },
        opts,
    );
}
