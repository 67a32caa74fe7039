// The hand-written vSphere binding (components/site/vsphere/binding) against the
// engine and against pulumi-vsphere's published schema at the pinned version
// (test/schemas/vsphere-4.17.0.json, cut by test/schemas/extract-vsphere-schema.sh).
// What the binding sends is observed where the SDK hands it to the engine, not
// read from the binding's own lists.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as vsphere from "../components/site/vsphere/binding";
import { providerPlugins } from "../components/versions";
import { isSecretEnvelope, recordEngine, type RecordedRegistration, type Recording } from "./support/engine-recorder";

interface PropertySpec {
    type?: string;
    $ref?: string;
    items?: PropertySpec;
    additionalProperties?: PropertySpec;
    secret?: boolean;
}
interface ObjectSpec {
    properties: Record<string, PropertySpec>;
    required?: string[];
    language?: { nodejs?: { requiredOutputs?: string[] } };
}
interface VsphereSchema {
    source: string;
    name: string;
    version: string;
    provider: { inputProperties: Record<string, PropertySpec>; requiredInputs: string[] };
    resources: Record<string, { inputProperties: Record<string, PropertySpec>; properties: Record<string, PropertySpec>; requiredInputs: string[]; required: string[] }>;
    functions: Record<string, { inputs: ObjectSpec; outputs: ObjectSpec }>;
    types: Record<string, ObjectSpec>;
}

const schema: VsphereSchema = JSON.parse(fs.readFileSync(path.join(__dirname, "schemas", "vsphere-4.17.0.json"), "utf8"));

const tokens = {
    virtualMachine: "vsphere:index/virtualMachine:VirtualMachine",
    antiAffinityRule: "vsphere:index/computeClusterVmAntiAffinityRule:ComputeClusterVmAntiAffinityRule",
    folder: "vsphere:index/folder:Folder",
    getDatacenter: "vsphere:index/getDatacenter:getDatacenter",
    getComputeCluster: "vsphere:index/getComputeCluster:getComputeCluster",
    getDatastore: "vsphere:index/getDatastore:getDatastore",
    getNetwork: "vsphere:index/getNetwork:getNetwork",
    getVirtualMachine: "vsphere:index/getVirtualMachine:getVirtualMachine",
} as const;

// Type-level views the hand-written key lists below are checked against by the
// compiler (npm run typecheck): a list that misses or adds a key does not compile.
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type DefinedOutputKeys<T> = {
    [K in DeclaredOutputs<T>]-?: T[K] extends pulumi.Output<infer U> ? (undefined extends U ? never : K) : never;
}[DeclaredOutputs<T>];
type DeclaredOutputs<T> = Exclude<keyof T, keyof pulumi.CustomResource>;
type Keys = readonly string[];
// Exactly the keys T, as a list the tests can read: a missing or an extra key
// does not compile (a Record<never, true> would take any key).
function exactly<T extends string>() {
    return <const K extends readonly T[]>(keys: K & ([T] extends [K[number]] ? unknown : { missing: Exclude<T, K[number]> })): Keys => keys;
}

