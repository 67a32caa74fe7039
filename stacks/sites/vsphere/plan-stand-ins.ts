// What the plan answers for a vSphere site's look-ups of the hospital's inventory,
// and for the IDs only vCenter gives a VM: managed object IDs in vCenter's own
// shapes (datacenter-N, domain-cN, datastore-N, dvportgroup-N, vm-N), with
// "planned" in every one, and a template with one 20 GB boot disk.
import type { PlanResourceStandIns, PlanStandIns } from "../plan-stand-ins";

// VM UUIDs are what the anti-affinity rules and the clone take; this one cannot be a real VM's.
const plannedUuid = (name: string) => `42000000-0000-4000-8000-${Buffer.from(name).toString("hex").padEnd(12, "0").slice(0, 12)}`;

export const vsphereSitePlanStandIns: PlanStandIns = {
    "vsphere:index/getDatacenter:getDatacenter": (args) => ({ id: "datacenter-planned", name: args.name, virtualMachines: [] }),
    "vsphere:index/getComputeCluster:getComputeCluster": (args) => ({
        id: "domain-c-planned",
        name: args.name,
        datacenterId: args.datacenterId,
        resourcePoolId: "resgroup-planned",
    }),
    "vsphere:index/getDatastore:getDatastore": (args) => ({ id: "datastore-planned", name: args.name, datacenterId: args.datacenterId }),
    "vsphere:index/getNetwork:getNetwork": (args) => ({ id: "dvportgroup-planned", name: args.name, type: "DistributedVirtualPortgroup", datacenterId: args.datacenterId }),
    "vsphere:index/getVirtualMachine:getVirtualMachine": (args) => ({
        id: plannedUuid("template"),
        uuid: plannedUuid("template"),
        moid: "vm-planned-template",
        name: args.name,
        datacenterId: args.datacenterId,
        guestId: "ubuntu64Guest",
        firmware: "efi",
        scsiType: "pvscsi",
        numCpus: 2,
        memory: 4096,
        disks: [{ label: "Hard disk 1", size: 20, thinProvisioned: true, eagerlyScrub: false, unitNumber: 0 }],
        networkInterfaceTypes: ["vmxnet3"],
        networkInterfaces: [{ adapterType: "vmxnet3" }],
    }),
};

export const vsphereSiteResourceStandIns: PlanResourceStandIns = {
    // A VM's id is its UUID.
    "vsphere:index/virtualMachine:VirtualMachine": (name) => ({ uuid: plannedUuid(name), moid: `vm-planned-${name}` }),
};
