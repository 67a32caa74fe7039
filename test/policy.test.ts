// The compliance policy pack (policy/): every rule passes on every committed
// stack's plan, fires with a message saying what to change on a resource broken
// in its one property, and is exactly what the PolicyPack serves to
// `pulumi preview --policy-pack policy`.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import type { Plan } from "../tools/plan/evaluate";
import type { PlannedSubject, Rule } from "../policy/support/rule";
import { violationsOf } from "../policy/support/rule";
import { rules } from "../policy/rules";
import { committedStacks, planStack, projectDir } from "./support/plan";

const plans = new Map<string, Plan>();

async function planOf(stack: string): Promise<Plan> {
    const plan = plans.get(stack) ?? (await planStack(stack));
    plans.set(stack, plan);
    return plan;
}

// A planned resource, copied deeply, with one change made to the copy.
async function broken(stack: string, type: string, change: (copy: PlannedSubject) => void, name?: string): Promise<PlannedSubject[]> {
    const plan = await planOf(stack);
    const original = plan.resources.find((r) => r.type === type && (name === undefined || r.name === name));
    assert.ok(original, `the ${stack} plan has a ${type}${name ? ` named ${name}` : ""}`);
    const copy = structuredClone(original);
    change(copy);
    return [copy];
}

// The whole stack with one resource changed or removed: for the stack-wide rules.
async function stackWith(stack: string, change: (resources: PlannedSubject[]) => PlannedSubject[]): Promise<PlannedSubject[]> {
    return change(structuredClone((await planOf(stack)).resources));
}

function set(target: Record<string, unknown>, pathTo: string[], value: unknown): void {
    let current = target;
    for (const key of pathTo.slice(0, -1)) {
        current = current[key] as Record<string, unknown>;
    }
    current[pathTo[pathTo.length - 1]] = value;
}

const kubernetesCluster = "kubernetes:postgresql.cnpg.io/v1:Cluster";

// For each rule, a deliberately bad case and the message it must give.
const badCases: Record<string, { resources: () => Promise<PlannedSubject[]>; message: RegExp }> = {
    "s3-encrypted-with-kms": {
        resources: () =>
            broken("aws", "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", (r) => set(r.inputs, ["rules"], [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }])),
        message: /encrypts with AES256: set applyServerSideEncryptionByDefault.sseAlgorithm to aws:kms/,
    },
    "azure-storage-encrypted": {
        resources: () => broken("azure", "azure-native:storage:StorageAccount", (r) => set(r.inputs, ["encryption", "requireInfrastructureEncryption"], false)),
        message: /set encryption.requireInfrastructureEncryption to true/,
    },
    "eks-secrets-encrypted": {
        resources: () => broken("aws", "aws:eks/cluster:Cluster", (r) => delete r.inputs.encryptionConfig),
        message: /set encryptionConfig to \{ resources: \["secrets"\]/,
    },
    "volumes-encrypted": {
        resources: () => broken("aws", "kubernetes:storage.k8s.io/v1:StorageClass", (r) => set(r.inputs, ["parameters", "encrypted"], "false")),
        message: /set parameters.encrypted to "true"/,
    },
    "mesh-mtls-strict": {
        resources: () =>
            stackWith("local", (resources) => {
                const mesh = resources.find((r) => r.name === "mesh-mtls-strict");
                set(mesh!.inputs, ["spec", "mtls", "mode"], "PERMISSIVE");
                return resources;
            }),
        message: /no mesh-wide PeerAuthentication with mtls.mode STRICT/,
    },
    "no-plain-listener-outside": {
        resources: () =>
            broken("local", "kubernetes:networking.istio.io/v1:Gateway", (r) => {
                const servers = r.inputs.spec as { servers: Array<{ tls?: unknown }> };
                delete servers.servers[0].tls;
            }),
        message: /port 80 HTTP\) serves plain HTTP: set tls.httpsRedirect to true/,
    },
    "no-default-credentials": {
        resources: () => broken("local", "kubernetes:core/v1:Secret", (r) => set(r.inputs, ["stringData", "password"], "orthanc"), "orthanc-metrics"),
        message: /Secret orthanc-metrics sets password to a default or empty value: fill it from a random.RandomPassword/,
    },
    "no-public-buckets": {
        resources: () => broken("aws", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", (r) => set(r.inputs, ["restrictPublicBuckets"], false)),
        message: /^set restrictPublicBuckets to true$/,
    },
    "identities-scoped-to-their-data": {
        resources: () =>
            broken(
                "aws",
                "aws:iam/rolePolicy:RolePolicy",
                (r) => {
                    const document = JSON.parse(r.inputs.policy as string);
                    document.Statement[0].Resource = "*";
                    r.inputs.policy = JSON.stringify(document);
                },
                "orthanc",
            ),
        message: /Statement\[0\] allows s3:GetObject, s3:PutObject, s3:DeleteObject on every resource: name the site's own bucket ARNs/,
    },
    "eks-endpoint-restricted": {
        resources: () => broken("aws", "aws:eks/cluster:Cluster", (r) => set(r.inputs, ["vpcConfig", "publicAccessCidrs"], ["0.0.0.0/0"])),
        message: /the API endpoint is open to 0.0.0.0\/0: set vpcConfig.publicAccessCidrs/,
    },
    "aks-local-accounts-disabled": {
        resources: () => broken("azure", "azure-native:containerservice:ManagedCluster", (r) => set(r.inputs, ["disableLocalAccounts"], false)),
        message: /^set disableLocalAccounts to true$/,
    },
    "eks-audit-logs": {
        resources: () => broken("aws", "aws:eks/cluster:Cluster", (r) => set(r.inputs, ["enabledClusterLogTypes"], ["api", "authenticator"])),
        message: /^add audit to enabledClusterLogTypes$/,
    },
    "backups-configured": {
        resources: () => stackWith("aws", (resources) => resources.filter((r) => r.type !== "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup")),
        message: /Cluster imaging\/orthanc-db has no ScheduledBackup: declare one whose spec.cluster.name is orthanc-db/,
    },
    "deletion-protection": {
        resources: () => broken("local", kubernetesCluster, (r) => (r.protect = false)),
        message: /orthanc-db can be deleted by a change: give it the resource option protect: true/,
    },
};

