// A vSphere inventory folder, e.g. the VM folder one site's nodes live in.
import * as pulumi from "@pulumi/pulumi";
import { withPluginVersion } from "./options";

/** Arguments of {@link Folder} (schema `vsphere:index/folder:Folder` inputs). */
export interface FolderArgs {
    /**
     * Path of the folder below the datacenter's root folder of its type, e.g.
     * `imaging/site-a` for `/<datacenter>/vm/imaging/site-a`. Changing the last
     * segment renames the folder, changing the rest moves it.
     */
    path: pulumi.Input<string>;
    /** Folder type: `vm`, `host`, `datastore`, `network` or `datacenter`. Changing it replaces the folder. */
    type: pulumi.Input<string>;
    /** Datacenter the folder belongs to; required for every type but `datacenter`. Changing it replaces the folder. */
    datacenterId?: pulumi.Input<string | undefined>;
    /** IDs of vSphere tags to attach (needs vCenter). */
    tags?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    /** Custom attribute values by attribute ID (needs vCenter). */
    customAttributes?: pulumi.Input<{ [key: string]: pulumi.Input<string> } | undefined>;
}

/** What {@link Folder.get} may be told of an existing folder: every property optional. */
export type FolderState = Partial<FolderArgs>;

/** A folder in the vSphere inventory. */
export class Folder extends pulumi.CustomResource {
    /** @internal */
    public static readonly __pulumiType = "vsphere:index/folder:Folder";

    /** Reads an existing folder by its ID (the managed object ID) into the program. */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: FolderState, opts?: pulumi.CustomResourceOptions): Folder {
        return new Folder(name, state as FolderArgs, { ...opts, id });
    }

    /** Whether `obj` is a Folder, also across copies of the Pulumi SDK. */
    public static isInstance(obj: unknown): obj is Folder {
        return (obj as { __pulumiType?: unknown } | undefined | null)?.__pulumiType === Folder.__pulumiType;
    }

    /** Path below the datacenter's root folder of the type. */
    declare public readonly path: pulumi.Output<string>;
    /** Folder type. */
    declare public readonly type: pulumi.Output<string>;
    /** Datacenter the folder belongs to. */
    declare public readonly datacenterId: pulumi.Output<string | undefined>;
    /** Attached tag IDs. */
    declare public readonly tags: pulumi.Output<string[] | undefined>;
    /** Custom attribute values by attribute ID. */
    declare public readonly customAttributes: pulumi.Output<{ [key: string]: string } | undefined>;

    constructor(name: string, args: FolderArgs, opts?: pulumi.CustomResourceOptions) {
        // Reading an existing folder (opts.id) or rehydrating one (opts.urn) needs no arguments.
        if (!opts?.id && !opts?.urn) {
            for (const key of ["path", "type"] as const) {
                if (args?.[key] === undefined) {
                    throw new Error(`Missing required property '${key}'`);
                }
            }
        }
        const inputs: pulumi.Inputs = {
            path: args?.path,
            type: args?.type,
            datacenterId: args?.datacenterId,
            tags: args?.tags,
            customAttributes: args?.customAttributes,
        };
        super(Folder.__pulumiType, name, inputs, withPluginVersion(opts));
    }
}
