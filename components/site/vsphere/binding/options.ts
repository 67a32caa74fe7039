// The plugin version every resource and invoke of the binding asks the engine
// for. `pulumi up` installs exactly this plugin, and a resource registered with
// it keeps working when the official @pulumi/vsphere package replaces the
// binding at the same version.
import * as pulumi from "@pulumi/pulumi";
import { providerPlugins } from "../../../versions";

/** The pinned pulumi-vsphere plugin version, without a leading "v" (the engine wants bare semver). */
export const pluginVersion: string = providerPlugins.vsphere.replace(/^v/, "");

// The caller's options win over the defaults, as they do in a generated SDK: an
// explicit `version` in opts is the caller's decision.
export function withPluginVersion<T extends pulumi.ResourceOptions | pulumi.InvokeOptions>(opts: T | undefined): T {
    // mergeOptions is typed for resource options only; invoke options share the
    // keys it merges (version, provider, parent, dependsOn).
    const merged = pulumi.mergeOptions({ version: pluginVersion }, (opts ?? {}) as pulumi.ResourceOptions);
    return merged as T;
}

// A provider input the schema types as boolean or integer travels as its JSON
// text: provider configuration reaches the plugin as strings.
export function asConfigValue(value: pulumi.Input<boolean | number | undefined> | undefined): pulumi.Output<string | undefined> {
    return pulumi.output(value).apply((v) => (v === undefined ? undefined : JSON.stringify(v)));
}
