// The kubeconfig the program reaches its EKS cluster with: the endpoint and CA
// from the cluster, and a token from `aws eks get-token` on each connection, as
// the identity running Pulumi (it needs an access entry: see EksCluster). No
// credential is stored in it; it is still kept secret, as kubeconfigs are.
import * as pulumi from "@pulumi/pulumi";

export interface EksKubeconfigArgs {
    clusterName: pulumi.Input<string>;
    region: string;
    endpoint: pulumi.Input<string>;
    /** The cluster's CA certificate, base64 (as EKS returns it). */
    certificateAuthority: pulumi.Input<string>;
}

export function eksKubeconfig(args: EksKubeconfigArgs): pulumi.Output<string> {
    const kubeconfig = pulumi.all([args.clusterName, args.endpoint, args.certificateAuthority]).apply(([name, server, ca]) =>
        JSON.stringify({
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name, cluster: { server, "certificate-authority-data": ca } }],
            users: [
                {
                    name,
                    user: {
                        exec: {
                            apiVersion: "client.authentication.k8s.io/v1beta1",
                            command: "aws",
                            args: ["eks", "get-token", "--cluster-name", name, "--region", args.region, "--output", "json"],
                            // Pulumi runs unattended: fail rather than wait for a prompt.
                            interactiveMode: "Never",
                        },
                    },
                },
            ],
            contexts: [{ name, context: { cluster: name, user: name } }],
            "current-context": name,
        }),
    );
    return pulumi.secret(kubeconfig);
}
