// How every look-up reaches the engine: the function's token, its arguments and
// the caller's options with the pinned plugin version merged in.
import * as pulumi from "@pulumi/pulumi";
import { withPluginVersion } from "./options";

export function invokePromise<T>(token: string, args: pulumi.Inputs, opts?: pulumi.InvokeOptions): Promise<T> {
    return pulumi.runtime.invoke(token, args, withPluginVersion(opts));
}

export function invokeAsOutput<T>(token: string, args: pulumi.Inputs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<T> {
    return pulumi.runtime.invokeOutput<T>(token, args, withPluginVersion(opts));
}
