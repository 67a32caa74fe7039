// Evaluates the program for one stack under Pulumi's mocks: no credentials, no
// cluster, no CLI. The program runs unchanged; the evaluation records exactly what
// the SDK would send to the engine (each resource's type, parent, provider,
// dependencies, options and inputs) by listening on the mock resource monitor.
import { standInPublicKeyPem } from "./stand-in-public-key";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { planResourceStandIns, planStandIns } from "../../stacks/sites/plan-stand-ins";
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
    // Properties whose changes the engine leaves alone on an existing resource (its `ignoreChanges` option).
    ignoreChanges?: string[];
    // URNs this resource had before a rename (its `aliases` option): the engine
    // adopts the resource under such a URN instead of replacing it.
    aliases?: string[];
    inputs: Record<string, unknown>;
}

export interface Plan {
    project: string;
    stack: string;
    resources: PlannedResource[];
    outputs: Record<string, unknown>;
    /** The digest of each `secure:` value's ciphertext, by key (stack-file.ts): never of a value. */
    secretDigests?: Record<string, string>;
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
            return { privateKeyPem: "plan-private-key", privateKeyPemPkcs8: "plan-private-key", publicKeyPem: standInPublicKeyPem };
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
        state: { ...args.inputs, ...planResourceStandIns[args.type]?.(args.name, args.inputs), ...computedState(args.type, args.name) },
    }),
    call: (args) => {
        const standIn = planStandIns[args.token];
        if (standIn !== undefined) {
            return standIn(args.inputs);
        }
        const message = `the plan cannot evaluate ${args.token} without credentials`;
        // The SDK passes a failed call on as a new Error of the gRPC error's `details`
        // (runtime/invoke.js): without them the user would read only "Error".
        throw Object.assign(new Error(message), { details: message });
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
    const engineUrns = new EngineUrns(args);
    const outputsByUrn = new Map<string, Record<string, unknown>>();
    // The monitor is the SDK's boundary to the engine: what passes here is the deployment.
    const monitor = pulumi.runtime.getMonitor() as unknown as MonitorHooks;
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) =>
        registerResource(request, (error, response) => {
            if (!error && response) {
                resources.push(recordResource(request, engineUrns.register(request, response.getUrn()), engineUrns, args));
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
        ...(args.stackConfig.secretDigests !== undefined ? { secretDigests: args.stackConfig.secretDigests } : {}),
    };
}

// Each evaluation must run the program afresh, not reuse modules from the last one.
// A module that stays (this one, a test's) still lists the forgotten ones among its
// children, and so would keep every earlier run's program alive: about 6 MB for
// each evaluation of a cloud stack, in a process that evaluates hundreds.
function forgetProgramModules(projectDir: string): void {
    const kept = [path.join(projectDir, "node_modules"), __dirname];
    const forgotten = new Set<NodeJS.Module>();
    for (const [file, cached] of Object.entries(require.cache)) {
        if (file.startsWith(projectDir) && !kept.some((dir) => file.startsWith(dir))) {
            if (cached) {
                forgotten.add(cached);
            }
            delete require.cache[file];
        }
    }
    for (const cached of Object.values(require.cache)) {
        if (cached?.children?.some((child) => forgotten.has(child))) {
            cached.children = cached.children.filter((child) => !forgotten.has(child));
        }
    }
}

// The mock monitor names a child after its parent's own type only; the engine
// after every ancestor's type ("a$b$c"). The plan uses the engine's URNs, the
// ones a live site's state holds, so that they can be compared with it.
class EngineUrns {
    private readonly byMockUrn = new Map<string, string>();

    constructor(private readonly target: { project: string; stack: string }) {}

    register(request: RegisterResourceRequest, mockUrn: string): string {
        const urn = resourceUrn({ ...this.target, parent: this.of(request.getParent()), type: request.getType(), name: request.getName() });
        this.byMockUrn.set(mockUrn, urn);
        return urn;
    }

    of(mockUrn: string): string {
        if (mockUrn === "") {
            return "";
        }
        const urn = this.byMockUrn.get(mockUrn);
        if (urn === undefined) {
            throw new Error(`the plan saw no registration of ${mockUrn}`);
        }
        return urn;
    }
}

function recordResource(request: RegisterResourceRequest, urn: string, engineUrns: EngineUrns, target: { project: string; stack: string }): PlannedResource {
    const parent = engineUrns.of(request.getParent());
    const provider = providerUrn(request.getProvider());
    const aliases = request.getAliasesList().map((alias) => aliasUrn(alias, { type: request.getType(), name: request.getName(), parent }, engineUrns, target));
    return {
        urn,
        type: request.getType(),
        name: request.getName(),
        custom: request.getCustom(),
        ...(parent ? { parent } : {}),
        ...(request.getCustom() ? { provider: provider === undefined ? undefined : engineUrns.of(provider) } : {}),
        dependencies: [...new Set(request.getDependenciesList().map((dependency) => engineUrns.of(dependency)))].sort(),
        protect: request.getProtect() === true,
        ...(request.getAdditionalsecretoutputsList().length > 0
            ? { additionalSecretOutputs: [...request.getAdditionalsecretoutputsList()].sort() }
            : {}),
        ...(request.getIgnorechangesList().length > 0 ? { ignoreChanges: [...request.getIgnorechangesList()] } : {}),
        ...(aliases.length > 0 ? { aliases: aliases.sort() } : {}),
        inputs: fromWire(request.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
    };
}

// The URN an alias names: given whole, or as a spec whose empty fields are the resource's own.
function aliasUrn(
    alias: AliasMessage,
    own: { type: string; name: string; parent: string },
    engineUrns: EngineUrns,
    target: { project: string; stack: string },
): string {
    const spec = alias.getSpec();
    if (!spec) {
        return alias.getUrn();
    }
    const parent = spec.getNoparent() ? "" : spec.getParenturn() ? engineUrnOrGiven(engineUrns, spec.getParenturn()) : own.parent;
    return resourceUrn({
        stack: spec.getStack() || target.stack,
        project: spec.getProject() || target.project,
        parent,
        type: spec.getType() || own.type,
        name: spec.getName() || own.name,
    });
}

// An alias may name a parent that this program no longer declares: its URN is taken as given.
function engineUrnOrGiven(engineUrns: EngineUrns, urn: string): string {
    try {
        return engineUrns.of(urn);
    } catch {
        return urn;
    }
}

// The engine's URN: the types of every ancestor below the stack, joined by "$", then the name.
export function resourceUrn(at: { stack: string; project: string; parent: string; type: string; name: string }): string {
    const parentType = at.parent ? at.parent.split("::")[2] : undefined;
    const qualifiedType = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${at.type}` : at.type;
    return `urn:pulumi:${at.stack}::${at.project}::${qualifiedType}::${at.name}`;
}

interface AliasMessage {
    getUrn(): string;
    getSpec():
        | { getName(): string; getType(): string; getStack(): string; getProject(): string; getParenturn(): string; getNoparent(): boolean }
        | undefined;
}

// The parts of the gRPC request and monitor the recorder reads (see proto/resource.proto).
interface RegisterResourceRequest {
    getAliasesList(): AliasMessage[];
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getDependenciesList(): string[];
    getProtect(): boolean | undefined;
    getAdditionalsecretoutputsList(): string[];
    getIgnorechangesList(): string[];
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
