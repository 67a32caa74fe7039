// Who runs `pulumi up`: the IAM principal an access entry must name. An assumed
// role's caller ARN (arn:aws:sts::…:assumed-role/Role/session) cannot be an
// access entry's principal; its session context gives the role's own ARN.
import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/aws/provider";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getSessionContextOutput } from "@pulumi/aws/iam/getSessionContext";

export function deployingPrincipalArn(provider: Provider, parent: pulumi.Resource): pulumi.Output<string> {
    const caller = getCallerIdentityOutput({}, { provider, parent });
    return getSessionContextOutput({ arn: caller.arn }, { provider, parent }).issuerArn;
}
