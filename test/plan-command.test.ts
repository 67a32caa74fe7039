// The plan command's own parts, in this process: its command line, the tree it
// prints, the files it writes and how it reads a stack file. test/plan.test.ts runs the whole command as a user would, in a child
// process, where a mutation test cannot see which of these lines ran.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import * as pulumi from "@pulumi/pulumi";
import { parseArguments, UsageError } from "../tools/plan/arguments";
import { writePlan } from "../tools/plan/artifacts";
import { ciphertextDigest, readStackFile, stackNames, StackFileError } from "../tools/plan/stack-file";
import { evaluateProgram, type Plan, type PlannedResource } from "../tools/plan/evaluate";
import { fromWire } from "../tools/plan/masking";
import { summarize } from "../tools/plan/summary";

describe("the plan's command line", () => {
    const accepted: Array<[string[], ReturnType<typeof parseArguments>]> = [
        [["local"], { help: false, stack: "local" }],
        [["local", "--stack-file", "proposed.yaml"], { help: false, stack: "local", stackFile: "proposed.yaml" }],
        [["--stack-file=proposed.yaml", "local"], { help: false, stack: "local", stackFile: "proposed.yaml" }],
        [["--help"], { help: true }],
        [["-h", "local"], { help: true }],
        [["local", "--help", "--unknown"], { help: true }],
    ];
    for (const [argv, expected] of accepted) {
        it(`reads ${JSON.stringify(argv)}`, () => {
            assert.deepEqual(parseArguments(argv), expected);
        });
    }

    const refused: Array<[string[], string]> = [
        [[], "missing the stack name"],
        [["--stack-file", "a.yaml"], "missing the stack name"],
        [["local", "--stack-file"], "--stack-file needs a file"],
        [["local", "--stack-file="], "--stack-file needs a file"],
        [["local", "--stack-file", "a.yaml", "--stack-file=b.yaml"], "--stack-file given twice (a.yaml and b.yaml)"],
        [["local", "--stack"], "unknown option --stack"],
        [["local", "-v"], "unknown option -v"],
        [["local", "azure"], "unexpected argument azure (the stack is local)"],
    ];
    for (const [argv, message] of refused) {
        it(`refuses ${JSON.stringify(argv)}: ${message}`, () => {
            assert.throws(
                () => parseArguments(argv),
                (error: unknown) => error instanceof UsageError && error.name === "UsageError" && error.message === message,
            );
        });
    }
});

describe("the tree the plan prints", () => {
    const resource = (urn: string, type: string, custom: boolean, parent?: string): PlannedResource => ({
        urn,
        type,
        name: urn.split("::").pop() as string,
        custom,
        ...(parent ? { parent } : {}),
        dependencies: [],
        protect: false,
        inputs: {},
    });
    const stackUrn = "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s";
    const platform = "urn:pulumi:s::p::test:x:Platform::platform";
    const database = "urn:pulumi:s::p::test:x:Platform$test:x:Database::db";
    const plan: Plan = {
        project: "p",
        stack: "s",
        outputs: {},
        resources: [
            resource("urn:pulumi:s::p::pulumi:providers:kubernetes::k8s", "pulumi:providers:kubernetes", true, stackUrn),
            resource(platform, "test:x:Platform", false, stackUrn),
            resource(`${platform}$kubernetes:core/v1:Secret::b`, "kubernetes:core/v1:Secret", true, platform),
            resource(`${platform}$kubernetes:core/v1:Namespace::a`, "kubernetes:core/v1:Namespace", true, platform),
            resource(`${platform}$kubernetes:core/v1:Secret::a`, "kubernetes:core/v1:Secret", true, platform),
            resource(database, "test:x:Database", false, platform),
            resource(`${database}$kubernetes:core/v1:Service::rw`, "kubernetes:core/v1:Service", true, database),
        ],
    };

    it("counts each component's resources by type, sorted, then walks its components", () => {
        assert.equal(
            summarize(plan),
            [
                "stack s: 7 resources",
                "  1 x pulumi:providers:kubernetes",
                '  test:x:Platform "platform"',
                "    1 x kubernetes:core/v1:Namespace",
                "    2 x kubernetes:core/v1:Secret",
                '    test:x:Database "db"',
                "      1 x kubernetes:core/v1:Service",
            ].join("\n"),
        );
    });
});

