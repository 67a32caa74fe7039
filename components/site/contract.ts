// What a site gives the platform, whatever kind of site it is (an existing
// cluster, EKS, AKS, VMs running RKE2): the platform reads nothing else about the
// site. Data only; each site kind's component fills it in.
import type * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes";
import type { ObjectStoreLocation, WorkloadIdentity } from "../storage/object-store";

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

// The service accounts the platform runs its object-store users under. A site
// kind that grants a cloud identity binds it to exactly these (an IAM role's trust
// policy, a federated credential's subject): they are a fact the platform
// promises, not a setting.
export const objectStoreServiceAccounts = {
    /** Orthanc reads and writes the DICOM files. */
    orthanc: { namespace: "imaging", name: "orthanc" },
    /** CloudNativePG's instances (their Barman Cloud sidecar) write the database backups. */
    backups: { namespace: "imaging", name: "orthanc-db" },
} as const;

export type ObjectStoreUser = keyof typeof objectStoreServiceAccounts;

/** How one workload proves who it is to the object store. */
export type ObjectStoreCredentials =
    | {
          /** Keys the platform stores in a Kubernetes Secret of the workload's own. */
          kind: "keys";
          /** S3: the access key pair; Azure Blob: a connection string. Values are secrets. */
          keys: { accessKeyId: pulumi.Input<string>; secretAccessKey: pulumi.Input<string> } | { connectionString: pulumi.Input<string> };
      }
    | {
          /** The cloud identity bound to the workload's service account (IRSA, Entra workload identity): no key anywhere. */
          kind: "workloadIdentity";
          identity: WorkloadIdentity;
      };

/** One workload's way into the site's object store: where, and as whom. */
export interface ObjectStoreAccess {
    location: ObjectStoreLocation;
    credentials: ObjectStoreCredentials;
}

/** Where workloads connect outside the cluster; absent ranges: any address on the port. */
export interface SiteEgress {
    /** The Kubernetes API server's addresses, as pods reach it. */
    apiServerCidrs?: string[];
    /** The nodes' addresses, where Prometheus scrapes the kubelets. */
    nodeCidrs?: string[];
    /** The object store's endpoints. */
    objectStoreCidrs?: string[];
}

export interface SiteContract {
    /**
     * The explicit Kubernetes provider for the site's cluster; every platform resource
     * uses it. A site kind that builds its cluster makes the provider depend on all the
     * cluster needs before the platform starts (node pools, add-ons, the CSI driver), so
     * that no platform release is sent to a cluster that cannot run it yet.
     */
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
    /**
     * The storage class of every volume the platform claims.
     * @default the cluster's default storage class
     */
    storageClass?: string;
    /**
     * The object store for DICOM files and database backups, as each of its two users
     * reaches it. Absent: no backups, and DICOM files on one volume (a laptop or test site).
     * @default undefined
     */
    objectStore?: { [U in ObjectStoreUser]: ObjectStoreAccess };
    /** Where the platform's pods may connect outside the cluster. @default {} (any address on the port) */
    egress: SiteEgress;
    /**
     * How operators reach a cluster the site kind built: its kubeconfig (secret). Absent
     * for a cluster that existed before: its operators already have theirs.
     * @default undefined
     */
    kubeconfig?: pulumi.Output<string>;
}

// The values every site kind uses unless its cluster says otherwise.
export const siteContractDefaults = {
    distribution: "generic",
    clusterDomain: "cluster.local",
    apiServerPorts: [443, 6443],
    egress: {},
} as const satisfies Partial<SiteContract>;
