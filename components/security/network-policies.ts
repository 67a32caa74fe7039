// Kubernetes NetworkPolicies built from a table of flows. Every namespace the
// program owns denies all traffic in both directions; each flow then opens its
// ports on both ends: an egress policy where the traffic leaves and an ingress
// policy where it arrives, in whichever of the two namespaces the program owns.
// Both ends must allow a connection, so a flow written once cannot be half open.
import * as pulumi from "@pulumi/pulumi";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import { managedBy } from "../kubernetes/labels";
import { safeguardProtection } from "./safeguard";

export type Labels = Record<string, string>;

// Pods of one namespace; `pods: {}` is every pod in it.
export interface PodPeer {
    namespace: string;
    pods: Labels;
}

// Addresses the program cannot know: the API server, the internet, a site's
// object store. `what` says who is meant, for the reader and the policy's annotation.
export interface AddressPeer {
    cidrs: readonly string[];
    what: string;
}

export type Peer = PodPeer | AddressPeer;
export type Protocol = "TCP" | "UDP";
export type PortSpec = number | { port: number; protocol: Protocol };

export interface Flow {
    // A DNS label; names the flow's policies (<name>-egress, <name>-ingress).
    name: string;
    from: Peer;
    to: Peer;
    ports: PortSpec[];
    // Why the platform needs this connection: stored on each policy as an annotation.
    why: string;
}

export const anyAddress = ["0.0.0.0/0", "::/0"] as const;
export const namespaceNameLabel = "kubernetes.io/metadata.name";
export const whyAnnotation = "imaging-platform/why";
export const flowLabel = "imaging-platform/flow";

// The plain object a NetworkPolicy is declared with (a subset of networking.k8s.io/v1).
export interface LabelSelector {
    matchLabels?: Labels;
}
export interface PolicyPeer {
    podSelector?: LabelSelector;
    namespaceSelector?: LabelSelector;
    ipBlock?: { cidr: string; except?: string[] };
}
export interface PolicyPort {
    port: number;
    protocol: Protocol;
}
export interface NetworkPolicyObject {
    apiVersion: "networking.k8s.io/v1";
    kind: "NetworkPolicy";
    metadata: { name: string; namespace: string; labels: Labels; annotations?: Labels };
    spec: {
        podSelector: LabelSelector;
        policyTypes: ("Ingress" | "Egress")[];
        ingress?: { from: PolicyPeer[]; ports: PolicyPort[] }[];
        egress?: { to: PolicyPeer[]; ports: PolicyPort[] }[];
    };
}

export function isPodPeer(peer: Peer): peer is PodPeer {
    return "namespace" in peer;
}

// Selects nothing to allow: every pod of the namespace is isolated both ways.
export function defaultDeny(namespace: string): NetworkPolicyObject {
    return policy(namespace, "default-deny", {}, ["Ingress", "Egress"], {
        why: "Nothing is allowed unless a flow below allows it.",
    });
}

// Every namespace resolves names through the cluster DNS (CoreDNS keeps the
// k8s-app=kube-dns label on kind, k3s, kubeadm, EKS and AKS).
export function dnsFlow(namespace: string): Flow {
    return {
        name: "dns",
        from: { namespace, pods: {} },
        to: { namespace: "kube-system", pods: { "k8s-app": "kube-dns" } },
        ports: [
            { port: 53, protocol: "UDP" },
            { port: 53, protocol: "TCP" },
        ],
        why: "Name resolution through the cluster DNS.",
    };
}

// The policies that open one flow: only the ends in namespaces the program owns.
export function allowFlow(flow: Flow, ownedNamespaces: readonly string[]): NetworkPolicyObject[] {
    checkFlow(flow);
    const owned = (peer: Peer): peer is PodPeer => isPodPeer(peer) && ownedNamespaces.includes(peer.namespace);
    const ports = flow.ports.map(policyPort);
    const policies: NetworkPolicyObject[] = [];
    if (owned(flow.from)) {
        policies.push(
            policy(flow.from.namespace, `${flow.name}-egress`, flow.from.pods, ["Egress"], flow, {
                egress: [{ to: policyPeers(flow.to), ports }],
            }),
        );
    }
    if (owned(flow.to)) {
        policies.push(
            policy(flow.to.namespace, `${flow.name}-ingress`, flow.to.pods, ["Ingress"], flow, {
                ingress: [{ from: policyPeers(flow.from), ports }],
            }),
        );
    }
    if (policies.length === 0) {
        throw new Error(`flow ${flow.name}: neither end is in a namespace this program owns`);
    }
    return policies;
}

