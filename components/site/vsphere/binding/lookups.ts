// Look-ups of existing inventory a site's VMs are placed in: datacenter, cluster,
// datastore and network. Each has a Promise form and an Output form, named as
// in @pulumi/vsphere.
import type * as pulumi from "@pulumi/pulumi";
import { invokeAsOutput, invokePromise } from "./invoke";
import type * as input from "./types/input";
import type * as output from "./types/output";

/** Arguments of {@link getDatacenter}. */
export interface GetDatacenterArgs {
    /** Name or path of the datacenter. @default the only datacenter (an ESXi host's is always `ha-datacenter`) */
    name?: string;
}
/** {@link GetDatacenterArgs} for {@link getDatacenterOutput}. */
export interface GetDatacenterOutputArgs {
    /** Name or path of the datacenter. @default the only datacenter */
    name?: pulumi.Input<string | undefined>;
}
/** A datacenter. */
export interface GetDatacenterResult {
    /** Managed object ID, what other look-ups take as `datacenterId`. */
    readonly id: string;
    /** The datacenter's name. */
    readonly name?: string;
    /** Names of every VM in the datacenter. */
    readonly virtualMachines: string[];
}

const datacenterToken = "vsphere:index/getDatacenter:getDatacenter";
/** Finds a datacenter by name. */
export function getDatacenter(args?: GetDatacenterArgs, opts?: pulumi.InvokeOptions): Promise<GetDatacenterResult> {
    return invokePromise(datacenterToken, { name: args?.name }, opts);
}
/** Finds a datacenter by name, as an Output. */
export function getDatacenterOutput(args?: GetDatacenterOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetDatacenterResult> {
    return invokeAsOutput(datacenterToken, { name: args?.name }, opts);
}

/** Arguments of {@link getComputeCluster}. */
export interface GetComputeClusterArgs {
    /** Name or absolute path of the cluster. */
    name: string;
    /** Datacenter to search; not needed with an absolute path. */
    datacenterId?: string;
}
/** {@link GetComputeClusterArgs} for {@link getComputeClusterOutput}. */
export interface GetComputeClusterOutputArgs {
    /** Name or absolute path of the cluster. */
    name: pulumi.Input<string>;
    /** Datacenter to search; not needed with an absolute path. */
    datacenterId?: pulumi.Input<string | undefined>;
}
/** A compute cluster. */
export interface GetComputeClusterResult {
    /** Managed object ID, what {@link ComputeClusterVmAntiAffinityRule} takes. */
    readonly id: string;
    /** The cluster's name. */
    readonly name: string;
    /** Datacenter searched. */
    readonly datacenterId?: string;
    /** The cluster's root resource pool, where VMs go unless told otherwise. */
    readonly resourcePoolId: string;
}

const computeClusterToken = "vsphere:index/getComputeCluster:getComputeCluster";
/** Finds a compute cluster by name. */
export function getComputeCluster(args: GetComputeClusterArgs, opts?: pulumi.InvokeOptions): Promise<GetComputeClusterResult> {
    return invokePromise(computeClusterToken, { name: args.name, datacenterId: args.datacenterId }, opts);
}
/** Finds a compute cluster by name, as an Output. */
export function getComputeClusterOutput(args: GetComputeClusterOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetComputeClusterResult> {
    return invokeAsOutput(computeClusterToken, { name: args.name, datacenterId: args.datacenterId }, opts);
}

/** Arguments of {@link getDatastore}. */
export interface GetDatastoreArgs {
    /** Name or path of the datastore. */
    name: string;
    /** Datacenter to search; not needed with an absolute path. */
    datacenterId?: string;
}
/** {@link GetDatastoreArgs} for {@link getDatastoreOutput}. */
export interface GetDatastoreOutputArgs {
    /** Name or path of the datastore. */
    name: pulumi.Input<string>;
    /** Datacenter to search; not needed with an absolute path. */
    datacenterId?: pulumi.Input<string | undefined>;
}
/** A datastore. */
export interface GetDatastoreResult {
    /** Managed object ID, what a VM or disk takes as `datastoreId`. */
    readonly id: string;
    /** The datastore's name. */
    readonly name: string;
    /** Datacenter searched. */
    readonly datacenterId?: string;
    /** Space usage: total `capacity` and `free` space, as the provider reports them. */
    readonly stats?: { [key: string]: string };
}

const datastoreToken = "vsphere:index/getDatastore:getDatastore";
/** Finds a datastore by name. */
export function getDatastore(args: GetDatastoreArgs, opts?: pulumi.InvokeOptions): Promise<GetDatastoreResult> {
    return invokePromise(datastoreToken, { name: args.name, datacenterId: args.datacenterId }, opts);
}
/** Finds a datastore by name, as an Output. */
export function getDatastoreOutput(args: GetDatastoreOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetDatastoreResult> {
    return invokeAsOutput(datastoreToken, { name: args.name, datacenterId: args.datacenterId }, opts);
}

/** Arguments of {@link getNetwork}. */
export interface GetNetworkArgs {
    /** Name or path of the network (port group). */
    name: string;
    /** Datacenter to search; not needed with an absolute path. */
    datacenterId?: string;
    /** Distributed switch whose port group is meant, when port groups share a name. */
    distributedVirtualSwitchUuid?: string;
    /** Further narrowing by network type. */
    filters?: input.GetNetworkFilter[];
    /** Seconds to keep retrying the read (a port group a moment old may not be visible yet). @default no retry */
    retryTimeout?: number;
    /** Milliseconds between those retries. @default 500 */
    retryInterval?: number;
}
/** {@link GetNetworkArgs} for {@link getNetworkOutput}. */
export interface GetNetworkOutputArgs {
    /** Name or path of the network (port group). */
    name: pulumi.Input<string>;
    /** Datacenter to search; not needed with an absolute path. */
    datacenterId?: pulumi.Input<string | undefined>;
    /** Distributed switch whose port group is meant, when port groups share a name. */
    distributedVirtualSwitchUuid?: pulumi.Input<string | undefined>;
    /** Further narrowing by network type. */
    filters?: pulumi.Input<pulumi.Input<input.GetNetworkFilterArgs>[] | undefined>;
    /** Seconds to keep retrying the read. @default no retry */
    retryTimeout?: pulumi.Input<number | undefined>;
    /** Milliseconds between those retries. @default 500 */
    retryInterval?: pulumi.Input<number | undefined>;
}
/** A network (port group). */
export interface GetNetworkResult {
    /** Managed object ID, what a VM's network interface takes as `networkId`. */
    readonly id: string;
    /** The network's name. */
    readonly name: string;
    /** `DistributedVirtualPortgroup`, `Network` or `OpaqueNetwork`. */
    readonly type: string;
    /** Datacenter searched. */
    readonly datacenterId?: string;
    /** Distributed switch given. */
    readonly distributedVirtualSwitchUuid?: string;
    /** Filters given. */
    readonly filters?: output.GetNetworkFilter[];
    /** Retry timeout given, in seconds. */
    readonly retryTimeout?: number;
    /** Retry interval given, in milliseconds. */
    readonly retryInterval?: number;
}

const networkToken = "vsphere:index/getNetwork:getNetwork";
function networkArgs(args: GetNetworkArgs | GetNetworkOutputArgs): pulumi.Inputs {
    return {
        name: args.name,
        datacenterId: args.datacenterId,
        distributedVirtualSwitchUuid: args.distributedVirtualSwitchUuid,
        filters: args.filters,
        retryTimeout: args.retryTimeout,
        retryInterval: args.retryInterval,
    };
}
/** Finds a network by name. */
export function getNetwork(args: GetNetworkArgs, opts?: pulumi.InvokeOptions): Promise<GetNetworkResult> {
    return invokePromise(networkToken, networkArgs(args), opts);
}
/** Finds a network by name, as an Output. */
export function getNetworkOutput(args: GetNetworkOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetNetworkResult> {
    return invokeAsOutput(networkToken, networkArgs(args), opts);
}
