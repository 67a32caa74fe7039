// Runs a program under Pulumi's mocks and records each request exactly as the SDK
// hands it to the engine: type or token, inputs on the wire (secrets still
// marked), provider reference, plugin version and additional secret outputs.
// The plan (tools/plan/evaluate.ts) keeps none of the plugin versions, which a
// binding without an SDK package has to send itself.
import * as pulumi from "@pulumi/pulumi";

export interface RecordedRegistration {
    kind: "register" | "read";
    type: string;
    name: string;
    urn: string;
    // "<provider urn>::<provider id>", or "" for the default provider.
    provider: string;
    version: string;
    additionalSecretOutputs: string[];
    // The request's inputs as serialised: a secret is a {sig, value} envelope.
    wire: Record<string, unknown>;
    id?: string;
}

export interface RecordedInvoke {
    token: string;
    provider: string;
    version: string;
    wire: Record<string, unknown>;
}

export interface Recording {
    registrations: RecordedRegistration[];
    invokes: RecordedInvoke[];
}

interface WireStruct {
    toJavaScript(): Record<string, unknown>;
}
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getProvider(): string;
    getVersion(): string;
    getAdditionalsecretoutputsList(): string[];
    getObject(): WireStruct | undefined;
}
interface ReadRequest {
    getType(): string;
    getName(): string;
    getId(): string;
    getProvider(): string;
    getVersion(): string;
    getAdditionalsecretoutputsList(): string[];
    getProperties(): WireStruct | undefined;
}
interface InvokeRequest {
    getTok(): string;
    getProvider(): string;
    getVersion(): string;
    getArgs(): WireStruct | undefined;
}
type Callback = (error: unknown, response: { getUrn(): string } | undefined) => void;
interface Monitor {
    registerResource(request: RegisterRequest, callback: Callback): void;
    readResource(request: ReadRequest, callback: Callback): void;
    invoke(request: InvokeRequest, callback: (error: unknown, response: unknown) => void): void;
}

/** A value the engine receives marked secret: the SDK's envelope around it. */
export function isSecretEnvelope(value: unknown): value is { value: unknown } {
    return (
        value !== null &&
        typeof value === "object" &&
        (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig
    );
}

export async function recordEngine(
    results: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>,
    program: () => unknown,
): Promise<Recording> {
    const mocks: pulumi.runtime.Mocks = {
        // State is the inputs: what a provider echoes back for what it was given.
        newResource: (args) => ({ id: args.id || `${args.name}-id`, state: args.inputs }),
        call: (args) => {
            const result = results[args.token];
            if (!result) {
                throw new Error(`no canned result for ${args.token}`);
            }
            return result(args.inputs);
        },
    };
    await pulumi.runtime.setMocks(mocks, "project", "stack", false);
    const recording: Recording = { registrations: [], invokes: [] };
    const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;

    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) =>
        register(request, (error, response) => {
            if (!error && response) {
                recording.registrations.push({
                    kind: "register",
                    type: request.getType(),
                    name: request.getName(),
                    urn: response.getUrn(),
                    provider: request.getProvider(),
                    version: request.getVersion(),
                    additionalSecretOutputs: [...request.getAdditionalsecretoutputsList()],
                    wire: request.getObject()?.toJavaScript() ?? {},
                });
            }
            callback(error, response);
        });
    const read = monitor.readResource.bind(monitor);
    monitor.readResource = (request, callback) =>
        read(request, (error, response) => {
            if (!error && response) {
                recording.registrations.push({
                    kind: "read",
                    type: request.getType(),
                    name: request.getName(),
                    urn: response.getUrn(),
                    id: request.getId(),
                    provider: request.getProvider(),
                    version: request.getVersion(),
                    additionalSecretOutputs: [...request.getAdditionalsecretoutputsList()],
                    wire: request.getProperties()?.toJavaScript() ?? {},
                });
            }
            callback(error, response);
        });
    const invoke = monitor.invoke.bind(monitor);
    monitor.invoke = (request, callback) => {
        recording.invokes.push({
            token: request.getTok(),
            provider: request.getProvider(),
            version: request.getVersion(),
            wire: request.getArgs()?.toJavaScript() ?? {},
        });
        invoke(request, callback);
    };

    await pulumi.runtime.runInPulumiStack(async () => {
        await program();
    });
    // Drains every registration still in flight.
    await pulumi.runtime.disconnect();
    return recording;
}
