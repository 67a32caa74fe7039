// What a site gives the platform, whatever kind of site it is (an existing
// cluster, EKS, AKS, VMs running RKE2): the platform reads nothing else about the
// site. Data only; each site kind's component fills it in.
import type { Provider } from "@pulumi/kubernetes";

// Istio's `global.platform` names for distributions that keep CNI files in
// non-standard places; "generic" for every other cluster.
export const distributions = ["generic", "k3d", "k3s", "minikube", "microk8s"] as const;
export type Distribution = (typeof distributions)[number];

// How clients reach the ingress gateway: an address of its own from the site's
// load balancer, or node ports on every node (clusters that cannot give one).
export type GatewayService =
    | {
          type: "LoadBalancer";
          /** Annotations the site's load balancer reads (internal or public, its class). @default {} */
          annotations?: Record<string, string>;
      }
    | { type: "NodePort"; nodePorts: { http: number; https: number; dicom: number } };

export interface SiteContract {
    /** The explicit Kubernetes provider for the site's cluster; every platform resource uses it. */
    provider: Provider;
    /**
     * The cluster's distribution, where the platform must adapt to it (Istio's CNI paths).
     * @default "generic"
     */
    distribution: Distribution;
    /**
     * The cluster's DNS domain: in the platform's Service host names, and Istio's trust
     * domain, which the mesh's workload identities are named in.
     * @default "cluster.local"
     */
    clusterDomain: string;
    /**
     * The ports the Kubernetes API server answers on, as pods reach it (its Service's
     * port and the endpoints' port).
     * @default [443, 6443]
     */
    apiServerPorts: number[];
    /** How clients reach the ingress gateway's Service. */
    gatewayService: GatewayService;
}

// The values every site kind uses unless its cluster says otherwise.
export const siteContractDefaults = {
    distribution: "generic",
    clusterDomain: "cluster.local",
    apiServerPorts: [443, 6443],
} as const satisfies Partial<SiteContract>;
