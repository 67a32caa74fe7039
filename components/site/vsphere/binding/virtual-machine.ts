// A vSphere virtual machine, in this program always a clone of a prepared
// template that cloud-init configures from guestinfo keys in extraConfig.
import * as pulumi from "@pulumi/pulumi";
import { withPluginVersion } from "./options";
import type * as input from "./types/input";
import type * as output from "./types/output";

/**
 * Arguments of {@link VirtualMachine}: the inputs of schema
 * `vsphere:index/virtualMachine:VirtualMachine` that the program can use. Defaults
 * are the provider's (vmware/terraform-provider-vsphere
 * `docs/resources/virtual_machine.md`).
 */
export interface VirtualMachineArgs {
    /** Resource pool to run in (`getComputeCluster(...).resourcePoolId`). */
    resourcePoolId: pulumi.Input<string>;
    /**
     * VM name, unique in its folder.
     * @default the resource name plus a random suffix (the provider auto-names: `SetAutonaming` in pulumi-vsphere `provider/resources.go`)
     */
    name?: pulumi.Input<string | undefined>;
    /** Datastore for the VM's files and for disks that name none. */
    datastoreId?: pulumi.Input<string | undefined>;
    /** Datacenter to create the VM in; only needed for OVF deployment. */
    datacenterId?: pulumi.Input<string | undefined>;
    /** VM folder path relative to the datacenter's `vm` folder, e.g. a {@link Folder}'s `path`. @default the datacenter's `vm` folder */
    folder?: pulumi.Input<string | undefined>;
    /** ESXi host to pin the VM to. @default the resource pool's choice (DRS) */
    hostSystemId?: pulumi.Input<string | undefined>;
    /** Number of virtual CPUs. @default 1 */
    numCpus?: pulumi.Input<number | undefined>;
    /** Cores per socket; numCpus must be a multiple of it. @default 1 */
    numCoresPerSocket?: pulumi.Input<number | undefined>;
    /** Memory in MB. @default 1024 */
    memory?: pulumi.Input<number | undefined>;
    /** Guest OS identifier, e.g. `ubuntu64Guest`; for a clone, the template's. @default "otherGuest64" */
    guestId?: pulumi.Input<string | undefined>;
    /** Firmware: `bios` or `efi`; for a clone, the template's. @default "bios" */
    firmware?: pulumi.Input<string | undefined>;
    /** EFI secure boot; needs firmware `efi`. @default false */
    efiSecureBootEnabled?: pulumi.Input<boolean | undefined>;
    /** Show the guest its disks' UUIDs (/dev/disk/by-id), which vSphere CSI relies on. @default false */
    enableDiskUuid?: pulumi.Input<boolean | undefined>;
    /**
     * Extra VMX settings, e.g. the `guestinfo.userdata` and `guestinfo.metadata`
     * cloud-init reads. Each value is limited to 64 KiB.
     */
    extraConfig?: pulumi.Input<{ [key: string]: pulumi.Input<string> } | undefined>;
    /** Reboot the VM when extraConfig changes, so the guest sees the new values. @default true */
    extraConfigRebootRequired?: pulumi.Input<boolean | undefined>;
    /** Virtual NICs, in PCI order; a clone needs as many as it uses of the template's. */
    networkInterfaces?: pulumi.Input<pulumi.Input<input.VirtualMachineNetworkInterface>[] | undefined>;
    /** Virtual disks; a clone needs each template disk at least as large (see `getVirtualMachine(...).disks`). */
    disks?: pulumi.Input<pulumi.Input<input.VirtualMachineDisk>[] | undefined>;
    /** Virtual CD-ROM drives. */
    cdroms?: pulumi.Input<pulumi.Input<input.VirtualMachineCdrom>[] | undefined>;
    /** Clone the VM from a template. Any change to it replaces the VM. */
    clone?: pulumi.Input<input.VirtualMachineClone | undefined>;
    /** vApp property values, for templates made from OVF images. */
    vapp?: pulumi.Input<input.VirtualMachineVapp | undefined>;
    /** SCSI controller type: `lsilogic`, `lsilogic-sas` or `pvscsi`; for a clone, the template's. @default "pvscsi" */
    scsiType?: pulumi.Input<string | undefined>;
    /** Number of SCSI controllers the provider manages (and looks for disks on). @default 1 */
    scsiControllerCount?: pulumi.Input<number | undefined>;
    /** Minutes to wait for a routable guest IP after create or update; below 1 turns the wait off. @default 5 */
    waitForGuestNetTimeout?: pulumi.Input<number | undefined>;
    /** Minutes to wait for any guest IP, for guests whose VMware Tools cannot serve the net wait; below 1 turns it off. @default 0 */
    waitForGuestIpTimeout?: pulumi.Input<number | undefined>;
    /** Whether the net wait needs an address on the default gateway's network. @default true */
    waitForGuestNetRoutable?: pulumi.Input<boolean | undefined>;
    /** Addresses and CIDRs the waits ignore (e.g. a CNI bridge). @default [] */
    ignoredGuestIps?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    /** IDs of vSphere tags to attach (needs vCenter). */
    tags?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    /** Storage policy of the VM home directory. */
    storagePolicyId?: pulumi.Input<string | undefined>;
    /** Free-text description shown in vCenter. */
    annotation?: pulumi.Input<string | undefined>;
    /** Allow adding CPUs while the VM runs. @default false */
    cpuHotAddEnabled?: pulumi.Input<boolean | undefined>;
    /** Allow adding memory while the VM runs. @default false */
    memoryHotAddEnabled?: pulumi.Input<boolean | undefined>;
    /** Minutes to wait for a clean guest shutdown when an update needs the VM off. @default 3 */
    shutdownWaitTimeout?: pulumi.Input<number | undefined>;
    /** Power the VM off hard when the clean shutdown times out, instead of failing. @default true */
    forcePowerOff?: pulumi.Input<boolean | undefined>;
}

