// Answers "may A open a connection to B on this port?" for a set of NetworkPolicies,
// as the Kubernetes NetworkPolicy API defines it: the source's egress policies and
// the destination's ingress policies must both allow it. A review aid and a test
// oracle, not an implementation of any CNI.
//
// Where CNIs differ, it answers the permissive way, so that a "denied" holds on all
// of them: an ipBlock covering every address (0.0.0.0/0, ::/0) also matches pods,
// as it does on Calico (on Cilium it matches only addresses outside the cluster).
import { namespaceNameLabel, type Labels, type Protocol } from "./network-policies";

export interface PodEndpoint {
    namespace: string;
    labels: Labels;
    // Labels of the namespace besides kubernetes.io/metadata.name.
    namespaceLabels?: Labels;
    ip?: string;
}
// Something outside the pod network: a node, the API server, a client on the internet.
export interface AddressEndpoint {
    ip: string;
}
export type Endpoint = PodEndpoint | AddressEndpoint;

interface Selector {
    matchLabels?: Labels;
    matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[];
}
interface Peer {
    podSelector?: Selector;
    namespaceSelector?: Selector;
    ipBlock?: { cidr: string; except?: string[] };
}
interface Port {
    port?: number | string;
    endPort?: number;
    protocol?: string;
}
interface Rule {
    from?: Peer[];
    to?: Peer[];
    ports?: Port[];
}
// The shape of a NetworkPolicy object, as declared or as read back from a plan.
export interface PolicyLike {
    metadata: { name?: string; namespace?: string };
    spec: { podSelector?: Selector; policyTypes?: string[]; ingress?: Rule[]; egress?: Rule[] };
}

export function allows(
    policies: readonly PolicyLike[],
    from: Endpoint,
    to: Endpoint,
    port: number,
    protocol: Protocol = "TCP",
): boolean {
    const side = (pod: Endpoint, direction: "Ingress" | "Egress", other: Endpoint): boolean => {
        if (!isPod(pod)) {
            return true; // outside the pod network: no policy governs it
        }
        const selecting = policies.filter((p) => p.metadata.namespace === pod.namespace && matches(p.spec.podSelector ?? {}, pod.labels));
        const governing = selecting.filter((p) => policyTypes(p).includes(direction));
        if (governing.length === 0) {
            return true; // a pod no policy isolates in this direction accepts everything
        }
        return governing.some((p) =>
            (direction === "Ingress" ? p.spec.ingress : p.spec.egress)?.some((rule) =>
                ruleAllows(rule, direction === "Ingress" ? rule.from : rule.to, pod.namespace, other, port, protocol),
            ),
        );
    };
    return side(from, "Egress", to) && side(to, "Ingress", from);
}

function isPod(endpoint: Endpoint): endpoint is PodEndpoint {
    return "namespace" in endpoint;
}

// Without policyTypes, a policy governs ingress, and egress too when it has egress rules.
function policyTypes(policy: PolicyLike): string[] {
    return policy.spec.policyTypes ?? ["Ingress", ...(policy.spec.egress ? ["Egress"] : [])];
}

function ruleAllows(rule: Rule, peers: Peer[] | undefined, policyNamespace: string, other: Endpoint, port: number, protocol: Protocol): boolean {
    const portMatches =
        !rule.ports?.length ||
        rule.ports.some((p) => {
            if (typeof p.port === "string") {
                throw new Error(`named port ${p.port}: the evaluator needs numeric ports`);
            }
            const sameProtocol = (p.protocol ?? "TCP") === protocol;
            return sameProtocol && (p.port === undefined || (port >= p.port && port <= (p.endPort ?? p.port)));
        });
    return portMatches && (!peers?.length || peers.some((peer) => peerMatches(peer, policyNamespace, other)));
}

function peerMatches(peer: Peer, policyNamespace: string, other: Endpoint): boolean {
    if (peer.ipBlock) {
        const { cidr, except = [] } = peer.ipBlock;
        if (isPod(other) && other.ip === undefined) {
            return prefixLength(cidr) === 0; // whatever the pod's address, it is in "every address"
        }
        const ip = other.ip as string;
        return inCidr(ip, cidr) && !except.some((e) => inCidr(ip, e));
    }
    if (!isPod(other)) {
        return false; // pod and namespace selectors only ever match pods
    }
    const namespaceLabels = { ...other.namespaceLabels, [namespaceNameLabel]: other.namespace };
    const namespaceOk = peer.namespaceSelector ? matches(peer.namespaceSelector, namespaceLabels) : other.namespace === policyNamespace;
    return namespaceOk && matches(peer.podSelector ?? {}, other.labels);
}

function matches(selector: Selector, labels: Labels): boolean {
    const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
    const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
        switch (operator) {
            case "In":
                return key in labels && values.includes(labels[key]);
            case "NotIn":
                return !(key in labels) || !values.includes(labels[key]);
            case "Exists":
                return key in labels;
            case "DoesNotExist":
                return !(key in labels);
        }
    });
    return byLabel && byExpression;
}

function prefixLength(cidr: string): number {
    return Number(cidr.split("/")[1]);
}

// IPv4 blocks of any length; IPv6 blocks only as "every address" (::/0).
function inCidr(ip: string, cidr: string): boolean {
    const [network, bits] = [cidr.split("/")[0], prefixLength(cidr)];
    if (network.includes(":") || ip.includes(":")) {
        if (bits !== 0) {
            throw new Error(`IPv6 block ${cidr}: only ::/0 is evaluated`);
        }
        return network.includes(":") && ip.includes(":");
    }
    const value = (address: string) => address.split(".").reduce((sum, octet) => sum * 256 + Number(octet), 0);
    const size = 2 ** (32 - bits);
    return Math.floor(value(ip) / size) === Math.floor(value(network) / size);
}
