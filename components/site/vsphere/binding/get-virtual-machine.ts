// Look-up of the template a site's VMs are cloned from: its UUID for the clone,
// and the guest, firmware, SCSI, disk and NIC settings a clone should repeat.
import type * as pulumi from "@pulumi/pulumi";
import { invokeAsOutput, invokePromise } from "./invoke";
import type * as output from "./types/output";

/** Arguments of {@link getVirtualMachine}: one of name, uuid or moid says which VM. */
export interface GetVirtualMachineArgs {
    /** Name, or path relative to the datacenter; needed unless uuid or moid is given. */
    name?: string;
    /** UUID of the VM; then name and datacenterId are not needed. */
    uuid?: string;
    /** Managed object ID of the VM. */
    moid?: string;
    /** Datacenter to search; not needed with an absolute path or a UUID. */
    datacenterId?: string;
    /** VM folder to search, for a name that would be longer than 80 characters with its path. */
    folder?: string;
    /** Number of SCSI controllers to scan for disks and the controller type. @default 1 */
    scsiControllerScanCount?: number;
}

/** {@link GetVirtualMachineArgs} for {@link getVirtualMachineOutput}. */
export interface GetVirtualMachineOutputArgs {
    /** Name, or path relative to the datacenter; needed unless uuid or moid is given. */
    name?: pulumi.Input<string | undefined>;
    /** UUID of the VM; then name and datacenterId are not needed. */
    uuid?: pulumi.Input<string | undefined>;
    /** Managed object ID of the VM. */
    moid?: pulumi.Input<string | undefined>;
    /** Datacenter to search; not needed with an absolute path or a UUID. */
    datacenterId?: pulumi.Input<string | undefined>;
    /** VM folder to search. */
    folder?: pulumi.Input<string | undefined>;
    /** Number of SCSI controllers to scan. @default 1 */
    scsiControllerScanCount?: pulumi.Input<number | undefined>;
}

/** A VM or template, with the settings a clone of it should repeat. */
export interface GetVirtualMachineResult {
    /** The VM's UUID: what `clone.templateUuid` takes. */
    readonly id: string;
    /** Name given. */
    readonly name?: string;
    /** The VM's UUID. */
    readonly uuid: string;
    /** Managed object ID. */
    readonly moid: string;
    /** Instance UUID. */
    readonly instanceUuid: string;
    /** Datacenter searched. */
    readonly datacenterId?: string;
    /** Folder searched. */
    readonly folder?: string;
    /** Guest OS identifier; a clone should use the same. */
    readonly guestId: string;
    /** Guest name when guestId is a generic one. */
    readonly alternateGuestName?: string;
    /** `bios` or `efi`; a clone must use the same. */
    readonly firmware?: string;
    /** Whether EFI secure boot is on. */
    readonly efiSecureBootEnabled?: boolean;
    /** Common type of the scanned SCSI controllers; a clone should use the same. */
    readonly scsiType: string;
    /** SCSI bus sharing of the scanned controllers. */
    readonly scsiBusSharing: string;
    /** SCSI controllers scanned. */
    readonly scsiControllerScanCount?: number;
    /** Number of virtual CPUs. */
    readonly numCpus?: number;
    /** Cores per socket. */
    readonly numCoresPerSocket?: number;
    /** Memory in MB. */
    readonly memory?: number;
    /** Virtual hardware version. */
    readonly hardwareVersion: number;
    /** Disks in bus and unit order: a clone needs each at least as large. */
    readonly disks: output.GetVirtualMachineDisk[];
    /** NICs in bus order. */
    readonly networkInterfaces: output.GetVirtualMachineNetworkInterface[];
    /** Adapter type of each NIC, in bus order. */
    readonly networkInterfaceTypes: string[];
    /** Whether the guest sees disk UUIDs. */
    readonly enableDiskUuid?: boolean;
    /** Extra VMX settings. */
    readonly extraConfig?: { [key: string]: string };
    /** Storage policy of the VM home directory. */
    readonly storagePolicyId: string;
    /** Attached tag IDs. */
    readonly tags: string[];
    /** vApp transports the VM supports. */
    readonly vappTransports: string[];
    /** Whether a virtual TPM is present. */
    readonly vtpm: boolean;
    /** Description shown in vCenter. */
    readonly annotation: string;
    /** Identifies the VM's current configuration. */
    readonly changeVersion: string;
    /** First routable IP address VMware Tools reports (empty for a template). */
    readonly defaultIpAddress: string;
    /** Every IP address VMware Tools reports. */
    readonly guestIpAddresses: string[];
}

const token = "vsphere:index/getVirtualMachine:getVirtualMachine";
function lookupArgs(args: GetVirtualMachineArgs | GetVirtualMachineOutputArgs | undefined): pulumi.Inputs {
    return {
        name: args?.name,
        uuid: args?.uuid,
        moid: args?.moid,
        datacenterId: args?.datacenterId,
        folder: args?.folder,
        scsiControllerScanCount: args?.scsiControllerScanCount,
    };
}

/** Finds a VM or template by name, UUID or managed object ID. */
export function getVirtualMachine(args?: GetVirtualMachineArgs, opts?: pulumi.InvokeOptions): Promise<GetVirtualMachineResult> {
    return invokePromise(token, lookupArgs(args), opts);
}

/** Finds a VM or template by name, UUID or managed object ID, as an Output. */
export function getVirtualMachineOutput(args?: GetVirtualMachineOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetVirtualMachineResult> {
    return invokeAsOutput(token, lookupArgs(args), opts);
}
