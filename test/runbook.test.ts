// The runbook of every committed stack: the site's own values, no placeholder,
// shell that parses, kind-specific steps only on their kind; and the command as a
// user runs it, in a child process, from a saved outputs file and from a
// `pulumi` on PATH.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { parseArguments, UsageError } from "../tools/runbook/arguments";
import { renderRunbook } from "../tools/runbook/render";
import { siteKindTitles } from "../tools/runbook/sections/site-kind";
import { plannedOutputs, type OutputsSource } from "../tools/runbook/sources";
import { OutputsError, runbookValues } from "../tools/runbook/values";
import { committedStacks, project, projectDir } from "./support/plan";

/** The fenced shell blocks of a Markdown text. */
export function shellBlocks(markdown: string): string[] {
    return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
}

function stackSite(stack: string): Record<string, any> {
    return YAML.parse(fs.readFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), "utf8")).config[`${project}:site`];
}

async function runbookOf(stack: string): Promise<{ text: string; outputs: Record<string, any> }> {
    const outputs = await plannedOutputs(stack);
    const source: OutputsSource = { kind: "plan", description: "test", outputs };
    return { text: renderRunbook(stack, runbookValues(outputs), source), outputs };
}

// Anything that would make an operator guess: template markers, unfinished text, a value the code never had.
const placeholders = [/<[A-Za-z][\w .-]*>/, /TODO/, /xxx/i, /undefined/, /\[computed\]/, /\[secret\]/, /NaN/, /\[object Object\]/];

const kindMarkers: Record<string, RegExp[]> = {
    eks: [/aws eks /, /console\.aws\.amazon\.com/],
    aks: [/az aks /, /portal\.azure\.com/],
    vsphere: [/govc /, /vCenter:/],
    proxmox: [/qm list/, /Proxmox nodes/],
};

