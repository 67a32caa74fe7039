// A DRS rule that keeps a set of VMs on different ESXi hosts, so that losing one
// host takes down at most one of them (e.g. one control-plane node).
import * as pulumi from "@pulumi/pulumi";
import { withPluginVersion } from "./options";

/** Arguments of {@link ComputeClusterVmAntiAffinityRule} (schema `vsphere:index/computeClusterVmAntiAffinityRule:ComputeClusterVmAntiAffinityRule` inputs). */
export interface ComputeClusterVmAntiAffinityRuleArgs {
    /** Managed object ID of the cluster (`getComputeCluster(...).id`). Changing it replaces the rule. Needs vCenter with DRS on. */
    computeClusterId: pulumi.Input<string>;
    /** UUIDs of the VMs to keep on different hosts (`VirtualMachine.id`). */
    virtualMachineIds: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Rule name, unique among all rules of the cluster (the namespace is shared with other rule kinds).
     * @default the resource name plus a random suffix (the provider auto-names)
     */
    name?: pulumi.Input<string | undefined>;
    /**
     * Whether DRS applies the rule.
     * @default true
     */
    enabled?: pulumi.Input<boolean | undefined>;
    /**
     * Refuse any VM operation that would break the rule (a hard rule), instead of
     * DRS only trying to keep it.
     * @default false
     */
    mandatory?: pulumi.Input<boolean | undefined>;
}

/** What {@link ComputeClusterVmAntiAffinityRule.get} may be told of an existing rule: every property optional. */
export type ComputeClusterVmAntiAffinityRuleState = Partial<ComputeClusterVmAntiAffinityRuleArgs>;

/** A VM anti-affinity rule of a vSphere cluster. */
export class ComputeClusterVmAntiAffinityRule extends pulumi.CustomResource {
    /** @internal */
    public static readonly __pulumiType = "vsphere:index/computeClusterVmAntiAffinityRule:ComputeClusterVmAntiAffinityRule";

    /** Reads an existing rule by its ID into the program. */
    public static get(
        name: string,
        id: pulumi.Input<pulumi.ID>,
        state?: ComputeClusterVmAntiAffinityRuleState,
        opts?: pulumi.CustomResourceOptions,
    ): ComputeClusterVmAntiAffinityRule {
        return new ComputeClusterVmAntiAffinityRule(name, state as ComputeClusterVmAntiAffinityRuleArgs, { ...opts, id });
    }

    /** Whether `obj` is a ComputeClusterVmAntiAffinityRule, also across copies of the Pulumi SDK. */
    public static isInstance(obj: unknown): obj is ComputeClusterVmAntiAffinityRule {
        return (obj as { __pulumiType?: unknown } | undefined | null)?.__pulumiType === ComputeClusterVmAntiAffinityRule.__pulumiType;
    }

    /** Managed object ID of the cluster. */
    declare public readonly computeClusterId: pulumi.Output<string>;
    /** UUIDs of the VMs kept apart. */
    declare public readonly virtualMachineIds: pulumi.Output<string[]>;
    /** Rule name. */
    declare public readonly name: pulumi.Output<string>;
    /** Whether DRS applies the rule. */
    declare public readonly enabled: pulumi.Output<boolean | undefined>;
    /** Whether the rule is a hard one. */
    declare public readonly mandatory: pulumi.Output<boolean | undefined>;

    constructor(name: string, args: ComputeClusterVmAntiAffinityRuleArgs, opts?: pulumi.CustomResourceOptions) {
        // Reading an existing rule (opts.id) or rehydrating one (opts.urn) needs no arguments.
        if (!opts?.id && !opts?.urn) {
            for (const key of ["computeClusterId", "virtualMachineIds"] as const) {
                if (args?.[key] === undefined) {
                    throw new Error(`Missing required property '${key}'`);
                }
            }
        }
        const inputs: pulumi.Inputs = {
            computeClusterId: args?.computeClusterId,
            virtualMachineIds: args?.virtualMachineIds,
            name: args?.name,
            enabled: args?.enabled,
            mandatory: args?.mandatory,
        };
        super(ComputeClusterVmAntiAffinityRule.__pulumiType, name, inputs, withPluginVersion(opts));
    }
}
