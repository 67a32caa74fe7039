// The vSphere provider resource: which vCenter the binding's resources and
// look-ups talk to, and as whom.
import * as pulumi from "@pulumi/pulumi";
import { asConfigValue, withPluginVersion } from "./options";

/** Connection to one vCenter Server (schema `provider.inputProperties`). */
export interface ProviderArgs {
    /** Host name or address of the vCenter Server (or ESXi host) the provider calls. */
    vsphereServer?: pulumi.Input<string | undefined>;
    /** User the provider logs in as, e.g. `svc-pulumi@vsphere.local`. */
    user?: pulumi.Input<string | undefined>;
    /**
     * The user's password. The binding always makes it a secret, even when given
     * as plain text: the schema does not mark it secret, so nothing else would.
     */
    password?: pulumi.Input<string | undefined>;
    /**
     * Accept a vCenter certificate that does not verify. Only for a lab whose
     * vCenter has a self-signed certificate.
     * @default false (sent explicitly, so that VSPHERE_ALLOW_UNVERIFIED_SSL in the
     * environment of whoever runs `pulumi up` cannot switch verification off)
     */
    allowUnverifiedSsl?: pulumi.Input<boolean | undefined>;
    /**
     * Timeout of each vSphere API call, in minutes.
     * @default 5 (the provider's own)
     */
    apiTimeout?: pulumi.Input<number | undefined>;
}

/**
 * The `vsphere` provider. Same class name, constructor and argument names as
 * @pulumi/vsphere's `Provider`, fewer arguments.
 */
export class Provider extends pulumi.ProviderResource {
    /** @internal */
    public static readonly __pulumiType = "vsphere";

    /** Whether `obj` is a vsphere Provider, also across copies of the Pulumi SDK. */
    public static isInstance(obj: unknown): obj is Provider {
        return (obj as { __pulumiType?: unknown } | undefined | null)?.__pulumiType === `pulumi:providers:${Provider.__pulumiType}`;
    }

    /** The vCenter Server the provider calls. */
    declare public readonly vsphereServer: pulumi.Output<string | undefined>;
    /** The user it logs in as. */
    declare public readonly user: pulumi.Output<string | undefined>;
    /** The user's password, always secret. */
    declare public readonly password: pulumi.Output<string | undefined>;

    constructor(name: string, args?: ProviderArgs, opts?: pulumi.ResourceOptions) {
        const inputs: pulumi.Inputs = {
            vsphereServer: args?.vsphereServer,
            user: args?.user,
            password: args?.password === undefined ? undefined : pulumi.secret(args.password),
            allowUnverifiedSsl: asConfigValue(args?.allowUnverifiedSsl ?? false),
            apiTimeout: asConfigValue(args?.apiTimeout),
        };
        // The engine also keeps the password secret in the provider's outputs (state).
        // ProviderResource's options are typed without additionalSecretOutputs, but
        // the SDK sends it for every resource it registers.
        const secrets: pulumi.CustomResourceOptions = { additionalSecretOutputs: ["password"] };
        super(Provider.__pulumiType, name, inputs, withPluginVersion(pulumi.mergeOptions(secrets, opts)));
    }
}
