// The admin kubeconfig of an RKE2 cluster whose CAs the program made: the API
// server behind the cluster's virtual address, trusted through the server CA
// bundle RKE2 was given, and the program's own client certificate. Nothing is
// read back from a node.
import * as YAML from "yaml";

export interface Rke2KubeconfigArgs {
    /** Names the cluster, user and context. */
    clusterName: string;
    /** https://<virtual address>:6443 */
    server: string;
    serverCaBundlePem: string;
    clientCertificatePem: string;
    clientKeyPem: string;
}

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

export function rke2Kubeconfig(args: Rke2KubeconfigArgs): string {
    const name = args.clusterName;
    return YAML.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server: args.server, "certificate-authority-data": base64(args.serverCaBundlePem) } }],
        users: [{ name: `${name}-admin`, user: { "client-certificate-data": base64(args.clientCertificatePem), "client-key-data": base64(args.clientKeyPem) } }],
        contexts: [{ name, context: { cluster: name, user: `${name}-admin` } }],
        "current-context": name,
    });
}
