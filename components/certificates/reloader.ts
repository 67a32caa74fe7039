// Stakater Reloader: rolls a Deployment when a Secret or ConfigMap it names
// changes. Orthanc reads its DICOM TLS files only at start, so a renewed
// certificate or a changed list of trusted CAs must restart it.
//
// It runs in its own namespace but watches one namespace only (Orthanc's), with
// a Role there that this component writes: the chart's own RBAC is off, because
// it knows only two shapes, a ClusterRole over every Secret and workload in the
// cluster, or a Role in Reloader's own namespace.
import * as pulumi from "@pulumi/pulumi";
import type { Release } from "@pulumi/kubernetes/helm/v3";
import { Role, RoleBinding } from "@pulumi/kubernetes/rbac/v1";
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
    /** The one namespace whose Deployments Reloader restarts, and whose Secrets and ConfigMaps it reads. */
    watchedNamespace: pulumi.Input<string>;
}

export class Reloader extends pulumi.ComponentResource {
    readonly release: Release;

    constructor(name: string, args: ReloaderArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:certificates:Reloader", name, {}, opts);
        const ns = namespace({ name: args.namespace, podSecurity: "restricted" }, { parent: this });
        // The chart's full name is always "<release>-reloader"; written out because the Role binds to it.
        const serviceAccountName = `${name}-reloader`;

        const role = new Role(
            name,
            {
                metadata: { name: "reloader", namespace: args.watchedNamespace },
                rules: [
                    // To see a change: it hashes the Secrets and ConfigMaps a workload names.
                    { apiGroups: [""], resources: ["secrets", "configmaps"], verbs: ["get", "list", "watch"] },
                    // To restart: it patches the pod template's annotation.
                    { apiGroups: ["apps"], resources: ["deployments", "daemonsets", "statefulsets"], verbs: ["get", "list", "update", "patch"] },
                    { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
                ],
            },
            { parent: this },
        );
        const binding = new RoleBinding(
            name,
            {
                metadata: { name: "reloader", namespace: args.watchedNamespace },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
                subjects: [{ kind: "ServiceAccount", namespace: args.namespace, name: serviceAccountName }],
            },
            { parent: this },
        );

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
                        // "Globally" only keeps the chart from pinning the watch to Reloader's own
                        // namespace; KUBERNETES_NAMESPACE below narrows it to the watched one.
                        watchGlobally: true,
                        rbac: { enabled: false },
                        serviceAccount: { name: serviceAccountName },
                        // The platform restarts no Jobs or CronJobs: no rights over them.
                        ignoreJobs: true,
                        ignoreCronJobs: true,
                        deployment: {
                            env: { open: { KUBERNETES_NAMESPACE: args.watchedNamespace } },
                            securityContext: restrictedPodSecurityContext(65534, 65534),
                            containerSecurityContext: restrictedContainerSecurityContext(),
                        },
                    },
                },
            },
            // Without its Role, Reloader fails its first list and restarts until it exists.
            { parent: this, dependsOn: [binding] },
        );
        this.registerOutputs({});
    }
}