// Every bound input set, nested types included: Required<> makes the compiler
// insist on each property the binding declares.
const fullDisk: Required<vsphere.types.input.VirtualMachineDisk> = {
    label: "disk0", size: 40, unitNumber: 0, thinProvisioned: true, eagerlyScrub: false, datastoreId: "datastore-1",
    storagePolicyId: "policy-1", keepOnRemove: false, attach: false, path: "[ds] vm/disk0.vmdk", controllerType: "scsi", diskMode: "persistent",
};
const fullNic: Required<vsphere.types.input.VirtualMachineNetworkInterface> = {
    networkId: "network-1", adapterType: "vmxnet3", macAddress: "00:50:56:00:00:01", useStaticMac: true, ovfMapping: "VM Network",
};
const fullCdrom: Required<vsphere.types.input.VirtualMachineCdrom> = { clientDevice: false, datastoreId: "datastore-1", path: "iso/seed.iso" };
const fullClone: Required<vsphere.types.input.VirtualMachineClone> = { templateUuid: "4217-template", linkedClone: false, timeout: 30 };
const fullVapp: Required<vsphere.types.input.VirtualMachineVapp> = { properties: { "guestinfo.hostname": "node-0" } };
const fullVirtualMachine: Required<vsphere.VirtualMachineArgs> = {
    resourcePoolId: "resgroup-1", name: "node-0", datastoreId: "datastore-1", datacenterId: "datacenter-1", folder: "imaging/site-a",
    hostSystemId: "host-1", numCpus: 4, numCoresPerSocket: 2, memory: 8192, guestId: "ubuntu64Guest", firmware: "efi",
    efiSecureBootEnabled: true, enableDiskUuid: true, extraConfig: { "guestinfo.metadata.encoding": "gzip+base64" },
    extraConfigRebootRequired: true, networkInterfaces: [fullNic], disks: [fullDisk], cdroms: [fullCdrom], clone: fullClone,
    vapp: fullVapp, scsiType: "pvscsi", scsiControllerCount: 1, waitForGuestNetTimeout: 5, waitForGuestIpTimeout: 0,
    waitForGuestNetRoutable: true, ignoredGuestIps: ["10.42.0.0/16"], tags: ["urn:vmomi:InventoryServiceTag:1"],
    storagePolicyId: "policy-1", annotation: "imaging-platform node", cpuHotAddEnabled: false, memoryHotAddEnabled: false,
    shutdownWaitTimeout: 3, forcePowerOff: true,
};
const fullFolder: Required<vsphere.FolderArgs> = {
    path: "imaging/site-a", type: "vm", datacenterId: "datacenter-1", tags: ["urn:vmomi:InventoryServiceTag:1"], customAttributes: { "attr-1": "imaging" },
};
const fullRule: Required<vsphere.ComputeClusterVmAntiAffinityRuleArgs> = {
    computeClusterId: "domain-c1", virtualMachineIds: ["uuid-0", "uuid-1"], name: "control-plane-apart", enabled: true, mandatory: true,
};
const fullProvider: Required<vsphere.ProviderArgs> = {
    vsphereServer: "vcenter.site-a.example", user: "svc-pulumi@vsphere.local", password: "vcenter-password", allowUnverifiedSsl: true, apiTimeout: 10,
};
const fullGetDatacenter: Required<vsphere.GetDatacenterArgs> = { name: "dc-1" };
const fullGetComputeCluster: Required<vsphere.GetComputeClusterArgs> = { name: "cluster-1", datacenterId: "datacenter-1" };
const fullGetDatastore: Required<vsphere.GetDatastoreArgs> = { name: "ds-1", datacenterId: "datacenter-1" };
const fullGetNetwork: Required<vsphere.GetNetworkArgs> = {
    name: "VM Network", datacenterId: "datacenter-1", distributedVirtualSwitchUuid: "50 2a", filters: [{ networkType: "DistributedVirtualPortgroup" }],
    retryTimeout: 30, retryInterval: 500,
};
const fullGetVirtualMachine: Required<vsphere.GetVirtualMachineArgs> = {
    name: "ubuntu-template", uuid: "4217-template", moid: "vm-42", datacenterId: "datacenter-1", folder: "templates", scsiControllerScanCount: 1,
};

// Canned look-up results, shaped as the schema's outputs.
const cannedResults: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
    [tokens.getDatacenter]: () => ({ id: "datacenter-1", name: "dc-1", virtualMachines: [] }),
    [tokens.getComputeCluster]: () => ({ id: "domain-c1", name: "cluster-1", resourcePoolId: "resgroup-1" }),
    [tokens.getDatastore]: () => ({ id: "datastore-1", name: "ds-1" }),
    [tokens.getNetwork]: () => ({ id: "network-1", name: "VM Network", type: "DistributedVirtualPortgroup" }),
    [tokens.getVirtualMachine]: () => ({
        id: "4217-template", uuid: "4217-template", guestId: "ubuntu64Guest", scsiType: "pvscsi",
        disks: [{ label: "disk0", size: 20, thinProvisioned: true, eagerlyScrub: false, unitNumber: 0 }],
    }),
};

// Where the schema describes a property of the given spec, every key of `value`
// (recursively) must be one of its properties, of the schema's JSON type.
function mismatches(value: unknown, spec: PropertySpec, at: string): string[] {
    if (spec.$ref !== undefined) {
        const typeName = spec.$ref.replace(/^#\/types\//, "");
        const type = schema.types[typeName];
        if (!type) {
            return [`${at}: ${spec.$ref} is not in the schema extract`];
        }
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            return [`${at}: expected an object of ${typeName}`];
        }
        return Object.entries(value).flatMap(([key, inner]) =>
            type.properties[key] ? mismatches(inner, type.properties[key], `${at}.${key}`) : [`${at}.${key}: not a property of ${typeName}`],
        );
    }
    switch (spec.type) {
        case "array":
            return Array.isArray(value) ? value.flatMap((item, i) => mismatches(item, spec.items ?? {}, `${at}[${i}]`)) : [`${at}: expected an array`];
        case "object":
            if (value === null || typeof value !== "object" || Array.isArray(value)) {
                return [`${at}: expected an object`];
            }
            return Object.entries(value).flatMap(([key, inner]) => mismatches(inner, spec.additionalProperties ?? {}, `${at}.${key}`));
        case "integer":
            return Number.isInteger(value) ? [] : [`${at}: expected an integer`];
        case "number":
        case "string":
        case "boolean":
            return typeof value === spec.type ? [] : [`${at}: expected a ${spec.type}`];
        default:
            return [];
    }
}

