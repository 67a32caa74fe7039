// Names the vSphere site shares with the cluster add-ons, taken from the modules
// that define them, so that neither side keeps a copy of its own.
export { vsphereStorageClassName } from "./cloud-provider";
export { loadBalancerIpsAnnotation as kubeVipLoadBalancerIpsAnnotation } from "../rke2/kube-vip";