/** What {@link VirtualMachine.get} may be told of an existing VM: every bound property optional. */
export type VirtualMachineState = Partial<VirtualMachineArgs>;

// The bound input names, in the order the schema lists them; the constructor
// sends exactly these.
const inputNames = [
    "annotation", "cdroms", "clone", "cpuHotAddEnabled", "datacenterId", "datastoreId", "disks",
    "efiSecureBootEnabled", "enableDiskUuid", "extraConfig", "extraConfigRebootRequired", "firmware",
    "folder", "forcePowerOff", "guestId", "hostSystemId", "ignoredGuestIps", "memory",
    "memoryHotAddEnabled", "name", "networkInterfaces", "numCoresPerSocket", "numCpus",
    "resourcePoolId", "scsiControllerCount", "scsiType", "shutdownWaitTimeout", "storagePolicyId",
    "tags", "vapp", "waitForGuestIpTimeout", "waitForGuestNetRoutable", "waitForGuestNetTimeout",
] as const satisfies ReadonlyArray<keyof VirtualMachineArgs>;

// Properties only the provider sets. They go into the inputs as undefined, as in
// a generated SDK, so that the resource object gets an Output for each.
const outputOnlyNames = [
    "changeVersion", "defaultIpAddress", "guestIpAddresses", "imported", "moid", "powerState",
    "rebootRequired", "uuid", "vappTransports", "vmwareToolsStatus", "vmxPath",
] as const;

/** A virtual machine. Its `id` is the VM's UUID, what {@link ComputeClusterVmAntiAffinityRule} takes. */
export class VirtualMachine extends pulumi.CustomResource {
    /** @internal */
    public static readonly __pulumiType = "vsphere:index/virtualMachine:VirtualMachine";