function checkInputs(sent: Record<string, unknown>, properties: Record<string, PropertySpec>, at: string): string[] {
    return Object.entries(sent).flatMap(([key, value]) =>
        properties[key] ? mismatches(value, properties[key], `${at}.${key}`) : [`${at}.${key}: not an input in the schema`],
    );
}

// Every property path of `value` whose schema spec says secret.
function secretPaths(value: unknown, spec: PropertySpec, at: string): string[] {
    const own = spec.secret === true ? [at] : [];
    if (spec.$ref !== undefined && value !== null && typeof value === "object" && !Array.isArray(value)) {
        const type = schema.types[spec.$ref.replace(/^#\/types\//, "")];
        return [...own, ...Object.entries(value).flatMap(([key, inner]) => (type?.properties[key] ? secretPaths(inner, type.properties[key], `${at}.${key}`) : []))];
    }
    if (spec.type === "array" && Array.isArray(value)) {
        return [...own, ...value.flatMap((item, i) => secretPaths(item, spec.items ?? {}, `${at}[${i}]`))];
    }
    return own;
}

// The wire form of the inputs with secrets opened: the values the provider gets.
function opened(value: unknown): unknown {
    if (isSecretEnvelope(value)) {
        return opened(value.value);
    }
    if (Array.isArray(value)) {
        return value.map(opened);
    }
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, opened(inner)]));
    }
    return value;
}

function only(recording: Recording, type: string, name?: string): RecordedRegistration {
    const found = recording.registrations.filter((r) => r.kind === "register" && r.type === type && (name === undefined || r.name === name));
    assert.equal(found.length, 1, `exactly one ${type}${name ? ` named ${name}` : ""} reaches the engine`);
    return found[0];
}

const providerType = "pulumi:providers:vsphere";

