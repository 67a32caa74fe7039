// Stakater Reloader: rolls a Deployment when a Secret or ConfigMap it names
// changes. Orthanc reads its DICOM TLS files only at start, so a renewed
// certificate or a changed list of trusted CAs must restart it.
import * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { pinnedRelease } from "../kubernetes/helm-release";
import { namespace } from "../kubernetes/namespace";
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from "../kubernetes/security";
import { charts } from "../versions";

// Put on a Deployment: a comma-separated list of Secrets whose change restarts it.
export const reloadOnSecretsAnnotation = "secret.reloader.stakater.com/reload";
// The same for ConfigMaps.
export const reloadOnConfigMapsAnnotation = "configmap.reloader.stakater.com/reload";

export interface ReloaderArgs {
    namespace: string;
}

export class Reloader extends pulumi.ComponentResource {
    readonly release: Release;

    constructor(name: string, args: ReloaderArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:certificates:Reloader", name, {}, opts);
        const ns = namespace({ name: args.namespace, podSecurity: "restricted" }, { parent: this });
        this.release = pinnedRelease(
            name,
            {
                releaseName: name,
                pin: charts.reloader,
                namespace: ns.metadata.name,
                values: {
                    reloader: {
                        // Only workloads that name their Secrets are restarted.
                        autoReloadAll: false,
                        watchGlobally: true,
                        deployment: {
                            securityContext: restrictedPodSecurityContext(65534, 65534),
                            containerSecurityContext: restrictedContainerSecurityContext(),
                        },
                    },
                },
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
