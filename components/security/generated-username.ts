// A generated user name: a fixed prefix and a random lowercase suffix, so no
// well-known account name can be guessed. Secret from the start: the suffix is
// kept encrypted in Pulumi's state, not only masked in the stack outputs.
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";

export function generatedUsername(resourceName: string, prefix: string, opts: pulumi.CustomResourceOptions): pulumi.Output<string> {
    const suffix = new random.RandomString(
        resourceName,
        { length: 8, special: false, upper: false },
        { ...opts, additionalSecretOutputs: ["result"] },
    );
    return pulumi.secret(pulumi.interpolate`${prefix}-${suffix.result}`);
}
