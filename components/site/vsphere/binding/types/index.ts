// The binding's nested types in two groups, as @pulumi/vsphere exposes them:
// `types.input.X` for arguments, `types.output.X` for what the provider returns.
import * as input from "./input";
import * as output from "./output";

export { input, output };