// Everything for a set of owned namespaces: deny by default, DNS, then the flows.
export function networkPolicies(namespaces: readonly string[], flows: readonly Flow[]): NetworkPolicyObject[] {
    const repeated = namespaces.filter((ns, i) => namespaces.indexOf(ns) !== i);
    if (repeated.length) {
        throw new Error(`namespace ${repeated[0]} is listed twice`);
    }
    const names = new Set<string>();
    for (const flow of flows) {
        if (flow.name === "dns" || names.has(flow.name)) {
            throw new Error(`flow ${flow.name}: the name is already taken`);
        }
        names.add(flow.name);
    }
    return [
        ...namespaces.flatMap((ns) => [defaultDeny(ns), ...allowFlow(dnsFlow(ns), namespaces)]),
        ...flows.flatMap((flow) => allowFlow(flow, namespaces)),
    ];
}

export interface NetworkPoliciesArgs {
    // Namespaces this program creates: each gets a default deny and DNS.
    namespaces: readonly string[];
    flows: readonly Flow[];
    // What must exist before any policy: the namespaces, and the installs that a
    // policy would otherwise cut off halfway. (A component's own dependsOn does
    // not reach its children, so the policies take this list directly.)
    after?: pulumi.Resource[];
}

export class NetworkPolicies extends pulumi.ComponentResource {
    readonly policies: NetworkPolicyObject[];

    constructor(name: string, args: NetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("imaging:security:NetworkPolicies", name, {}, opts);
        this.policies = networkPolicies(args.namespaces, args.flows);
        for (const p of this.policies) {
            new NetworkPolicy(`${p.metadata.namespace}-${p.metadata.name}`, { metadata: p.metadata, spec: p.spec }, { parent: this, dependsOn: args.after, ...safeguardProtection });
        }
        this.registerOutputs({ policies: this.policies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`) });
    }
}

function policy(
    namespace: string,
    name: string,
    pods: Labels,
    policyTypes: ("Ingress" | "Egress")[],
    flow: { name?: string; why: string },
    rules: Pick<NetworkPolicyObject["spec"], "ingress" | "egress"> = {},
): NetworkPolicyObject {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: {
            name,
            namespace,
            labels: { "app.kubernetes.io/managed-by": managedBy, ...(flow.name ? { [flowLabel]: flow.name } : {}) },
            annotations: { [whyAnnotation]: flow.why },
        },
        spec: { podSelector: selector(pods), policyTypes, ...rules },
    };
}

function policyPeers(peer: Peer): PolicyPeer[] {
    if (!isPodPeer(peer)) {
        return peer.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
    }
    // Namespace and pod selector in one peer: pods matching both (not either).
    return [{ namespaceSelector: { matchLabels: { [namespaceNameLabel]: peer.namespace } }, podSelector: selector(peer.pods) }];
}

// An empty selector is written {} (every pod), never { matchLabels: {} }.
function selector(labels: Labels): LabelSelector {
    return Object.keys(labels).length ? { matchLabels: { ...labels } } : {};
}

function policyPort(spec: PortSpec): PolicyPort {
    return typeof spec === "number" ? { port: spec, protocol: "TCP" } : { port: spec.port, protocol: spec.protocol };
}

function checkFlow(flow: Flow): void {
    const problem = (message: string) => new Error(`flow ${flow.name}: ${message}`);
    // Leaves room for the -ingress/-egress suffix within a 63-character label.
    if (!/^[a-z0-9]([-a-z0-9]{0,53}[a-z0-9])?$/.test(flow.name)) {
        throw problem("the name must be a DNS label of at most 55 characters");
    }
    if (!flow.why.trim()) {
        throw problem("say why the platform needs it");
    }
    if (flow.ports.length === 0) {
        throw problem("list its ports: a flow without ports would open every port");
    }
    for (const { port } of flow.ports.map(policyPort)) {
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
            throw problem(`${port} is not a port`);
        }
    }
    for (const peer of [flow.from, flow.to]) {
        if (!isPodPeer(peer) && peer.cidrs.length === 0) {
            throw problem(`${peer.what} has no addresses`);
        }
    }
}