describe("the files the plan writes", () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "plan-artifacts-"));
    after(() => fs.rmSync(directory, { recursive: true, force: true }));
    const object = (name: string, type: string, inputs: Record<string, unknown>): PlannedResource => ({
        urn: `urn:pulumi:s::p::${type}::${name}`,
        type,
        name,
        custom: true,
        dependencies: [],
        protect: false,
        inputs,
    });
    const plan: Plan = {
        project: "p",
        stack: "s",
        outputs: { siteName: "s", password: "[secret]" },
        resources: [
            object("cfg", "kubernetes:core/v1:ConfigMap", {
                apiVersion: "v1",
                kind: "ConfigMap",
                metadata: { name: "cfg", namespace: "imaging" },
                data: { "orthanc.json": '{\n  "Name": "x"\n}\n' },
            }),
            object("ns", "kubernetes:core/v1:Namespace", { apiVersion: "v1", kind: "Namespace", metadata: { name: "imaging" } }),
            object("stack", "kubernetes:helm.sh/v3:Release", {
                name: "monitoring-stack",
                namespace: "monitoring",
                chart: "kube-prometheus-stack",
                version: "1.2.3",
                repositoryOpts: { repo: "https://example.test/charts" },
            }),
            // Not a Kubernetes object: no manifest.
            object("key", "tls:index/privateKey:PrivateKey", { algorithm: "RSA" }),
        ],
    };
    let written: ReturnType<typeof writePlan>;
    before(() => {
        // What a previous plan left behind is gone.
        fs.mkdirSync(path.join(directory, "manifests"), { recursive: true });
        fs.writeFileSync(path.join(directory, "manifests", "stale.yaml"), "old");
        written = writePlan(plan, directory);
    });

    it("names each manifest after namespace, kind and name, 'cluster' for cluster-wide objects, and lists them sorted", () => {
        const expected = ["cluster-namespace-imaging.yaml", "helm-monitoring-monitoring-stack.yaml", "imaging-configmap-cfg.yaml"];
        assert.deepEqual(written, { directory, manifestFiles: expected });
        assert.deepEqual(fs.readdirSync(path.join(directory, "manifests")).sort(), expected);
    });

    it("writes embedded files as literal blocks, readable in a diff", () => {
        assert.equal(
            fs.readFileSync(path.join(directory, "manifests", "imaging-configmap-cfg.yaml"), "utf8"),
            ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: cfg", "  namespace: imaging", "data:", "  orthanc.json: |", "    {", '      "Name": "x"', "    }", ""].join("\n"),
        );
    });

    it("writes a Helm release as its chart, pinned version, repository and values (none: an empty mapping)", () => {
        assert.deepEqual(YAML.parse(fs.readFileSync(path.join(directory, "manifests", "helm-monitoring-monitoring-stack.yaml"), "utf8")), {
            release: "monitoring-stack",
            namespace: "monitoring",
            chart: "kube-prometheus-stack",
            repository: "https://example.test/charts",
            version: "1.2.3",
            values: {},
        });
    });

    it("writes the resources and the outputs as JSON files ending in a newline", () => {
        assert.equal(fs.readFileSync(path.join(directory, "outputs.json"), "utf8"), `${JSON.stringify(plan.outputs, null, 2)}\n`);
        assert.deepEqual(JSON.parse(fs.readFileSync(path.join(directory, "resources.json"), "utf8")), plan.resources);
    });

    it("refuses two objects that would share a manifest file", () => {
        const twice: Plan = { ...plan, resources: [plan.resources[1], plan.resources[1]] };
        assert.throws(() => writePlan(twice, path.join(directory, "twice")), /^Error: two manifests would be written to cluster-namespace-imaging\.yaml$/);
    });
});

