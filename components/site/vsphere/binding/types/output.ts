// Nested output types of the bound resources and look-ups, named as
// @pulumi/vsphere names them (`types.output.VirtualMachineDisk`, ...). A field is
// optional exactly where the schema leaves it out of the type's required outputs.

/** A cloned VM's clone settings as the provider reports them. */
export interface VirtualMachineClone {
    /** UUID of the template the VM was cloned from. */
    templateUuid: string;
    /** Whether the VM is a linked clone. */
    linkedClone?: boolean;
    /** Minutes the provider waited for the clone. */
    timeout?: number;
}

/** A virtual disk as the provider reports it. */
export interface VirtualMachineDisk {
    /** The disk's label. */
    label: string;
    /** Size in GB. */
    size?: number;
    /** Position on the controller's bus. */
    unitNumber?: number;
    /** Whether the disk is thin provisioned. */
    thinProvisioned?: boolean;
    /** Whether a thick disk was zeroed at creation. */
    eagerlyScrub?: boolean;
    /** Datastore holding the disk. */
    datastoreId: string;
    /** Storage policy of the disk. */
    storagePolicyId: string;
    /** Whether the VMDK outlives the VM. */
    keepOnRemove?: boolean;
    /** Whether the disk was attached rather than created. */
    attach?: boolean;
    /** Datastore path of the disk file. */
    path: string;
    /** Controller kind. */
    controllerType?: string;
    /** Write and snapshot behaviour. */
    diskMode?: string;
    /** UUID of the disk (what the guest sees with enableDiskUuid). */
    uuid: string;
    /** The device's key inside the VM. */
    key: number;
    /** The provider's own address of the device on its bus. */
    deviceAddress: string;
}

/** A virtual NIC as the provider reports it. */
export interface VirtualMachineNetworkInterface {
    /** Network the NIC is connected to. */
    networkId: string;
    /** Adapter type. */
    adapterType?: string;
    /** The NIC's MAC address (generated unless useStaticMac). */
    macAddress: string;
    /** Whether the MAC address is set by hand. */
    useStaticMac?: boolean;
    /** OVF network the NIC maps to. */
    ovfMapping?: string;
    /** The device's key inside the VM. */
    key: number;
    /** The provider's own address of the device on its bus. */
    deviceAddress: string;
}

/** A virtual CD-ROM drive as the provider reports it. */
export interface VirtualMachineCdrom {
    /** Whether the drive maps the client's device. */
    clientDevice?: boolean;
    /** Datastore of the ISO. */
    datastoreId?: string;
    /** Path of the ISO. */
    path?: string;
    /** The device's key inside the VM. */
    key: number;
    /** The provider's own address of the device on its bus. */
    deviceAddress: string;
}

/** vApp options as the provider reports them. */
export interface VirtualMachineVapp {
    /** vApp property values by key. */
    properties?: { [key: string]: string };
}

/** A disk of a looked-up VM or template (schema type `getVirtualMachineDisk`). */
export interface GetVirtualMachineDisk {
    /** The disk's label. */
    label: string;
    /** Size in GB: a clone's disk must be at least this large. */
    size: number;
    /** Whether the disk is thin provisioned: a clone's disk should match. */
    thinProvisioned: boolean;
    /** Whether the disk was eagerly zeroed: a clone's disk should match. */
    eagerlyScrub: boolean;
    /** Position on the controller's bus. */
    unitNumber: number;
}

/** A NIC of a looked-up VM or template (schema type `getVirtualMachineNetworkInterface`). */
export interface GetVirtualMachineNetworkInterface {
    /** Adapter type, e.g. `vmxnet3`. */
    adapterType: string;
    /** Managed object ID of the connected network. */
    networkId: string;
    /** MAC address. */
    macAddress: string;
    /** Upper bandwidth limit, in Mbit/s. */
    bandwidthLimit?: number;
    /** Bandwidth reservation, in Mbit/s. */
    bandwidthReservation?: number;
    /** Share count when the share level is custom. */
    bandwidthShareCount: number;
    /** Share level: low, normal, high or custom. */
    bandwidthShareLevel?: string;
    /** External port ID bound to the VM port. */
    externalPortId: string;
    /** Physical SR-IOV NIC it is attached to. */
    physicalFunction: string;
}

/** A filter of the network look-up (schema type `getNetworkFilter`). */
export interface GetNetworkFilter {
    /** Kind of network, to tell apart port groups of the same name. */
    networkType?: string;
}