describe("the vSphere binding", () => {
    let recording: Recording;
    let provider: vsphere.Provider;
    let providerReference: string;
    let virtualMachine: vsphere.VirtualMachine;
    let folder: vsphere.Folder;
    let rule: vsphere.ComputeClusterVmAntiAffinityRule;
    let passwordIsSecret: boolean;
    let template: vsphere.GetVirtualMachineResult;
    let templateOutput: vsphere.GetVirtualMachineResult;
    before(async () => {
        recording = await recordEngine(cannedResults, async () => {
            provider = new vsphere.Provider("site-a", fullProvider);
            new vsphere.Provider("defaults", { vsphereServer: "vcenter.example", user: "u", password: "p" });
            const opts = { provider };
            folder = new vsphere.Folder("nodes", fullFolder, opts);
            virtualMachine = new vsphere.VirtualMachine("node-0", fullVirtualMachine, opts);
            rule = new vsphere.ComputeClusterVmAntiAffinityRule("control-plane", fullRule, opts);
            vsphere.VirtualMachine.get("existing", "4217-existing", undefined, opts);
            vsphere.Folder.get("existing-folder", "group-v42", undefined, opts);
            vsphere.ComputeClusterVmAntiAffinityRule.get("existing-rule", "domain-c7:42", undefined, opts);
            await vsphere.getDatacenter(fullGetDatacenter, opts);
            await vsphere.getComputeCluster(fullGetComputeCluster, opts);
            await vsphere.getDatastore(fullGetDatastore, opts);
            await vsphere.getNetwork(fullGetNetwork, opts);
            template = await vsphere.getVirtualMachine(fullGetVirtualMachine, opts);
            vsphere.getVirtualMachineOutput({ name: pulumi.output("ubuntu-template"), datacenterId: "datacenter-1" }, opts).apply((result) => {
                templateOutput = result;
            });
            passwordIsSecret = await pulumi.isSecret(provider.password);
            providerReference = `${await new Promise<string>((resolve) => provider.urn.apply(resolve))}::${await new Promise<string>((resolve) =>
                provider.id.apply(resolve),
            )}`;
        });
    });

    describe("reaches the engine", () => {
        it("with each resource's type token, the provider passed in, and the pinned plugin version", () => {
            for (const type of [tokens.virtualMachine, tokens.antiAffinityRule, tokens.folder]) {
                const registration = only(recording, type);
                assert.equal(registration.provider, providerReference, `${type} uses the provider given`);
                assert.equal(registration.version, providerPlugins.vsphere, `${type} asks for plugin ${providerPlugins.vsphere}`);
            }
            const providers = recording.registrations.filter((r) => r.type === providerType);
            assert.equal(providers.length, 2);
            providers.forEach((p) => assert.equal(p.version, providerPlugins.vsphere, `provider ${p.name} asks for the pinned plugin`));
        });

        it("reads an existing VM, folder or rule by its id with its token, the provider and the pinned version", () => {
            const reads = recording.registrations.filter((r) => r.kind === "read");
            assert.deepEqual(
                // The SDK registers them in whatever order their inputs resolve.
                reads.map((read) => ({ type: read.type, id: read.id, provider: read.provider, version: read.version })).sort((a, b) => a.type.localeCompare(b.type)),
                [
                    { type: tokens.antiAffinityRule, id: "domain-c7:42", provider: providerReference, version: providerPlugins.vsphere },
                    { type: tokens.folder, id: "group-v42", provider: providerReference, version: providerPlugins.vsphere },
                    { type: tokens.virtualMachine, id: "4217-existing", provider: providerReference, version: providerPlugins.vsphere },
                ],
            );
        });

        it("invokes each look-up with its token, its arguments, the provider and the pinned version", () => {
            const expected: Array<[string, object]> = [
                [tokens.getDatacenter, fullGetDatacenter],
                [tokens.getComputeCluster, fullGetComputeCluster],
                [tokens.getDatastore, fullGetDatastore],
                [tokens.getNetwork, fullGetNetwork],
                [tokens.getVirtualMachine, fullGetVirtualMachine],
                [tokens.getVirtualMachine, { name: "ubuntu-template", datacenterId: "datacenter-1" }],
            ];
            assert.deepEqual(
                recording.invokes.map((i) => [i.token, opened(i.wire)]),
                expected,
            );
            for (const invoke of recording.invokes) {
                assert.equal(invoke.provider, providerReference, `${invoke.token} uses the provider given`);
                assert.equal(invoke.version, providerPlugins.vsphere, `${invoke.token} asks for the pinned plugin`);
            }
        });

        it("hands back the provider's results in both forms", () => {
            assert.equal(template.id, "4217-template");
            assert.equal(template.disks[0].size, 20);
            assert.equal(templateOutput?.scsiType, "pvscsi");
        });

        it("with every bound VM input, nested ones included, as given", () => {
            const sent = opened(only(recording, tokens.virtualMachine).wire) as Record<string, unknown>;
            assert.deepEqual(sent, fullVirtualMachine);
        });

        it("with the folder's and the rule's inputs as given", () => {
            assert.deepEqual(opened(only(recording, tokens.folder).wire), fullFolder);
            assert.deepEqual(opened(only(recording, tokens.antiAffinityRule).wire), fullRule);
        });

        it("gives each resource an Output for the provider-only properties", () => {
            for (const key of ["moid", "uuid", "defaultIpAddress", "guestIpAddresses", "powerState", "vmwareToolsStatus", "rebootRequired"]) {
                assert.ok(pulumi.Output.isInstance((virtualMachine as unknown as Record<string, unknown>)[key]), `VirtualMachine.${key}`);
            }
            assert.ok(pulumi.Output.isInstance(folder.path) && pulumi.Output.isInstance(rule.virtualMachineIds));
        });

        it("recognises its own instances", () => {
            assert.ok(vsphere.VirtualMachine.isInstance(virtualMachine) && !vsphere.VirtualMachine.isInstance(folder));
            assert.ok(vsphere.Folder.isInstance(folder) && !vsphere.Folder.isInstance(rule));
            assert.ok(vsphere.ComputeClusterVmAntiAffinityRule.isInstance(rule) && !vsphere.ComputeClusterVmAntiAffinityRule.isInstance(virtualMachine));
            assert.ok(vsphere.Provider.isInstance(provider) && !vsphere.Provider.isInstance(folder));
            // As the SDKs' isInstance: anything may be asked, undefined and null too.
            for (const nothing of [undefined, null]) {
                for (const type of [vsphere.VirtualMachine, vsphere.Folder, vsphere.ComputeClusterVmAntiAffinityRule, vsphere.Provider]) {
                    assert.equal(type.isInstance(nothing), false, `${type.name}.isInstance(${nothing})`);
                }
            }
        });
    });

    describe("the provider", () => {
        it("sends the password only as a secret, and keeps it secret in its outputs", () => {
            for (const registration of recording.registrations.filter((r) => r.type === providerType)) {
                assert.ok(isSecretEnvelope(registration.wire.password), `provider ${registration.name}: the password reaches the engine as a secret`);
                assert.deepEqual(registration.additionalSecretOutputs, ["password"]);
                const plain = JSON.stringify({ ...registration.wire, password: undefined });
                assert.ok(!plain.includes("vcenter-password") && !plain.includes('"p"'), "the password appears nowhere else");
            }
            assert.equal(passwordIsSecret, true);
        });

        it("keeps certificate verification on unless told otherwise, and sends booleans and integers as JSON text", () => {
            const byName = (name: string) => opened(only(recording, providerType, name).wire) as Record<string, unknown>;
            assert.equal(byName("defaults").allowUnverifiedSsl, "false");
            assert.deepEqual(byName("site-a"), {
                vsphereServer: "vcenter.site-a.example",
                user: "svc-pulumi@vsphere.local",
                password: "vcenter-password",
                allowUnverifiedSsl: "true",
                apiTimeout: "10",
            });
        });
    });

    describe("is true to the published schema", () => {
        it("was cut from the schema of the plugin version pinned in components/versions.ts", () => {
            assert.equal(schema.name, "vsphere");
            assert.equal(schema.version, providerPlugins.vsphere);
            assert.ok(schema.source.includes(`@v${providerPlugins.vsphere}:`), schema.source);
        });

        it("the extract holds every type it refers to", () => {
            const refs = [...JSON.stringify(schema).matchAll(/"\$ref":"#\/types\/([^"]+)"/g)].map((m) => m[1]);
            assert.ok(refs.length > 10);
            assert.deepEqual(refs.filter((ref) => !schema.types[ref]), []);
        });

        it("sends only input properties the schema has, of the schema's types, for every resource and nested type", () => {
            const problems = [
                ...checkInputs(opened(only(recording, tokens.virtualMachine).wire) as Record<string, unknown>, schema.resources[tokens.virtualMachine].inputProperties, "VirtualMachine"),
                ...checkInputs(opened(only(recording, tokens.folder).wire) as Record<string, unknown>, schema.resources[tokens.folder].inputProperties, "Folder"),
                ...checkInputs(opened(only(recording, tokens.antiAffinityRule).wire) as Record<string, unknown>, schema.resources[tokens.antiAffinityRule].inputProperties, "ComputeClusterVmAntiAffinityRule"),
            ];
            assert.deepEqual(problems, []);
        });

        it("sends only provider configuration keys the schema has", () => {
            const sent = Object.keys(opened(only(recording, providerType, "site-a").wire) as object);
            assert.deepEqual(sent.filter((key) => !schema.provider.inputProperties[key]), []);
            assert.equal(sent.length, Object.keys(fullProvider).length);
        });

        it("invokes each look-up with argument names and types the schema has", () => {
            const problems = recording.invokes.flatMap((invoke) =>
                checkInputs(opened(invoke.wire) as Record<string, unknown>, schema.functions[invoke.token].inputs.properties, invoke.token),
            );
            assert.deepEqual(problems, []);
        });

        it("names each output only as the schema does, and promises a value only where the schema does", () => {
            // Every property a resource object carries: what it sent plus what only the provider sets.
            const carried = (resource: pulumi.CustomResource) =>
                Object.keys(resource).filter((key) => pulumi.Output.isInstance((resource as unknown as Record<string, unknown>)[key]) && key !== "urn" && key !== "id");
            const vmDeclared = exactly<DeclaredOutputs<vsphere.VirtualMachine>>()(["resourcePoolId", "name", "datastoreId", "datacenterId", "folder", "hostSystemId", "numCpus", "numCoresPerSocket", "memory", "guestId", "firmware", "efiSecureBootEnabled", "enableDiskUuid", "extraConfig", "extraConfigRebootRequired", "networkInterfaces", "disks", "cdroms", "clone", "vapp", "scsiType", "scsiControllerCount", "waitForGuestNetTimeout", "waitForGuestIpTimeout", "waitForGuestNetRoutable", "ignoredGuestIps", "tags", "storagePolicyId", "annotation", "cpuHotAddEnabled", "memoryHotAddEnabled", "shutdownWaitTimeout", "forcePowerOff", "changeVersion", "defaultIpAddress", "guestIpAddresses", "imported", "moid", "powerState", "rebootRequired", "uuid", "vappTransports", "vmwareToolsStatus", "vmxPath"]);
            const vmDefined = exactly<DefinedOutputKeys<vsphere.VirtualMachine>>()(["resourcePoolId", "name", "datastoreId", "hostSystemId", "guestId", "disks", "storagePolicyId", "annotation", "changeVersion", "defaultIpAddress", "guestIpAddresses", "imported", "moid", "powerState", "rebootRequired", "uuid", "vappTransports", "vmwareToolsStatus", "vmxPath"]);
            const folderDeclared = exactly<DeclaredOutputs<vsphere.Folder>>()(["path", "type", "datacenterId", "tags", "customAttributes"]);
            const folderDefined = exactly<DefinedOutputKeys<vsphere.Folder>>()(["path", "type"]);
            const ruleDeclared = exactly<DeclaredOutputs<vsphere.ComputeClusterVmAntiAffinityRule>>()(["computeClusterId", "virtualMachineIds", "name", "enabled", "mandatory"]);
            const ruleDefined = exactly<DefinedOutputKeys<vsphere.ComputeClusterVmAntiAffinityRule>>()(["computeClusterId", "virtualMachineIds", "name"]);
            const cases: Array<[string, pulumi.CustomResource, Keys, Keys]> = [
                [tokens.virtualMachine, virtualMachine, vmDeclared, vmDefined],
                [tokens.folder, folder, folderDeclared, folderDefined],
                [tokens.antiAffinityRule, rule, ruleDeclared, ruleDefined],
            ];
            for (const [token, resource, declared, defined] of cases) {
                const spec = schema.resources[token];
                assert.deepEqual(carried(resource).sort(), [...declared].sort(), `${token}: the declared outputs are the ones the object carries`);
                assert.deepEqual([...declared].filter((key) => !spec.properties[key]), [], `${token}: outputs the schema does not have`);
                assert.deepEqual([...defined].filter((key) => !spec.required.includes(key)), [], `${token}: outputs promised though the schema may leave them out`);
            }
        });

        it("names nested output types' fields only as the schema does, and promises one only where the schema does", () => {
            const declared: Record<string, [Keys, Keys]> = {};
            const disk = exactly<keyof vsphere.types.output.VirtualMachineDisk>()(["label", "size", "unitNumber", "thinProvisioned", "eagerlyScrub", "datastoreId", "storagePolicyId", "keepOnRemove", "attach", "path", "controllerType", "diskMode", "uuid", "key", "deviceAddress"]);
            const diskDefined = exactly<RequiredKeys<vsphere.types.output.VirtualMachineDisk>>()(["label", "datastoreId", "storagePolicyId", "path", "uuid", "key", "deviceAddress"]);
            declared["VirtualMachineDisk"] = [disk, diskDefined];
            const nic = exactly<keyof vsphere.types.output.VirtualMachineNetworkInterface>()(["networkId", "adapterType", "macAddress", "useStaticMac", "ovfMapping", "key", "deviceAddress"]);
            const nicDefined = exactly<RequiredKeys<vsphere.types.output.VirtualMachineNetworkInterface>>()(["networkId", "macAddress", "key", "deviceAddress"]);
            declared["VirtualMachineNetworkInterface"] = [nic, nicDefined];
            const cdrom = exactly<keyof vsphere.types.output.VirtualMachineCdrom>()(["clientDevice", "datastoreId", "path", "key", "deviceAddress"]);
            const cdromDefined = exactly<RequiredKeys<vsphere.types.output.VirtualMachineCdrom>>()(["key", "deviceAddress"]);
            declared["VirtualMachineCdrom"] = [cdrom, cdromDefined];
            const clone = exactly<keyof vsphere.types.output.VirtualMachineClone>()(["templateUuid", "linkedClone", "timeout"]);
            const cloneDefined = exactly<RequiredKeys<vsphere.types.output.VirtualMachineClone>>()(["templateUuid"]);
            declared["VirtualMachineClone"] = [clone, cloneDefined];
            const vapp = exactly<keyof vsphere.types.output.VirtualMachineVapp>()(["properties"]);
            declared["VirtualMachineVapp"] = [vapp, exactly<RequiredKeys<vsphere.types.output.VirtualMachineVapp>>()([])];
            const templateDisk = exactly<keyof vsphere.types.output.GetVirtualMachineDisk>()(["label", "size", "thinProvisioned", "eagerlyScrub", "unitNumber"]);
            const templateDiskDefined = exactly<RequiredKeys<vsphere.types.output.GetVirtualMachineDisk>>()(["label", "size", "thinProvisioned", "eagerlyScrub", "unitNumber"]);
            declared["getVirtualMachineDisk"] = [templateDisk, templateDiskDefined];
            const templateNic = exactly<keyof vsphere.types.output.GetVirtualMachineNetworkInterface>()(["adapterType", "networkId", "macAddress", "bandwidthLimit", "bandwidthReservation", "bandwidthShareCount", "bandwidthShareLevel", "externalPortId", "physicalFunction"]);
            const templateNicDefined = exactly<RequiredKeys<vsphere.types.output.GetVirtualMachineNetworkInterface>>()(["adapterType", "networkId", "macAddress", "bandwidthShareCount", "externalPortId", "physicalFunction"]);
            declared["getVirtualMachineNetworkInterface"] = [templateNic, templateNicDefined];
            const filter = exactly<keyof vsphere.types.output.GetNetworkFilter>()(["networkType"]);
            declared["getNetworkFilter"] = [filter, exactly<RequiredKeys<vsphere.types.output.GetNetworkFilter>>()([])];
            for (const [name, [fields, defined]] of Object.entries(declared)) {
                const type = schema.types[`vsphere:index/${name}:${name}`];
                assert.ok(type, `${name} is in the schema`);
                const requiredOutputs = type.language?.nodejs?.requiredOutputs ?? type.required ?? [];
                assert.deepEqual([...fields].filter((key) => !type.properties[key]), [], `${name}: fields the schema does not have`);
                assert.deepEqual([...defined].filter((key) => !requiredOutputs.includes(key)), [], `${name}: fields promised though the schema may leave them out`);
            }
        });

        it("names each look-up's result fields only as the schema does, and promises one only where the schema does", () => {
            const results: Array<[string, Keys, Keys]> = [];
            const datacenter = exactly<keyof vsphere.GetDatacenterResult>()(["id", "name", "virtualMachines"]);
            const datacenterDefined = exactly<RequiredKeys<vsphere.GetDatacenterResult>>()(["id", "virtualMachines"]);
            results.push([tokens.getDatacenter, datacenter, datacenterDefined]);
            const cluster = exactly<keyof vsphere.GetComputeClusterResult>()(["id", "name", "datacenterId", "resourcePoolId"]);
            const clusterDefined = exactly<RequiredKeys<vsphere.GetComputeClusterResult>>()(["id", "name", "resourcePoolId"]);
            results.push([tokens.getComputeCluster, cluster, clusterDefined]);
            const datastore = exactly<keyof vsphere.GetDatastoreResult>()(["id", "name", "datacenterId", "stats"]);
            const datastoreDefined = exactly<RequiredKeys<vsphere.GetDatastoreResult>>()(["id", "name"]);
            results.push([tokens.getDatastore, datastore, datastoreDefined]);
            const network = exactly<keyof vsphere.GetNetworkResult>()(["id", "name", "type", "datacenterId", "distributedVirtualSwitchUuid", "filters", "retryTimeout", "retryInterval"]);
            const networkDefined = exactly<RequiredKeys<vsphere.GetNetworkResult>>()(["id", "name", "type"]);
            results.push([tokens.getNetwork, network, networkDefined]);
            const vm = exactly<keyof vsphere.GetVirtualMachineResult>()(["id", "name", "uuid", "moid", "instanceUuid", "datacenterId", "folder", "guestId", "alternateGuestName", "firmware", "efiSecureBootEnabled", "scsiType", "scsiBusSharing", "scsiControllerScanCount", "numCpus", "numCoresPerSocket", "memory", "hardwareVersion", "disks", "networkInterfaces", "networkInterfaceTypes", "enableDiskUuid", "extraConfig", "storagePolicyId", "tags", "vappTransports", "vtpm", "annotation", "changeVersion", "defaultIpAddress", "guestIpAddresses"]);
            const vmDefined = exactly<RequiredKeys<vsphere.GetVirtualMachineResult>>()(["id", "uuid", "moid", "instanceUuid", "guestId", "scsiType", "scsiBusSharing", "hardwareVersion", "disks", "networkInterfaces", "networkInterfaceTypes", "storagePolicyId", "tags", "vappTransports", "vtpm", "annotation", "changeVersion", "defaultIpAddress", "guestIpAddresses"]);
            results.push([tokens.getVirtualMachine, vm, vmDefined]);
            for (const [token, fields, defined] of results) {
                const outputs = schema.functions[token].outputs;
                assert.deepEqual([...fields].filter((key) => !outputs.properties[key]), [], `${token}: result fields the schema does not have`);
                assert.deepEqual([...defined].filter((key) => !(outputs.required ?? []).includes(key)), [], `${token}: fields promised though the schema may leave them out`);
            }
        });

        it("requires exactly the inputs the schema requires, and throws without each of them", () => {
            const vmRequired = exactly<RequiredKeys<vsphere.VirtualMachineArgs>>()(["resourcePoolId"]);
            const folderRequired = exactly<RequiredKeys<vsphere.FolderArgs>>()(["path", "type"]);
            const ruleRequired = exactly<RequiredKeys<vsphere.ComputeClusterVmAntiAffinityRuleArgs>>()(["computeClusterId", "virtualMachineIds"]);
            const cases: Array<[string, Keys, object, (args: never) => unknown]> = [
                [tokens.virtualMachine, vmRequired, fullVirtualMachine, (args) => new vsphere.VirtualMachine("missing", args)],
                [tokens.folder, folderRequired, fullFolder, (args) => new vsphere.Folder("missing", args)],
                [tokens.antiAffinityRule, ruleRequired, fullRule, (args) => new vsphere.ComputeClusterVmAntiAffinityRule("missing", args)],
            ];
            for (const [token, required, full, construct] of cases) {
                const schemaRequired = schema.resources[token].requiredInputs;
                assert.deepEqual([...required].sort(), [...schemaRequired].sort(), `${token}: the Args type requires what the schema requires`);
                for (const key of schemaRequired) {
                    const without = { ...full, [key]: undefined };
                    assert.throws(() => construct(without as never), new RegExp(`^Error: Missing required property '${key}'$`), `${token} without ${key}`);
                }
            }
            const providerRequired = exactly<RequiredKeys<vsphere.ProviderArgs>>()([]);
            assert.deepEqual([...providerRequired], schema.provider.requiredInputs);
        });

        it("requires exactly the look-up arguments the schema requires", () => {
            const cases: Array<[string, Keys, Keys]> = [
                [tokens.getDatacenter, exactly<RequiredKeys<vsphere.GetDatacenterArgs>>()([]), exactly<RequiredKeys<vsphere.GetDatacenterOutputArgs>>()([])],
                [
                    tokens.getComputeCluster,
                    exactly<RequiredKeys<vsphere.GetComputeClusterArgs>>()(["name"]),
                    exactly<RequiredKeys<vsphere.GetComputeClusterOutputArgs>>()(["name"]),
                ],
                [tokens.getDatastore, exactly<RequiredKeys<vsphere.GetDatastoreArgs>>()(["name"]), exactly<RequiredKeys<vsphere.GetDatastoreOutputArgs>>()(["name"])],
                [tokens.getNetwork, exactly<RequiredKeys<vsphere.GetNetworkArgs>>()(["name"]), exactly<RequiredKeys<vsphere.GetNetworkOutputArgs>>()(["name"])],
                [
                    tokens.getVirtualMachine,
                    exactly<RequiredKeys<vsphere.GetVirtualMachineArgs>>()([]),
                    exactly<RequiredKeys<vsphere.GetVirtualMachineOutputArgs>>()([]),
                ],
            ];
            for (const [token, promiseForm, outputForm] of cases) {
                const schemaRequired = [...(schema.functions[token].inputs.required ?? [])].sort();
                assert.deepEqual([...promiseForm].sort(), schemaRequired, `${token} (Promise form)`);
                assert.deepEqual([...outputForm].sort(), schemaRequired, `${token} (Output form)`);
            }
        });

        it("binds no property the schema marks secret (a binding would have to keep it secret itself)", () => {
            const found = [
                ...secretPaths(fullVirtualMachine.clone, schema.resources[tokens.virtualMachine].inputProperties.clone, "VirtualMachine.clone"),
                ...Object.entries(opened(only(recording, tokens.virtualMachine).wire) as object).flatMap(([key, value]) =>
                    secretPaths(value, schema.resources[tokens.virtualMachine].inputProperties[key], `VirtualMachine.${key}`),
                ),
                ...Object.keys(fullFolder).filter((key) => schema.resources[tokens.folder].inputProperties[key].secret),
                ...Object.keys(fullRule).filter((key) => schema.resources[tokens.antiAffinityRule].inputProperties[key].secret),
            ];
            assert.deepEqual(found, []);
        });
    });
});
