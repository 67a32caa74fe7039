// Nested input types of the bound resources, named as @pulumi/vsphere names them
// (`types.input.VirtualMachineDisk`, ...), each with the subset of its schema
// properties the program can use.
import type * as pulumi from "@pulumi/pulumi";

/**
 * Create the virtual machine as a clone of a template (schema type
 * `VirtualMachineClone`). Any change to it replaces the virtual machine.
 *
 * Guest customization (`customize`, `customizationSpec`) is not bound: the
 * program configures guests with cloud-init through `extraConfig` guestinfo
 * keys, and VMware customization and cloud-init conflict.
 */
export interface VirtualMachineClone {
    /** UUID of the template to clone (`getVirtualMachine(...).id`). */
    templateUuid: pulumi.Input<string>;
    /**
     * Clone from the template's single snapshot instead of copying its disks.
     * @default false
     */
    linkedClone?: pulumi.Input<boolean | undefined>;
    /**
     * Minutes to wait for the clone to finish.
     * @default 30
     */
    timeout?: pulumi.Input<number | undefined>;
}

/** One virtual disk (schema type `VirtualMachineDisk`). */
export interface VirtualMachineDisk {
    /** Label the provider tracks the disk by, unique in the VM, e.g. `disk0`. */
    label: pulumi.Input<string>;
    /** Size in GB; for a clone, at least the template disk's size. */
    size?: pulumi.Input<number | undefined>;
    /**
     * Position on the controller's bus; the disk with 0 is the boot disk.
     * @default 0
     */
    unitNumber?: pulumi.Input<number | undefined>;
    /**
     * Allocate the disk file as it fills rather than all at once.
     * @default true
     */
    thinProvisioned?: pulumi.Input<boolean | undefined>;
    /**
     * Zero a thick disk when it is created (slower creation, no first-write penalty).
     * @default false
     */
    eagerlyScrub?: pulumi.Input<boolean | undefined>;
    /** Datastore for this disk when it differs from the VM's. */
    datastoreId?: pulumi.Input<string | undefined>;
    /** Storage policy for this disk. */
    storagePolicyId?: pulumi.Input<string | undefined>;
    /**
     * Keep the VMDK file when the disk leaves the configuration or the VM is destroyed.
     * @default false
     */
    keepOnRemove?: pulumi.Input<boolean | undefined>;
    /**
     * Attach the existing disk at `path` instead of creating one (implies keepOnRemove).
     * @default false
     */
    attach?: pulumi.Input<boolean | undefined>;
    /** Datastore path of the disk to attach; only with `attach`. */
    path?: pulumi.Input<string | undefined>;
    /**
     * Controller kind: `scsi`, `sata`, `nvme` or `ide`.
     * @default "scsi"
     */
    controllerType?: pulumi.Input<string | undefined>;
    /**
     * Write and snapshot behaviour: `persistent`, `nonpersistent`, `undoable`,
     * `independent_persistent`, `independent_nonpersistent` or `append`.
     * @default "persistent"
     */
    diskMode?: pulumi.Input<string | undefined>;
}

/** One virtual NIC (schema type `VirtualMachineNetworkInterface`). */
export interface VirtualMachineNetworkInterface {
    /** Network (port group) to connect to (`getNetwork(...).id`). */
    networkId: pulumi.Input<string>;
    /**
     * Adapter type: `e1000`, `e1000e`, `sriov`, `vmxnet3` or `vrdma`.
     * @default "vmxnet3"
     */
    adapterType?: pulumi.Input<string | undefined>;
    /** MAC address; only used with `useStaticMac`. */
    macAddress?: pulumi.Input<string | undefined>;
    /**
     * Use `macAddress` instead of one vSphere generates (for DHCP reservations).
     * @default false
     */
    useStaticMac?: pulumi.Input<boolean | undefined>;
    /** OVF network this NIC maps to, for a clone of an OVF template. */
    ovfMapping?: pulumi.Input<string | undefined>;
}

/** One virtual CD-ROM drive (schema type `VirtualMachineCdrom`): a client device, or an ISO on a datastore. */
export interface VirtualMachineCdrom {
    /** Map the drive to the client's device (exclusive with datastoreId and path). */
    clientDevice?: pulumi.Input<boolean | undefined>;
    /** Datastore that holds the ISO. */
    datastoreId?: pulumi.Input<string | undefined>;
    /** Path of the ISO on that datastore. */
    path?: pulumi.Input<string | undefined>;
}

/** vApp options (schema type `VirtualMachineVapp`). */
export interface VirtualMachineVapp {
    /** Values for the vApp properties an OVF template declares, by key. */
    properties?: pulumi.Input<{ [key: string]: pulumi.Input<string> } | undefined>;
}

/** Narrows the network look-up when port groups share a name (schema type `getNetworkFilter`). */
export interface GetNetworkFilter {
    /** `DistributedVirtualPortgroup`, `Network` or `OpaqueNetwork`. */
    networkType?: string;
}

/** {@link GetNetworkFilter} for the Output form of the look-up. */
export interface GetNetworkFilterArgs {
    /** `DistributedVirtualPortgroup`, `Network` or `OpaqueNetwork`. */
    networkType?: pulumi.Input<string | undefined>;
}
