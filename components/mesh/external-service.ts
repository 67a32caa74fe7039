// A host outside the cluster that injected pods of one namespace may reach. The
// mesh allows only registered hosts (outboundTrafficPolicy REGISTRY_ONLY, see
// istio.ts), so each one the platform needs is declared here, visible to that
// namespace alone. TLS passes through the sidecar untouched: the workload still
// verifies the host's certificate itself.
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";

export interface ExternalServiceArgs {
    namespace: pulumi.Input<string>;
    hosts: string[];
    /** The TLS port the hosts listen on. */
    port: number;
    /**
     * TCP for a protocol that starts in the clear and upgrades to TLS itself
     * (LDAP with StartTLS): the sidecar must not expect a TLS handshake first.
     * @default "TLS"
     */
    protocol?: "TLS" | "TCP";
}

export function externalService(name: string, args: ExternalServiceArgs, opts: pulumi.CustomResourceOptions): CustomResource {
    return new CustomResource(
        name,
        {
            apiVersion: "networking.istio.io/v1",
            kind: "ServiceEntry",
            metadata: { name, namespace: args.namespace },
            spec: {
                hosts: args.hosts,
                exportTo: ["."],
                location: "MESH_EXTERNAL",
                ports: [{ number: args.port, name: (args.protocol ?? "TLS").toLowerCase(), protocol: args.protocol ?? "TLS" }],
                resolution: "DNS",
            },
        },
        opts,
    );
}
