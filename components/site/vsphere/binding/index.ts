// A hand-written binding for the Pulumi vSphere provider, pulumi-vsphere 4.17.0
// (the plugin version is `providerPlugins.vsphere` in components/versions.ts).
// It is not the SDK: @pulumi/vsphere cannot be installed from the registry this
// project uses (issue 11), so these classes and functions send the provider's own
// type tokens and property names, read from that tag's published schema
// (github.com/pulumi/pulumi-vsphere v4.17.0:provider/cmd/pulumi-resource-vsphere/schema.json;
// the part bound here is committed as test/schemas/vsphere-4.17.0.json, which
// test/vsphere-binding.test.ts checks the binding against).
//
// Only what the vSphere site kind needs is bound, with the names @pulumi/vsphere
// gives it (classes, Args/State interfaces, getX/getXOutput, types.input/output):
// once the package can be installed, `import * as vsphere from "@pulumi/vsphere"`
// replaces the import of this module and nothing else changes. Two differences to
// know about then: this Provider makes the password secret, and sends
// allowUnverifiedSsl false unless told otherwise; the SDK's passes the password as
// given and falls back to VSPHERE_ALLOW_UNVERIFIED_SSL (sdk/nodejs/provider.ts at
// v4.17.0). Pass the password as a secret and allowUnverifiedSsl explicitly.
//
// The vSphere site kind (../vsphere-site.ts) uses it.
export { Provider, type ProviderArgs } from "./provider";
export { VirtualMachine, type VirtualMachineArgs, type VirtualMachineState } from "./virtual-machine";
export {
    ComputeClusterVmAntiAffinityRule,
    type ComputeClusterVmAntiAffinityRuleArgs,
    type ComputeClusterVmAntiAffinityRuleState,
} from "./compute-cluster-vm-anti-affinity-rule";
export { Folder, type FolderArgs, type FolderState } from "./folder";
export * from "./lookups";
export * from "./get-virtual-machine";
import * as types from "./types";
export { types };