    /** Reads an existing VM by its UUID into the program. */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: VirtualMachineState, opts?: pulumi.CustomResourceOptions): VirtualMachine {
        return new VirtualMachine(name, state as VirtualMachineArgs, { ...opts, id });
    }

    /** Whether `obj` is a VirtualMachine, also across copies of the Pulumi SDK. */
    public static isInstance(obj: unknown): obj is VirtualMachine {
        return (obj as { __pulumiType?: unknown } | undefined | null)?.__pulumiType === VirtualMachine.__pulumiType;
    }

    /** Resource pool the VM runs in. */
    declare public readonly resourcePoolId: pulumi.Output<string>;
    /** VM name. */
    declare public readonly name: pulumi.Output<string>;
    /** Datastore of the VM's files. */
    declare public readonly datastoreId: pulumi.Output<string>;
    /** Datacenter given at creation. */
    declare public readonly datacenterId: pulumi.Output<string | undefined>;
    /** Folder path relative to the datacenter's `vm` folder. */
    declare public readonly folder: pulumi.Output<string | undefined>;
    /** ESXi host the VM runs on. */
    declare public readonly hostSystemId: pulumi.Output<string>;
    /** Number of virtual CPUs. */
    declare public readonly numCpus: pulumi.Output<number | undefined>;
    /** Cores per socket. */
    declare public readonly numCoresPerSocket: pulumi.Output<number | undefined>;
    /** Memory in MB. */
    declare public readonly memory: pulumi.Output<number | undefined>;
    /** Guest OS identifier. */
    declare public readonly guestId: pulumi.Output<string>;
    /** Firmware. */
    declare public readonly firmware: pulumi.Output<string | undefined>;
    /** Whether EFI secure boot is on. */
    declare public readonly efiSecureBootEnabled: pulumi.Output<boolean | undefined>;
    /** Whether the guest sees disk UUIDs. */
    declare public readonly enableDiskUuid: pulumi.Output<boolean | undefined>;
    /** Extra VMX settings. */
    declare public readonly extraConfig: pulumi.Output<{ [key: string]: string } | undefined>;
    /** Whether extraConfig changes reboot the VM. */
    declare public readonly extraConfigRebootRequired: pulumi.Output<boolean | undefined>;
    /** Virtual NICs, with their MAC addresses. */
    declare public readonly networkInterfaces: pulumi.Output<output.VirtualMachineNetworkInterface[] | undefined>;
    /** Virtual disks, with their UUIDs and paths. */
    declare public readonly disks: pulumi.Output<output.VirtualMachineDisk[]>;
    /** Virtual CD-ROM drives. */
    declare public readonly cdroms: pulumi.Output<output.VirtualMachineCdrom[] | undefined>;
    /** Clone settings. */
    declare public readonly clone: pulumi.Output<output.VirtualMachineClone | undefined>;
    /** vApp property values. */
    declare public readonly vapp: pulumi.Output<output.VirtualMachineVapp | undefined>;
    /** SCSI controller type. */
    declare public readonly scsiType: pulumi.Output<string | undefined>;
    /** Number of SCSI controllers managed. */
    declare public readonly scsiControllerCount: pulumi.Output<number | undefined>;
    /** Minutes the net wait lasts at most. */
    declare public readonly waitForGuestNetTimeout: pulumi.Output<number | undefined>;
    /** Minutes the IP wait lasts at most. */
    declare public readonly waitForGuestIpTimeout: pulumi.Output<number | undefined>;
    /** Whether the net wait needs a routable address. */
    declare public readonly waitForGuestNetRoutable: pulumi.Output<boolean | undefined>;
    /** Addresses the waits ignore. */
    declare public readonly ignoredGuestIps: pulumi.Output<string[] | undefined>;
    /** Attached tag IDs. */
    declare public readonly tags: pulumi.Output<string[] | undefined>;
    /** Storage policy of the VM home directory. */
    declare public readonly storagePolicyId: pulumi.Output<string>;
    /** Description shown in vCenter. */
    declare public readonly annotation: pulumi.Output<string>;
    /** Whether CPUs can be added while running. */
    declare public readonly cpuHotAddEnabled: pulumi.Output<boolean | undefined>;
    /** Whether memory can be added while running. */
    declare public readonly memoryHotAddEnabled: pulumi.Output<boolean | undefined>;
    /** Minutes to wait for a clean shutdown. */
    declare public readonly shutdownWaitTimeout: pulumi.Output<number | undefined>;
    /** Whether a timed-out shutdown becomes a hard power-off. */
    declare public readonly forcePowerOff: pulumi.Output<boolean | undefined>;

    /** Identifies the last configuration applied to the VM. */
    declare public readonly changeVersion: pulumi.Output<string>;
    /** The guest's first routable IPv4 address (else IPv6), once VMware Tools reports one. */
    declare public readonly defaultIpAddress: pulumi.Output<string>;
    /** Every IP address VMware Tools reports in the guest. */
    declare public readonly guestIpAddresses: pulumi.Output<string[]>;
    /** Whether the VM was imported into state rather than created. */
    declare public readonly imported: pulumi.Output<boolean>;
    /** Managed object ID of the VM, e.g. `vm-123`. */
    declare public readonly moid: pulumi.Output<string>;
    /** Power state: `on`, `off` or `suspended`. */
    declare public readonly powerState: pulumi.Output<string>;
    /** Whether a pending change needs a reboot (the provider's bookkeeping). */
    declare public readonly rebootRequired: pulumi.Output<boolean>;
    /** The VM's UUID, the same as its id. */
    declare public readonly uuid: pulumi.Output<string>;
    /** vApp transports the template supports (`iso`, `com.vmware.guestInfo`). */
    declare public readonly vappTransports: pulumi.Output<string[]>;
    /** State of VMware Tools in the guest. */
    declare public readonly vmwareToolsStatus: pulumi.Output<string>;
    /** Datastore path of the VMX file. */
    declare public readonly vmxPath: pulumi.Output<string>;

    constructor(name: string, args: VirtualMachineArgs, opts?: pulumi.CustomResourceOptions) {
        // Reading an existing VM (opts.id) or rehydrating one (opts.urn) needs no arguments.
        if (!opts?.id && !opts?.urn && args?.resourcePoolId === undefined) {
            throw new Error("Missing required property 'resourcePoolId'");
        }
        const inputs: pulumi.Inputs = {};
        for (const key of inputNames) {
            inputs[key] = args?.[key];
        }
        for (const key of outputOnlyNames) {
            inputs[key] = undefined;
        }
        super(VirtualMachine.__pulumiType, name, inputs, withPluginVersion(opts));
    }
}
