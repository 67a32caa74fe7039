// `npm run plan` as a user runs it: a child process, files on disk, exit codes.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { readStackFile } from "../tools/plan/stack-file";
import { committedStacks, generatedSecretStandIns, project, projectDir } from "./support/plan";

function runPlan(...args: string[]) {
    return runPlanFrom(projectDir, ...args);
}

function runPlanFrom(cwd: string, ...args: string[]) {
    const plan = path.join(projectDir, "tools", "plan");
    const result = spawnSync(process.execPath, ["--require", path.join(plan, "register-typescript.js"), path.join(plan, "main.ts"), ...args], {
        cwd,
        encoding: "utf8",
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temporaryDirectories: string[] = [];
after(() => temporaryDirectories.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function temporaryFile(name: string, text: string): string {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "imaging-plan-"));
    temporaryDirectories.push(directory);
    const file = path.join(directory, name);
    fs.writeFileSync(file, text);
    return file;
}

function localStackWith(edit: (site: Record<string, any>) => void, extraConfig: Record<string, unknown> = {}): string {
    const document = YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.local.yaml"), "utf8"));
    edit(document.config["imaging-platform:site"]);
    Object.assign(document.config, extraConfig);
    return temporaryFile("Pulumi.copy.yaml", YAML.stringify(document));
}

// What the user sees for a mistake: exactly these lines on stderr, no stack trace.
function assertFails(result: ReturnType<typeof runPlan>, status: number, ...lines: string[]) {
    assert.equal(result.status, status, result.stderr);
    assert.doesNotMatch(result.stderr, /^    at /m, "no stack trace");
    assert.deepEqual(result.stderr.split("\n").slice(0, lines.length), lines);
}

describe("npm run plan", () => {
    const stack = "plan-test";
    const out = path.join(projectDir, ".plan", stack);
    after(() => fs.rmSync(out, { recursive: true, force: true }));

    it("writes resources, manifests and outputs for a stack, and prints the tree", () => {
        const result = runPlan(stack, "--stack-file", path.join(projectDir, "Pulumi.local.yaml"));
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, new RegExp(`^stack ${stack}: \\d+ resources`, "m"));
        assert.match(result.stdout, /imaging:orthanc:Orthanc "orthanc"/);
        assert.match(result.stdout, /1 x kubernetes:postgresql\.cnpg\.io\/v1:Cluster/);

        const resources = JSON.parse(fs.readFileSync(path.join(out, "resources.json"), "utf8"));
        const cluster = resources.find((r: any) => r.type === "kubernetes:postgresql.cnpg.io/v1:Cluster");
        assert.ok(cluster.parent && cluster.provider && cluster.dependencies.length > 0 && cluster.inputs.spec);

        const manifests = fs.readdirSync(path.join(out, "manifests"));
        for (const expected of [
            "imaging-cluster-orthanc-db.yaml",
            "imaging-deployment-orthanc.yaml",
            "imaging-configmap-orthanc-config.yaml",
            "helm-cnpg-system-cloudnative-pg.yaml",
        ]) {
            assert.ok(manifests.includes(expected), `${expected} missing from ${manifests.join(", ")}`);
        }
        const helm = YAML.parse(fs.readFileSync(path.join(out, "manifests", "helm-cnpg-system-cloudnative-pg.yaml"), "utf8"));
        assert.deepEqual(Object.keys(helm).sort(), ["chart", "namespace", "release", "repository", "values", "version"]);
        const configMap = fs.readFileSync(path.join(out, "manifests", "imaging-configmap-orthanc-config.yaml"), "utf8");
        assert.match(configMap, /orthanc\.json: \|/, "embedded JSON stays readable");

        const outputs = JSON.parse(fs.readFileSync(path.join(out, "outputs.json"), "utf8"));
        assert.equal(outputs.signIn.accounts.breakGlass.password, "[secret]");
        assert.equal(outputs.siteName, "local");
    });

    it("never writes a generated secret into the plan", () => {
        const text = ["resources.json", "outputs.json", ...fs.readdirSync(path.join(out, "manifests")).map((f) => `manifests/${f}`)]
            .map((f) => fs.readFileSync(path.join(out, f), "utf8"))
            .join("\n");
        for (const standIn of generatedSecretStandIns) {
            assert.ok(!text.includes(standIn), `${standIn} appears in the written plan`);
        }
    });

    it("fails with the key-naming message on a bad value, naming the file, writing nothing", () => {
        const file = localStackWith((site) => (site.orthanc.replicas = -1));
        const result = runPlan("bad-value", "--stack-file", file);
        assertFails(result, 1, `error: ${file}: site.orthanc.replicas: -1 is not allowed; expected an integer >= 1`, "");
        assert.equal(fs.existsSync(path.join(projectDir, ".plan", "bad-value")), false);
    });

    it("names a key set beside site, and how to set it", () => {
        const file = localStackWith(() => undefined, { "imaging-platform:orthanc.replicas": "3" });
        assertFails(
            runPlan("stray-key", "--stack-file", file),
            1,
            `error: ${file}: imaging-platform:orthanc.replicas is not a setting; settings live under site, set it with: pulumi config set --path 'site.orthanc.replicas' 3`,
            "",
        );
    });

    it("names the stack file that has no site", () => {
        const file = temporaryFile("nosite.yaml", 'config:\n  pulumi:disable-default-providers: ["*"]\n');
        assertFails(
            runPlan("local", `--stack-file=${file}`),
            1,
            `error: ${file}: site: missing; expected the key imaging-platform:site in the stack's configuration (see Pulumi.local.yaml)`,
            "",
        );
    });

    it("resolves a relative kubeconfig from the project directory, as Pulumi does, wherever it is started", () => {
        const file = localStackWith((site) => (site.existing = { kubeconfig: "clusters/no-such.yaml", context: "site-a" }));
        assertFails(
            runPlanFrom(os.tmpdir(), "kubeconfig", "--stack-file", file),
            1,
            `error: ${file}: site.existing.kubeconfig: "clusters/no-such.yaml" is not allowed; expected a kubeconfig file ` +
                `(resolved to ${path.join(projectDir, "clusters", "no-such.yaml")}, which does not exist)`,
            "",
        );
    });

    it("gives the file, line and column of a YAML syntax error", () => {
        const file = temporaryFile("Pulumi.broken.yaml", "config:\n  imaging-platform:site:\n    name: a\n    name: b\n");
        assertFails(runPlan("broken", "--stack-file", file), 1, `error: ${file}:4:5: Map keys must be unique`, "");
    });

    it("names the stack file it looked for and the stacks there are", () => {
        const result = runPlan("nosuch");
        assertFails(
            result,
            2,
            `error: no stack nosuch: ${path.join(projectDir, "Pulumi.nosuch.yaml")} does not exist (stacks: ${committedStacks().join(", ")})`,
            "",
        );
    });

    it("names a --stack-file that does not exist", () => {
        const missing = path.join(os.tmpdir(), "imaging-plan-no-such-dir", "proposed.yaml");
        assertFails(runPlan("local", "--stack-file", missing), 2, `error: --stack-file ${missing}: no such file`, "");
    });

    const usageErrors: Array<[string, string[], string]> = [
        ["a missing stack name", [], "missing the stack name"],
        ["an unknown option", ["local", "--verbose"], "unknown option --verbose"],
        ["--stack-file without a file", ["local", "--stack-file"], "--stack-file needs a file"],
        ["--stack-file= without a file", ["local", "--stack-file="], "--stack-file needs a file"],
        ["a second stack", ["local", "other"], "unexpected argument other (the stack is local)"],
    ];
    for (const [label, args, message] of usageErrors) {
        it(`says what is wrong, then the usage, for ${label}`, () => {
            assertFails(runPlan(...args), 2, `error: ${message}`, "usage: npm run plan -- <stack> [--stack-file <file>]");
        });
    }
});

describe("npm run plan --stack-file=<file>", () => {
    const stack = "plan-test-equals";
    after(() => fs.rmSync(path.join(projectDir, ".plan", stack), { recursive: true, force: true }));

    it("reads the file like --stack-file <file>", () => {
        const file = localStackWith((site) => (site.name = "equals-form"));
        const result = runPlan(stack, `--stack-file=${file}`);
        assert.equal(result.status, 0, result.stderr);
        const outputs = JSON.parse(fs.readFileSync(path.join(projectDir, ".plan", stack, "outputs.json"), "utf8"));
        assert.equal(outputs.siteName, "equals-form");
    });
});

describe("the plan's deferred SDK modules", () => {
    it("still load for real when the SDK serializes a function", () => {
        const script = [
            'require("./tools/plan/defer-closure-modules.ts");',
            'const pulumi = require("@pulumi/pulumi");',
            "const answer = 41;",
            "pulumi.runtime.serializeFunction(() => answer + 1).then((f) => console.log(f.text.includes('answer + 1')));",
        ].join("\n");
        const result = spawnSync(process.execPath, ["--require", "./tools/plan/register-typescript.js", "-e", script], { cwd: projectDir, encoding: "utf8" });
        assert.equal(result.stdout.trim(), "true", result.stderr);
    });
});

describe("stack files", () => {
    it("turn secure values into placeholders and mark their keys secret", () => {
        const file = localStackWith(() => undefined, {
            "imaging-platform:objectStoreSecretAccessKey": { secure: "v1:AAAAbase64ciphertext" },
            "imaging-platform:nested": { inner: { secure: "v1:BBBB" }, plain: 1 },
        });
        const { config, secretKeys } = readStackFile(file, project);
        assert.equal(config["imaging-platform:objectStoreSecretAccessKey"], "[secret imaging-platform:objectStoreSecretAccessKey]");
        assert.deepEqual(JSON.parse(config["imaging-platform:nested"]), { inner: "[secret imaging-platform:nested.inner]", plain: 1 });
        assert.deepEqual(secretKeys.sort(), ["imaging-platform:nested", "imaging-platform:objectStoreSecretAccessKey"]);
        assert.doesNotMatch(JSON.stringify(config), /v1:/);
    });

    it("namespace bare keys under the project, like the Pulumi CLI", () => {
        const file = localStackWith(() => undefined, { objectStoreConnectionString: "x" });
        assert.equal(readStackFile(file, project).config["imaging-platform:objectStoreConnectionString"], "x");
    });
});
