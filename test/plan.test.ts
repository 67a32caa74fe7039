// `npm run plan` as a user runs it: a child process, files on disk, exit codes.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { readStackFile } from "../stacks/plan/stack-file";
import { projectDir } from "./support/plan";

function runPlan(...args: string[]) {
    const result = spawnSync(process.execPath, ["--require", "./stacks/plan/register-typescript.js", "stacks/plan/main.ts", ...args], {
        cwd: projectDir,
        encoding: "utf8",
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temporaryDirectories: string[] = [];
after(() => temporaryDirectories.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function localStackWith(edit: (site: Record<string, any>) => void, extraConfig: Record<string, unknown> = {}): string {
    const document = YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.local.yaml"), "utf8"));
    edit(document.config["imaging-platform:site"]);
    Object.assign(document.config, extraConfig);
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "imaging-plan-"));
    temporaryDirectories.push(directory);
    const file = path.join(directory, "Pulumi.copy.yaml");
    fs.writeFileSync(file, YAML.stringify(document));
    return file;
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
        assert.equal(outputs.orthanc.adminPassword, "[secret]");
        assert.equal(outputs.siteName, "local");
    });

    it("never writes a generated secret into the plan", () => {
        const text = ["resources.json", "outputs.json", ...fs.readdirSync(path.join(out, "manifests")).map((f) => `manifests/${f}`)]
            .map((f) => fs.readFileSync(path.join(out, f), "utf8"))
            .join("\n");
        // The mocks' stand-in passwords start with plan-password-: none may show.
        assert.doesNotMatch(text, /plan-password-/);
    });

    it("fails with the key-naming message on a bad value, writing nothing", () => {
        const file = localStackWith((site) => (site.orthanc.replicas = -1));
        const result = runPlan("bad-value", "--stack-file", file);
        assert.equal(result.status, 1);
        assert.match(result.stderr, /site\.orthanc\.replicas: -1 is not allowed; expected an integer >= 1/);
        assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/, "no stack trace for a configuration error");
        assert.equal(fs.existsSync(path.join(projectDir, ".plan", "bad-value")), false);
    });

    it("prints usage for a missing stack name", () => {
        const result = runPlan();
        assert.equal(result.status, 2);
        assert.match(result.stderr, /usage: npm run plan -- <stack>/);
    });
});

describe("the plan's deferred SDK modules", () => {
    it("still load for real when the SDK serializes a function", () => {
        const script = [
            'require("./stacks/plan/defer-closure-modules.ts");',
            'const pulumi = require("@pulumi/pulumi");',
            "const answer = 41;",
            "pulumi.runtime.serializeFunction(() => answer + 1).then((f) => console.log(f.text.includes('answer + 1')));",
        ].join("\n");
        const result = spawnSync(process.execPath, ["--require", "./stacks/plan/register-typescript.js", "-e", script], { cwd: projectDir, encoding: "utf8" });
        assert.equal(result.stdout.trim(), "true", result.stderr);
    });
});

describe("stack files", () => {
    it("turn secure values into placeholders and mark their keys secret", () => {
        const file = localStackWith(() => undefined, {
            "imaging-platform:objectStoreSecretAccessKey": { secure: "v1:AAAAbase64ciphertext" },
            "imaging-platform:nested": { inner: { secure: "v1:BBBB" }, plain: 1 },
        });
        const { config, secretKeys } = readStackFile(file, "imaging-platform");
        assert.equal(config["imaging-platform:objectStoreSecretAccessKey"], "[secret imaging-platform:objectStoreSecretAccessKey]");
        assert.deepEqual(JSON.parse(config["imaging-platform:nested"]), { inner: "[secret imaging-platform:nested.inner]", plain: 1 });
        assert.deepEqual(secretKeys.sort(), ["imaging-platform:nested", "imaging-platform:objectStoreSecretAccessKey"]);
        assert.doesNotMatch(JSON.stringify(config), /v1:/);
    });

    it("namespace bare keys under the project, like the Pulumi CLI", () => {
        const file = localStackWith(() => undefined, { objectStoreConnectionString: "x" });
        assert.equal(readStackFile(file, "imaging-platform").config["imaging-platform:objectStoreConnectionString"], "x");
    });
});