describe("compliance policy pack", () => {
    for (const stack of committedStacks()) {
        it(`${stack}: every rule passes on the committed stack's plan`, async () => {
            const resources = (await planOf(stack)).resources;
            const found = rules.flatMap((rule) => violationsOf(rule, resources).map((v) => `${rule.name}: ${v.resource}: ${v.message}`));
            assert.deepEqual(found, []);
        });
    }

    for (const rule of rules) {
        it(`${rule.name} fires on a deliberately bad resource, saying what to change`, async () => {
            const bad = badCases[rule.name];
            assert.ok(bad, `no bad case written for ${rule.name}`);
            const messages = violationsOf(rule, await bad.resources()).map((v) => v.message);
            assert.ok(messages.some((message) => bad.message.test(message)), `${rule.name} said: ${JSON.stringify(messages)}`);
        });
    }

    it("maps every rule to a HIPAA technical safeguard in its description", () => {
        const { policies } = require("../policy/policies") as typeof import("../policy/policies");
        for (const policy of policies) {
            assert.match(policy.description, /\(HIPAA 45 CFR 164\.312(\(a\)\(1\)|\(a\)\(2\)\(iv\)|\(b\)|\(c\)\(1\)|\(e\)\(1\)) [a-z]/, policy.name);
        }
    });

    it("lists in policy/rules.ts exactly the rules under policy/rules/", () => {
        const directory = path.join(projectDir, "policy", "rules");
        const files = fs.readdirSync(directory).filter((file) => file.endsWith(".ts"));
        const fromFiles = files.map((file) => (require(path.join(directory, file)) as { rule: Rule }).rule);
        // By name: each plan in this file forgets the project's modules, so a
        // module loaded again is a new object (tools/plan/evaluate.ts).
        assert.deepEqual(rules.map((rule) => rule.name).sort(), fromFiles.map((rule) => rule.name).sort());
    });

    it("serves exactly those rules from the PolicyPack, running each rule's own function", async () => {
        const served = await servedPolicies();
        assert.deepEqual(served.map((policy) => policy.name), rules.map((rule) => rule.name));
        for (const [index, rule] of rules.entries()) {
            const policy = served[index];
            assert.equal(policy.enforcementLevel, rule.enforcement, rule.name);
            const bad = await badCases[rule.name].resources();
            const reported: string[] = [];
            const report = (message: string) => reported.push(message);
            if ("validateResource" in policy) {
                for (const resource of bad) {
                    await policy.validateResource(engineResource(resource) as never, report);
                }
            } else {
                await policy.validateStack({ resources: bad.map(engineResource) } as never, report);
            }
            assert.deepEqual(reported, violationsOf(rule, bad).map((v) => v.message), rule.name);
            assert.ok(reported.length > 0, `${rule.name} reported nothing through the pack`);
        }
    });
});

// A resource as @pulumi/policy hands it to a policy: props, and options apart.
function engineResource(resource: PlannedSubject): Record<string, unknown> {
    return { type: resource.type, name: resource.name, urn: resource.urn, props: resource.inputs, opts: { protect: resource.protect === true } };
}

type ServedPolicy =
    | { name: string; enforcementLevel?: string; validateResource: (args: unknown, report: (message: string) => void) => unknown }
    | { name: string; enforcementLevel?: string; validateStack: (args: unknown, report: (message: string) => void) => unknown };

// Loads policy/index.ts as the CLI would, with the pack's gRPC server replaced
// by a recorder of what the PolicyPack would serve.
async function servedPolicies(): Promise<ServedPolicy[]> {
    const server = require("@pulumi/policy/server") as { serve: (...args: unknown[]) => void };
    const serve = server.serve;
    let served: ServedPolicy[] | undefined;
    server.serve = (_name: unknown, _version: unknown, _level: unknown, args: unknown) => {
        served = (args as { policies: ServedPolicy[] }).policies;
    };
    try {
        const entry = require.resolve("../policy/index.ts");
        delete require.cache[entry];
        require(entry);
    } finally {
        server.serve = serve;
    }
    assert.ok(served, "policy/index.ts constructs no PolicyPack");
    return served;
}
