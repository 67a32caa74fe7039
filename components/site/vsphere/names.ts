// Names the vSphere site and the cluster add-ons (components/site/vsphere/
// cloud-provider.ts, components/site/rke2/kube-vip.ts) must agree on. Kept in one
// small module both can import, so neither imports the other's builder.

/**
 * The default StorageClass the vSphere CSI driver backs (the add-ons create it on
 * the datastore or storage policy in site.vsphere.volumes): the site contract's
 * storageClass, so every claim of the platform names it.
 */
export const vsphereStorageClassName = "vsphere-csi";

/**
 * The Service annotation kube-vip reads a fixed LoadBalancer address from (kube-vip
 * 0.5.12 and later; spec.loadBalancerIP is deprecated upstream). The kube-vip add-on
 * module exports the same name; this copy stays until the two are merged, and
 * test/vsphere-site.test.ts holds the gateway to it.
 */
export const kubeVipLoadBalancerIpsAnnotation = "kube-vip.io/loadbalancerIPs";
