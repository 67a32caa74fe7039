// What the plan answers for the EKS site's look-ups and for the outputs only AWS
// computes (ARNs, the cluster's endpoint, CA and OIDC issuer): realistic shapes,
// plainly planned values (account 123456789012, "planned" in every name).
import type { PlanResourceStandIns, PlanStandIns } from "../plan-stand-ins";

const account = "123456789012";

export const eksSitePlanStandIns: PlanStandIns = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: account,
        arn: `arn:aws:sts::${account}:assumed-role/planned-deployer/planned-session`,
        userId: "AROAPLANNEDDEPLOYER:planned-session",
        id: account,
    }),
    "aws:iam/getSessionContext:getSessionContext": (args) => ({
        arn: args.arn,
        issuerArn: `arn:aws:iam::${account}:role/planned-deployer`,
        issuerId: "AROAPLANNEDDEPLOYER",
        issuerName: "planned-deployer",
        sessionName: "planned-session",
    }),
};

const arn = (service: string, resource: string) => `arn:aws:${service}:planned-region:${account}:${resource}`;

export const eksSiteResourceStandIns: PlanResourceStandIns = {
    "aws:eks/cluster:Cluster": (name, inputs) => ({
        arn: arn("eks", `cluster/${String(inputs.name ?? name)}`),
        endpoint: "https://PLANNED0000000000000000000000000.gr7.planned-region.eks.amazonaws.com",
        certificateAuthority: { data: "cGxhbm5lZC1jbHVzdGVyLWNh" },
        identities: [{ oidcs: [{ issuer: "https://oidc.eks.planned-region.amazonaws.com/id/PLANNED0000000000000000000000000" }] }],
    }),
    "aws:iam/role:Role": (name) => ({ arn: `arn:aws:iam::${account}:role/${name}-planned`, name: `${name}-planned` }),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (_name, inputs) => ({
        arn: `arn:aws:iam::${account}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}`,
    }),
    "aws:kms/key:Key": (name) => ({ arn: arn("kms", `key/planned-${name}`), keyId: `planned-${name}` }),
    "aws:ec2/launchTemplate:LaunchTemplate": () => ({ latestVersion: 1 }),
};
