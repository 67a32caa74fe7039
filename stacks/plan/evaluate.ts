// Evaluates the program for one stack under Pulumi's mocks: no credentials, no
// cluster, no CLI. The program runs unchanged; the evaluation records exactly what
// the SDK would send to the engine (each resource's type, parent, provider,
// dependencies, options and inputs) by listening on the mock resource monitor.
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { fromWire } from "./masking";
import type { StackConfig } from "./stack-file";

export interface PlannedResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    parent?: string;
    provider?: string;
    dependencies: string[];
    protect: boolean;
    // Outputs the program asks the engine to keep secret beyond the provider's own.
    additionalSecretOutputs?: string[];
    inputs: Record<string, unknown>;
}

export interface Plan {
    project: string;
    stack: string;
    resources: PlannedResource[];
    outputs: Record<string, unknown>;
}

export interface EvaluateArgs {
    projectDir: string;
    project: string;
    stack: string;
    stackConfig: StackConfig;
}

// Stand-ins for values only a real provider computes. They never reach a
// cluster; secret ones are masked in every artifact anyway.
function computedState(type: string, name: string): Record<string, unknown> {
    switch (type) {
        case "random:index/randomPassword:RandomPassword":
            return { result: `plan-password-${name}`, bcryptHash: "plan-bcrypt" };
        case "random:index/randomString:RandomString":
            return { result: "planned0" };
        case "tls:index/privateKey:PrivateKey":
            return { privateKeyPem: "plan-private-key", publicKeyPem: "plan-public-key" };
        case "tls:index/selfSignedCert:SelfSignedCert":
        case "tls:index/locallySignedCert:LocallySignedCert":
            return { certPem: `-----BEGIN CERTIFICATE-----\nplan-certificate-${name}\n-----END CERTIFICATE-----\n` };
        case "kubernetes:helm.sh/v3:Release":
            return { status: { status: "deployed" } };
        default:
            return {};
    }
}

const mocks: pulumi.runtime.Mocks = {
    newResource: (args) => ({
        id: `${args.name}-id`,
        state: { ...args.inputs, ...computedState(args.type, args.name) },
    }),
    call: (args) => {
        throw new Error(`the plan cannot evaluate ${args.token} without credentials`);
    },
};

// Provider references travel as "<urn>::<id>"; the plan names providers by URN.
function providerUrn(reference: string): string | undefined {
    if (reference === "") {
        return undefined;
    }
    const separator = reference.lastIndexOf("::");
    return separator > 0 ? reference.slice(0, separator) : reference;
}

export async function evaluateStack(args: EvaluateArgs): Promise<Plan> {
    forgetProgramModules(args.projectDir);
    return evaluateProgram(args, () => require(path.join(args.projectDir, "index.ts")));
}

// Runs any program function under the recording mocks: the whole stack above,
// or a single component in a test.
export async function evaluateProgram(
    args: Omit<EvaluateArgs, "projectDir">,
    program: () => unknown,
): Promise<Plan> {
    await pulumi.runtime.setMocks(mocks, args.project, args.stack, false);
    pulumi.runtime.setAllConfig(args.stackConfig.config, args.stackConfig.secretKeys);

    const resources: PlannedResource[] = [];
    const outputsByUrn = new Map<string, Record<string, unknown>>();
    // The monitor is the SDK's boundary to the engine: what passes here is the deployment.
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorHooks;
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) =>
        registerResource(request, (error, response) => {
            if (!error && response) {
                resources.push(recordResource(request, response.getUrn()));
            }
            callback(error, response);
        });
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (request, callback) => {
        outputsByUrn.set(request.getUrn(), fromWire(request.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>);
        return registerOutputs(request, callback);
    };

    await pulumi.runtime.runInPulumiStack(async () => program());
    // Drains every registration still in flight before the plan is read.
    await pulumi.runtime.disconnect();

    const stack = resources.find((r) => r.type === "pulumi:pulumi:Stack");
    return {
        project: args.project,
        stack: args.stack,
        resources: resources.filter((r) => r !== stack),
        outputs: (stack && outputsByUrn.get(stack.urn)) ?? {},
    };
}

// Each evaluation must run the program afresh, not reuse modules from the last one.
function forgetProgramModules(projectDir: string): void {
    const kept = [path.join(projectDir, "node_modules"), __dirname];
    for (const file of Object.keys(require.cache)) {
        if (file.startsWith(projectDir) && !kept.some((dir) => file.startsWith(dir))) {
            delete require.cache[file];
        }
    }
}

function recordResource(request: RegisterResourceRequest, urn: string): PlannedResource {
    const parent = request.getParent();
    return {
        urn,
        type: request.getType(),
        name: request.getName(),
        custom: request.getCustom(),
        ...(parent ? { parent } : {}),
        ...(request.getCustom() ? { provider: providerUrn(request.getProvider()) } : {}),
        dependencies: [...new Set(request.getDependenciesList())].sort(),
        protect: request.getProtect() === true,
        ...(request.getAdditionalsecretoutputsList().length > 0
            ? { additionalSecretOutputs: [...request.getAdditionalsecretoutputsList()].sort() }
            : {}),
        inputs: fromWire(request.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
    };
}

// The parts of the gRPC request and monitor the recorder reads (see proto/resource.proto).
interface RegisterResourceRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getDependenciesList(): string[];
    getProtect(): boolean | undefined;
    getAdditionalsecretoutputsList(): string[];
    getObject(): { toJavaScript(): unknown } | undefined;
}

interface RegisterResourceOutputsRequest {
    getUrn(): string;
    getOutputs(): { toJavaScript(): unknown } | undefined;
}

type Callback<T> = (error: Error | null, response?: T) => void;

interface MonitorHooks {
    registerResource(request: RegisterResourceRequest, callback: Callback<{ getUrn(): string }>): void;
    registerResourceOutputs(request: RegisterResourceOutputsRequest, callback: Callback<unknown>): void;
}