describe("the runbook of each committed stack", function () {
    this.timeout(120000);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "runbook-test-"));
    after(() => fs.rmSync(scratch, { recursive: true, force: true }));

    for (const stack of committedStacks()) {
        describe(stack, () => {
            let text: string;
            let outputs: Record<string, any>;
            before(async () => ({ text, outputs } = await runbookOf(stack)));

            it("carries the site's own values", () => {
                const site = stackSite(stack);
                const expected = [
                    site.name,
                    site.ingress.hostname,
                    `https://${site.ingress.hostname}`,
                    site.orthanc?.aeTitle ?? "ORTHANC",
                    `-aec ${outputs.dicom.aeTitle} ${site.ingress.hostname} 11112`,
                    `-n ${outputs.orthanc.namespace} `,
                    `clusters.postgresql.cnpg.io ${outputs.postgres.cluster}`,
                    outputs.postgres.backupDestination,
                    outputs.grafana.portForward,
                    `realm \`imaging\` of https://${site.ingress.hostname}/keycloak/`,
                    `-s ${stack} `,
                    outputs.versions.kubernetes,
                    ...Object.values(outputs.versions.images as Record<string, string>),
                ];
                if (!String(outputs.postgres.backupDestination).startsWith("none")) {
                    expected.push(`barmanObjectName: ${outputs.postgres.backupObjectStore}`, `serverName: ${outputs.postgres.cluster}`);
                }
                const missing = expected.filter((value) => !text.includes(value));
                assert.deepEqual(missing, []);
            });

            it("has no placeholder text", () => {
                const found = placeholders.filter((pattern) => pattern.test(text)).map((pattern) => `${pattern}: ${text.match(pattern)?.[0]}`);
                assert.deepEqual(found, []);
            });

            it("has shell blocks that bash parses", () => {
                const blocks = shellBlocks(text);
                assert.ok(blocks.length >= 10, `only ${blocks.length} shell blocks`);
                const problems = blocks.flatMap((block, index) => {
                    const file = path.join(scratch, `${stack}-${index}.sh`);
                    fs.writeFileSync(file, block);
                    const result = spawnSync("bash", ["-n", file], { encoding: "utf8" });
                    return result.status === 0 ? [] : [`block ${index}: ${result.stderr.trim()}\n${block}`];
                });
                assert.deepEqual(problems, []);
            });

            it("has its own kind's section and no other kind's", () => {
                const kind = outputs.siteKind as string;
                for (const [other, title] of Object.entries(siteKindTitles)) {
                    assert.equal(text.includes(`## ${title}`), other === kind, `section "${title}" on a ${kind} site`);
                }
                for (const [other, markers] of Object.entries(kindMarkers)) {
                    for (const marker of markers) {
                        assert.equal(marker.test(text), other === kind, `${marker} on a ${kind} site`);
                    }
                }
            });
        });
    }

    it("tells the operator of the platform's Keycloak where the break-glass account is, and the hospital's Keycloak's that it keeps its own", async () => {
        const outputs = await plannedOutputs("local");
        const render = (signIn: Record<string, string>) =>
            renderRunbook("local", runbookValues({ ...outputs, signIn: { ...(outputs.signIn as Record<string, unknown>), ...signIn } }), { kind: "plan", description: "test", outputs });
        const platform = render({});
        assert.match(platform, /^## Signing in$/m);
        assert.match(platform, /`accounts\.breakGlass` \(an administrator in Orthanc/);
        assert.match(platform, /^pulumi stack output -s local signIn --show-secrets$/m);
        assert.match(platform, /Keycloak's administrator, at https:\/\/pacs\.local\.test\/keycloak\/admin\//);
        const hospital = render({ provider: "keycloak", url: "https://sso.hospital.example/", realm: "radiology" });
        assert.match(hospital, /sign in at the realm `radiology` of https:\/\/sso\.hospital\.example\/;/);
        assert.match(hospital, /its break-glass account and its administrators are kept there/);
        assert.doesNotMatch(hospital, /breakGlass|signIn --show-secrets/);
        // The check a missing authorization plugin would fail.
        assert.match(platform, /A `200` there means Orthanc answers anyone/);
    });

    it("restores only where there are backups, and says so where there are none", async () => {
        const { text } = await runbookOf("local");
        assert.match(text, /Not possible on this site: none: the site has no object store/);
        assert.doesNotMatch(text, /bootstrap:/);
    });
});

describe("the runbook's values", () => {
    it("names every output it misses", async () => {
        const outputs = await plannedOutputs("local");
        const { webUrl: _webUrl, dicom: _dicom, ...older } = outputs;
        assert.throws(
            () => runbookValues(older),
            (error: unknown) =>
                error instanceof OutputsError &&
                ["webUrl", "dicom.host", "dicom.port", "dicom.aeTitle"].every((key) => error.lines.some((line) => line.startsWith(`the outputs have no ${key}:`))),
        );
    });

    it("writes a value the plan cannot know as what it is, not a stand-in", async () => {
        const outputs = await plannedOutputs("local");
        assert.equal(outputs.siteCaCertificate, "[computed]");
        const values = runbookValues({ ...outputs, postgres: { ...(outputs.postgres as object), host: "[computed]" } });
        assert.equal(values.postgres.host, "(known after pulumi up)");
    });

    it("refuses a masked value where the runbook prints one", async () => {
        const outputs = await plannedOutputs("local");
        assert.throws(() => runbookValues({ ...outputs, webUrl: "[secret]" }), /webUrl is a secret in the outputs/);
    });
});

describe("the runbook's command line", () => {
    it("reads the stack and its options", () => {
        assert.deepEqual(parseArguments(["aws", "--outputs", "o.json", "--out=r.md"]), { help: false, stack: "aws", outputsFile: "o.json", out: "r.md" });
        assert.deepEqual(parseArguments(["-h"]), { help: true });
    });
    for (const [argv, message] of [
        [[], "missing the stack name"],
        [["aws", "--outputs"], "--outputs needs a file"],
        [["aws", "--out", "a", "--out", "b"], "--out given twice (a and b)"],
        [["aws", "--stack-file", "x"], "unknown option --stack-file"],
        [["aws", "azure"], "unexpected argument azure (the stack is aws)"],
    ] as Array<[string[], string]>) {
        it(`refuses ${JSON.stringify(argv)}: ${message}`, () => {
            assert.throws(() => parseArguments(argv), (error: unknown) => error instanceof UsageError && error.message === message);
        });
    }
});

describe("npm run runbook, in a child process", function () {
    this.timeout(120000);
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "runbook-command-"));
    after(() => fs.rmSync(scratch, { recursive: true, force: true }));

    // PATH with node's own directory and the given extra one first: no real pulumi CLI.
    function runbook(args: string[], extraPath?: string) {
        const PATH = [extraPath, path.dirname(process.execPath), "/usr/bin", "/bin"].filter(Boolean).join(path.delimiter);
        return spawnSync(process.execPath, ["--require", "./tools/plan/register-typescript.js", "tools/runbook/main.ts", ...args], {
            cwd: projectDir,
            encoding: "utf8",
            env: { ...process.env, PATH },
        });
    }

    async function savedOutputs(hostname: string): Promise<string> {
        const outputs = await plannedOutputs("aws");
        const file = path.join(scratch, `${hostname}.json`);
        fs.writeFileSync(file, JSON.stringify({ ...outputs, webUrl: `https://${hostname}`, dicom: { ...(outputs.dicom as object), host: hostname } }));
        return file;
    }

    it("writes the runbook from --outputs file.json, and says that was the source", async () => {
        const file = await savedOutputs("pacs.saved.example");
        const out = path.join(scratch, "from-file.md");
        const result = runbook(["aws", "--outputs", file, "--out", out]);
        assert.equal(result.status, 0, result.stderr);
        assert.equal(result.stderr.trim(), `runbook: outputs from ${file}`);
        const text = fs.readFileSync(out, "utf8");
        assert.match(text, /storescu .* pacs\.saved\.example 11112 /);
        assert.match(text, /from saved stack outputs/);
    });

    it("takes the deployed stack's outputs from a pulumi CLI on PATH", async () => {
        const file = await savedOutputs("pacs.deployed.example");
        const bin = path.join(scratch, "bin-deployed");
        fs.mkdirSync(bin);
        fs.writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\necho "$@" > ${bin}/args\ncat ${file}\n`, { mode: 0o755 });
        const out = path.join(scratch, "deployed.md");
        const result = runbook(["aws", "--out", out], bin);
        assert.equal(result.status, 0, result.stderr);
        assert.equal(fs.readFileSync(path.join(bin, "args"), "utf8").trim(), "stack output --json --show-secrets=false -s aws");
        assert.equal(result.stderr.trim(), "runbook: outputs from pulumi stack output --json --show-secrets=false -s aws");
        assert.match(fs.readFileSync(out, "utf8"), /echoscu .* pacs\.deployed\.example 11112/);
    });

    it("falls back to the plan when the stack is not deployed, and says why", () => {
        const bin = path.join(scratch, "bin-undeployed");
        fs.mkdirSync(bin);
        fs.writeFileSync(path.join(bin, "pulumi"), "#!/bin/sh\necho 'error: no stack named aws found' >&2\nexit 255\n", { mode: 0o755 });
        const out = path.join(scratch, "planned.md");
        const result = runbook(["aws", "--out", out], bin);
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stderr, /^runbook: outputs from the plan of Pulumi\.aws\.yaml \(pulumi stack output .* -s aws: error: no stack named aws found\)$/m);
        assert.match(fs.readFileSync(out, "utf8"), /pacs\.stlukes\.example 11112/);
    });

    it("says which outputs a saved file lacks (exit 1) and what the command line needs (exit 2)", () => {
        const file = path.join(scratch, "old.json");
        fs.writeFileSync(file, JSON.stringify({ siteName: "old" }));
        const missing = runbook(["aws", "--outputs", file, "--out", path.join(scratch, "old.md")]);
        assert.equal(missing.status, 1);
        assert.match(missing.stderr, /^error: the outputs have no webUrl: /m);
        assert.equal(fs.existsSync(path.join(scratch, "old.md")), false);
        const usage = runbook([]);
        assert.equal(usage.status, 2);
        assert.match(usage.stderr, /^error: missing the stack name\nusage: npm run runbook/);
        const noStack = runbook(["nowhere"]);
        assert.equal(noStack.status, 1);
        assert.match(noStack.stderr, /error: no stack nowhere: .*Pulumi\.nowhere\.yaml does not exist/);
    });
});