describe("reading a stack file", () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "plan-stack-files-"));
    after(() => fs.rmSync(directory, { recursive: true, force: true }));
    const file = (name: string, text: string) => {
        const full = path.join(directory, name);
        fs.writeFileSync(full, text);
        return full;
    };

    const refused: Array<[string, string, string]> = [
        ["a list at the top", "- a\n- b\n", "Pulumi.list.yaml: expected a mapping with a config key, as in Pulumi.local.yaml"],
        ["config as a list", "config:\n  - a\n", "Pulumi.list.yaml: config: expected a mapping of keys to values"],
        ["a YAML syntax error", "config:\n  site: {a: 1\n", "Pulumi.list.yaml:3:1: Flow map in block collection must be sufficiently indented and end with a }"],
    ];
    for (const [what, text, message] of refused) {
        it(`names the file and what is wrong for ${what}`, () => {
            const full = file("Pulumi.list.yaml", text);
            assert.throws(
                () => readStackFile(full, "p", "Pulumi.list.yaml"),
                (error: unknown) => error instanceof StackFileError && error.name === "StackFileError" && error.message === message,
            );
        });
    }

    it("turns every secure value into a placeholder that names it, in lists and mappings, and nothing else", () => {
        const full = file(
            "secure-values.yaml",
            [
                "config:",
                "  p:key: {secure: v1:AAAA}",
                "  p:list: [plain, {secure: v1:BBBB}, null]",
                "  p:plainList: [1, two]",
                "  p:nested: {inner: {secure: v1:CCCC}, plain: 1, none: null}",
                // Not Pulumi's secure form: a second key, or a value that is not text.
                "  p:lookalike: {secure: v1:DDDD, other: 1}",
                "  p:number: {secure: 5}",
                "  bare: {secure: v1:EEEE}",
                "",
            ].join("\n"),
        );
        assert.deepEqual(readStackFile(full, "p"), {
            config: {
                "p:key": "[secret p:key]",
                "p:list": JSON.stringify(["plain", "[secret p:list[1]]", null]),
                "p:plainList": JSON.stringify([1, "two"]),
                "p:nested": JSON.stringify({ inner: "[secret p:nested.inner]", plain: 1, none: null }),
                "p:lookalike": JSON.stringify({ secure: "v1:DDDD", other: 1 }),
                "p:number": JSON.stringify({ secure: 5 }),
                "p:bare": "[secret p:bare]",
            },
            secretKeys: ["p:key", "p:list", "p:nested", "p:bare"],
            // Of each ciphertext, by the key the placeholder names: the lookalikes are not secrets.
            secretDigests: {
                "p:key": ciphertextDigest("v1:AAAA"),
                "p:list[1]": ciphertextDigest("v1:BBBB"),
                "p:nested.inner": ciphertextDigest("v1:CCCC"),
                "p:bare": ciphertextDigest("v1:EEEE"),
            },
        });
    });

    it("names a file that does not exist as the user wrote it", () => {
        assert.throws(() => readStackFile(path.join(directory, "nothing.yaml"), "p", "nothing.yaml"), /^StackFileError: nothing\.yaml: no such file$/);
    });

    it("lists the stacks that have a file beside Pulumi.yaml, and nothing that only looks like one", () => {
        for (const name of ["Pulumi.yaml", "Pulumi.zeta.yaml", "Pulumi.alpha.yaml", "xPulumi.beta.yaml", "Pulumi.gamma.yaml.bak"]) {
            file(name, "config: {}\n");
        }
        assert.deepEqual(stackNames(directory), ["alpha", "list", "zeta"]);
    });
});

describe("the plan's reading of the wire form", () => {
    // Pulumi's wire signatures (sdk/nodejs/runtime/rpc.ts), written out here so that a
    // wrong constant in the reader shows.
    const sig = "4dabf18193072939515e22adb298388d";
    const secret = (value: unknown) => ({ [sig]: "1b47061264138c4ac30d75fd1eb44270", value });
    const resourceReference = (urn: string) => ({ [sig]: "5cf8f73096256a8f31e491e813e4eb8e", urn });
    const outputValue = (fields: Record<string, unknown>) => ({ [sig]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", ...fields });
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

    const cases: Array<[string, unknown, unknown]> = [
        ["a value not known before the deployment", { a: unknown }, { a: "[computed]" }],
        ["a secret mapping, which keeps its keys", secret({ username: "u", password: "p" }), { username: "[secret]", password: "[secret]" }],
        ["a secret list inside a mapping", { keys: secret(["a", { b: "c" }]) }, { keys: ["[secret]", { b: "[secret]" }] }],
        ["a secret holding a resource reference, masked whole", secret({ ref: resourceReference("urn:x") }), { ref: "[secret]" }],
        ["a resource reference", { ref: resourceReference("urn:pulumi:s::p::t::n") }, { ref: { resource: "urn:pulumi:s::p::t::n" } }],
        ["a secret output with its value", outputValue({ secret: true, value: { k: "v" } }), { k: "[secret]" }],
        ["a secret output without its value", outputValue({ secret: true }), "[secret]"],
        ["a plain output with its value", outputValue({ value: [1, { n: unknown }] }), [1, { n: "[computed]" }]],
        ["a plain output without its value", outputValue({}), "[computed]"],
        ["plain data", { a: [1, "two", null, { b: false }] }, { a: [1, "two", null, { b: false }] }],
    ];
    for (const [what, wire, expected] of cases) {
        it(`reads ${what}`, () => {
            assert.deepEqual(fromWire(wire), expected);
        });
    }
});

describe("a look-up under the plan", () => {
    it("is refused, naming the function, rather than answered with an invention", async () => {
        await assert.rejects(
            evaluateProgram({ project: "p", stack: "lookups", stackConfig: { config: {}, secretKeys: [] } }, () =>
                pulumi.runtime.invoke("aws:ec2/getAmi:getAmi", { owners: ["amazon"] }),
            ),
            /the plan cannot evaluate aws:ec2\/getAmi:getAmi without credentials/,
        );
    });
});
