// What every RKE2 site on VMs (vSphere, Proxmox) makes around its nodes,
// whatever the hypervisor: the cluster's CAs and secure join token before the
// nodes (their user data carries them), and after the nodes the admin kubeconfig
// the program builds itself, the bounded wait for /readyz through the API's
// virtual address, and the Kubernetes provider that waits for it. Each site
// component calls both halves with itself as parent, so the resource names (and
// the URNs of existing stacks) are the same whichever kind makes them.
import * as pulumi from "@pulumi/pulumi";
import { Provider as KubernetesProvider } from "@pulumi/kubernetes";
import { Provider as CommandProvider } from "@pulumi/command/provider";
import { Provider as RandomProvider, RandomPassword } from "@pulumi/random";
import { Provider as TlsProvider } from "@pulumi/tls";
import { apiReadiness } from "./api-readiness";
import { kubernetesApiPort } from "./config-file";
import { secureJoinToken } from "./join-token";
import { rke2Kubeconfig } from "./kubeconfig";
import { Rke2ClusterPki } from "./pki";

export interface Rke2ClusterSecrets {
    pki: Rke2ClusterPki;
    /** The secure join token (secret): `K10<CA hash>::server:<password>`. */
    token: pulumi.Output<string>;
    /** Runs the readiness wait on the machine running `pulumi up`. */
    commandProvider: CommandProvider;
}

/** The CAs and the join token of a cluster named clusterName, children of parent. */
export function rke2ClusterSecrets(parent: pulumi.Resource, clusterName: string): Rke2ClusterSecrets {
    const randomProvider = new RandomProvider("random", {}, { parent });
    const tlsProvider = new TlsProvider("tls", {}, { parent });
    const commandProvider = new CommandProvider("command", {}, { parent });
    const pki = new Rke2ClusterPki("rke2", { clusterName }, { parent, providers: { tls: tlsProvider } });
    // The password half of the secure join token. Protected: nodes added later join with it.
    const joinPassword = new RandomPassword("join-password", { length: 48, special: false }, { parent, provider: randomProvider, protect: true });
    const token = pulumi.secret(pulumi.all([pki.rootCertificatePem, joinPassword.result]).apply(([root, password]) => secureJoinToken(root, password)));
    return { pki, token, commandProvider };
}

export interface Rke2ClusterAccessArgs {
    /** Names the kubeconfig's cluster and context. */
    clusterName: string;
    /** The API's virtual address. */
    apiAddress: string;
    /**
     * What tells this cluster apart from any other to the Kubernetes provider, e.g.
     * `rke2:<hypervisor endpoint>:<cluster>`: a renewed admin certificate must not
     * replace every object on it.
     */
    clusterIdentifier: string;
    /** Every node VM: the wait starts after them, and runs again when one is replaced. */
    machines: pulumi.CustomResource[];
    /** How long `pulumi up` waits for /readyz. */
    timeoutMinutes: number;
}

export interface Rke2ClusterAccess {
    /** The admin kubeconfig (secret): the API through its virtual address, the program's client certificate. */
    kubeconfig: pulumi.Output<string>;
    /** Everything the platform deploys goes through it, so it waits for the API. */
    kubernetesProvider: KubernetesProvider;
}

/** The admin kubeconfig, the wait for /readyz, and the Kubernetes provider named providerName, children of parent. */
export function rke2ClusterAccess(parent: pulumi.Resource, providerName: string, secrets: Rke2ClusterSecrets, args: Rke2ClusterAccessArgs): Rke2ClusterAccess {
    const { pki } = secrets;
    const kubeconfig = pulumi.secret(
        pulumi.all([pki.serverCaBundlePem, pki.adminCertificatePem, pki.adminKeyPem]).apply(([serverCaBundlePem, clientCertificatePem, clientKeyPem]) =>
            rke2Kubeconfig({ clusterName: args.clusterName, server: `https://${args.apiAddress}:${kubernetesApiPort}`, serverCaBundlePem, clientCertificatePem, clientKeyPem }),
        ),
    );
    const readiness = apiReadiness(
        "api-readiness",
        {
            apiAddress: args.apiAddress,
            caBundlePem: pki.serverCaBundlePem,
            clientCertificatePem: pki.adminCertificatePem,
            clientKeyPem: pki.adminKeyPem,
            timeoutMinutes: args.timeoutMinutes,
            // A node replaced or added: wait again before the platform is touched.
            triggers: args.machines.map((machine) => machine.id),
            provider: secrets.commandProvider,
        },
        { parent, dependsOn: args.machines },
    );
    const kubernetesProvider = new KubernetesProvider(providerName, { kubeconfig, clusterIdentifier: args.clusterIdentifier }, { parent, dependsOn: [readiness] });
    return { kubeconfig, kubernetesProvider };
}
