// npm run plan:diff and npm run plan:base, for real: plans of the local site that
// differ as a pull request would make them differ (a chart bump, a changed Orthanc
// setting, an added resource) are written where `npm run plan` writes them, and
// the report is read back line by line, in this process and through the command.
import { strict as assert } from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { writePlan } from "../tools/plan/artifacts";
import { evaluateStack, type Plan, type PlannedResource } from "../tools/plan/evaluate";
import { ciphertextDigest, readStackConfig, readStackFile } from "../tools/plan/stack-file";
import { parseArguments, UsageError } from "../tools/plan-diff/arguments";
import { commentLimit, markdownReport } from "../tools/plan-diff/markdown";
import { PlanDirError, readPlanDir } from "../tools/plan-diff/read";
import { comparePlans } from "../tools/plan-diff/report";
import { textReport } from "../tools/plan-diff/text";
import { planBase, PlanBaseError } from "../tools/plan-base/base";
import { localSiteWith, planSite, planStack, project, projectDir, types } from "./support/plan";

const tools = path.join(projectDir, "tools");

function run(command: "plan-diff" | "plan-base", ...args: string[]) {
    const result = spawnSync(process.execPath, ["--require", path.join(tools, "plan", "register-typescript.js"), path.join(tools, command, "main.ts"), ...args], {
        cwd: projectDir,
        encoding: "utf8",
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function copy(plan: Plan): Plan {
    return JSON.parse(JSON.stringify(plan)) as Plan;
}

function find(plan: Plan, type: string, test: (r: PlannedResource) => boolean): PlannedResource {
    const found = plan.resources.find((r) => r.type === type && test(r));
    assert.ok(found, `no ${type} that matches in the plan of ${plan.stack}`);
    return found;
}

function report(base: string, head: string) {
    return comparePlans(
        { shownAs: base, plans: readPlanDir({ shownAs: base, directory: base, writtenBy: "npm run plan:base" }, project) },
        { shownAs: head, plans: readPlanDir({ shownAs: head, directory: head, writtenBy: "npm run parity" }, project) },
    );
}

function lines(text: string): string[] {
    return text.split("\n");
}

describe("npm run plan:diff", function () {
    this.timeout(240000);
    let temporary: string;
    const dir = (name: string) => path.join(temporary, name);
    const digest = { alertWebhookUrl: `${project}:alertWebhookUrl` };
    let local: Plan;
    let aws: Plan;

    before(async () => {
        temporary = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-"));
        const site = localSiteWith({});
        local = { ...(await planSite(site, {}, "local")), secretDigests: { [digest.alertWebhookUrl]: ciphertextDigest("v1:base") } };
        // (b) a changed Orthanc setting and (c) an added resource, from a changed site configuration.
        const head = await planSite(
            localSiteWith({
                orthanc: { ...(site.orthanc as object), concurrentJobs: 4 },
                ingress: { ...(site.ingress as object), prometheusHostname: "prometheus.local.test" },
            }),
            {},
            "local",
        );
        head.secretDigests = { [digest.alertWebhookUrl]: ciphertextDigest("v1:head") };
        // (a) a chart bump: components/versions.ts is the one place a chart is pinned.
        const certManager = find(head, types.release, (r) => r.inputs.chart === "cert-manager");
        assert.equal(certManager.inputs.version, "v1.21.3", "the cert-manager chart this test bumps from");
        certManager.inputs.version = "v1.22.0";
        // ... and an image bump.
        const orthanc = find(head, types.deployment, (r) => r.name === "orthanc");
        const container = (orthanc.inputs as any).spec.template.spec.containers.find((c: { name: string }) => c.name === "orthanc");
        assert.equal(container.image, "docker.io/orthancteam/orthanc:25.10.0", "the Orthanc image this test bumps from");
        container.image = "docker.io/orthancteam/orthanc:25.11.0";
        aws = await planStack("aws");
        for (const [name, plans] of [
            ["base", [local, aws]],
            ["head", [head, aws]],
        ] as const) {
            for (const plan of plans) {
                writePlan(plan, path.join(dir(name), plan.stack));
            }
        }
    });

    after(() => temporary && fs.rmSync(temporary, { recursive: true, force: true }));

    it("reports a chart bump, a changed Orthanc setting, an added resource and an untouched stack as a pull-request comment", () => {
        const markdown = markdownReport(report(dir("base"), dir("head")));
        const expected = [
            "## Plan diff",
            `Base \`${dir("base")}\`, head \`${dir("head")}\`: 1 of 2 sites changed.`,
            "| `aws` | unchanged | 0 | none |",
            "| `local` | 1 added, 0 removed, 8 changed | 2 | 1 changed |",
            "### `local`",
            "**Version bumps**",
            "- `kubernetes:apps/v1:Deployment::orthanc`: `inputs.spec.template.spec.containers[name=orthanc].image` `docker.io/orthancteam/orthanc:25.10.0` → `docker.io/orthancteam/orthanc:25.11.0`",
            "- `kubernetes:helm.sh/v3:Release::cert-manager`: chart `cert-manager` `v1.21.3` → `v1.22.0`",
            "**Added**",
            "- `kubernetes:networking.istio.io/v1:VirtualService::prometheus-query`",
            "- `kubernetes:core/v1:ConfigMap::orthanc-config`",
            '  - `inputs.data["orthanc.json"].ConcurrentJobs`: `2` → `4`',
            "- `kubernetes:helm.sh/v3:Release::cert-manager`",
            '  - `inputs.version`: `"v1.21.3"` → `"v1.22.0"`',
            '  - `dependencies["kubernetes:core/v1:Namespace::monitoring"]`: added `true`',
            "**Stack outputs**",
            '- `prometheusQuery.hostname`: `"not exposed: set site.ingress.prometheusHostname"` → `"prometheus.local.test"`',
            "**Secrets**",
            `- \`${digest.alertWebhookUrl}\`: changed (its ciphertext in the stack file differs: a new value, or the same one encrypted again)`,
        ];
        const got = lines(markdown);
        for (const line of expected) {
            assert.ok(got.includes(line), `missing line:\n${line}\nin:\n${markdown}`);
        }
        assert.ok(!got.includes("**Removed**"), "nothing was removed");
        assert.ok(!got.some((line) => line.startsWith("### `aws`")), "an unchanged stack has no section of its own");
        // Only the local site's chart and image were bumped: parity of the head plans says so, with the field.
        assert.match(
            markdown,
            /^\*\*Parity of the head plans:\*\* ⚠️ 2 stacks \(aws, local\), \d+ platform objects compared, \d+ knob differences allowed; 2 differences are not a declared site knob \(tools\/parity\/knobs.ts\)$/m,
        );
        const block = [
            "```text",
            "kubernetes:apps/v1:Deployment::orthanc",
            "  inputs.spec.template.spec.containers[name=orthanc].image",
            '    aws:   "docker.io/orthancteam/orthanc:25.10.0"',
            '    local: "docker.io/orthancteam/orthanc:25.11.0"',
            "kubernetes:helm.sh/v3:Release::cert-manager", "  inputs.version", '    aws:   "v1.21.3"', '    local: "v1.22.0"', "```"];
        assert.ok(markdown.includes(block.join("\n")), markdown);
    });

    it("prints the same report as text for a terminal, through the command", () => {
        const result = run("plan-diff", dir("base"), dir("head"));
        assert.equal(result.stderr, "");
        assert.equal(result.status, 0);
        assert.equal(result.stdout, textReport(report(dir("base"), dir("head"))));
        const got = lines(result.stdout);
        for (const line of [
            `plan diff ${dir("base")} -> ${dir("head")}: 1 of 2 sites changed.`,
            "aws: unchanged",
            "local: 1 added, 0 removed, 8 changed, 2 version bumps, secrets 1 changed",
            "    kubernetes:helm.sh/v3:Release::cert-manager: chart cert-manager v1.21.3 -> v1.22.0",
            "    + kubernetes:networking.istio.io/v1:VirtualService::prometheus-query",
            "    ~ kubernetes:core/v1:ConfigMap::orthanc-config",
            '        inputs.data["orthanc.json"].ConcurrentJobs: 2 -> 4',
        ]) {
            assert.ok(got.includes(line), `missing line:\n${line}\nin:\n${result.stdout}`);
        }
    });

    it("prints Markdown through the command with --markdown and --format markdown", () => {
        const expected = markdownReport(report(dir("base"), dir("head")));
        for (const flags of [["--markdown"], ["--format", "markdown"], ["--format=markdown"]]) {
            const result = run("plan-diff", dir("base"), dir("head"), ...flags);
            assert.equal(result.status, 0, result.stderr);
            assert.equal(result.stdout, expected);
        }
    });

    it("says there are no changes when the plans are the same", () => {
        const result = run("plan-diff", dir("base"), dir("base"), "--markdown");
        assert.equal(result.status, 0, result.stderr);
        const got = lines(result.stdout);
        assert.ok(got.includes(`Base \`${dir("base")}\`, head \`${dir("base")}\`: no changes (2 sites).`), result.stdout);
        assert.ok(got.includes("| `aws` | unchanged | 0 | none |"), result.stdout);
        assert.ok(got.includes("| `local` | unchanged | 0 | 1 unchanged |"), result.stdout);
        assert.ok(!got.some((line) => line.startsWith("### ")), result.stdout);
        assert.equal(lines(run("plan-diff", dir("base"), dir("base")).stdout)[0], `plan diff ${dir("base")} -> ${dir("base")}: no changes (2 sites).`);
    });

    it("reports a secret field whose masking changed without any value", () => {
        const head = copy(local);
        const secret = find(head, types.secret, (r) => typeof r.inputs.stringData === "object" && r.inputs.stringData !== null);
        (secret.inputs.stringData as Record<string, unknown>).extraKey = "[secret]";
        const configMap = find(head, types.configMap, (r) => r.name === "orthanc-config");
        const data = configMap.inputs.data as Record<string, unknown>;
        const [plainKey] = Object.keys(data).filter((key) => key !== "orthanc.json");
        const plainValue = String(data[plainKey]);
        data[plainKey] = "[secret]";
        writePlan(head, path.join(dir("masked"), "local"));
        writePlan(aws, path.join(dir("masked"), "aws"));
        const markdown = markdownReport(report(dir("base"), dir("masked")));
        const got = lines(markdown);
        const label = `\`${secret.type}::${secret.name}\``;
        assert.ok(got.includes(`- ${label}`), markdown);
        assert.ok(got.includes("  - `inputs.stringData.extraKey`: secret, added (value not shown)"), markdown);
        const masked = got.find((line) => line.startsWith("  - `") && (line.includes(`"${plainKey}"`) || line.includes(`.${plainKey}\``)));
        assert.equal(masked, `  - \`inputs.data${/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(plainKey) ? `.${plainKey}` : `[${JSON.stringify(plainKey)}]`}\`: secret, now masked (value not shown)`, markdown);
        // Parity prints the other sites' plain values; the diff itself shows neither side.
        const diffPart = markdown.slice(markdown.indexOf("### `local`"));
        assert.ok(!diffPart.includes(JSON.stringify(plainValue).slice(1, 40)), "the value before masking must not show");
        // And back: the plain value after unmasking does not show either.
        const back = markdownReport(report(dir("masked"), dir("base")));
        assert.ok(back.includes("secret, no longer masked (value not shown)"), back);
        assert.ok(!back.slice(back.indexOf("### `local`")).includes(JSON.stringify(plainValue).slice(1, 40)), "the value after unmasking must not show");
    });

    it("reports a site only one side has as new or removed, with its resource count", () => {
        writePlan(local, path.join(dir("sites"), "local"));
        writePlan(aws, path.join(dir("sites"), "new-site"));
        const got = lines(markdownReport(report(dir("base"), dir("sites"))));
        assert.ok(got.includes(`| \`aws\` | site removed, ${aws.resources.length} resources | 0 | none |`), got.join("\n"));
        assert.ok(got.includes(`| \`new-site\` | new site, ${aws.resources.length} resources | 0 | none |`), got.join("\n"));
        assert.ok(got.includes("| `local` | unchanged | 0 | 1 unchanged |"), got.join("\n"));
    });

    it("cuts a report too long for a pull-request comment at a line, and says so", () => {
        const head = copy(local);
        for (const resource of head.resources) {
            resource.inputs = { ...resource.inputs, padding: { a: "x".repeat(120), b: "y".repeat(120), c: "z".repeat(120) } };
        }
        writePlan(head, path.join(dir("long"), "local"));
        const whole = textReport(report(dir("base"), dir("long")));
        assert.ok(whole.length > commentLimit, `the text report is only ${whole.length} characters`);
        const markdown = markdownReport(report(dir("base"), dir("long")));
        assert.ok(markdown.length <= commentLimit, `${markdown.length} characters`);
        assert.ok(markdown.startsWith("## Plan diff\n"), markdown.slice(0, 100));
        const got = lines(markdown);
        assert.match(got[got.length - 2], new RegExp(`^… cut to fit a comment \\(\\d+ characters in all\\): \`npm run plan:diff -- ${escape(dir("base"))} ${escape(dir("long"))}\` prints the whole report\\.$`));
        assert.equal(got[got.length - 1], "");
    });

    it("exits 1 naming the command that writes a missing or unreadable plan directory", () => {
        const missing = run("plan-diff", dir("nowhere"), dir("head"));
        assert.equal(missing.status, 1);
        assert.equal(missing.stdout, "");
        assert.equal(missing.stderr, `error: ${dir("nowhere")}: no such plan directory: run \`npm run plan:base -- --out ${dir("nowhere")}\` first\n`);

        fs.mkdirSync(path.join(dir("broken"), "local"), { recursive: true });
        fs.mkdirSync(path.join(dir("broken"), "aws"), { recursive: true });
        fs.writeFileSync(path.join(dir("broken"), "aws", "resources.json"), "{");
        const broken = run("plan-diff", dir("base"), dir("broken"));
        assert.equal(broken.status, 1);
        const errors = lines(broken.stderr.trim());
        assert.equal(errors.length, 2, broken.stderr);
        assert.match(errors[0], new RegExp(`^error: ${escape(path.join(dir("broken"), "aws", "resources.json"))}: `));
        assert.equal(
            errors[1],
            `error: ${path.join(dir("broken"), "local", "resources.json")}: no such file: run \`npm run plan -- local\` (or \`npm run parity -- --plan-dir ${dir("broken")}\`)`,
        );
        fs.mkdirSync(dir("empty"));
        assert.throws(() => readPlanDir({ shownAs: "empty", directory: dir("empty"), writtenBy: "npm run plan" }, project), PlanDirError);
    });

    it("exits 2 with the usage for a wrong command line", () => {
        for (const [args, message] of [
            [[dir("base")], "missing the head plan directory"],
            [[dir("base"), dir("head"), "--format", "html"], "--format needs text or markdown (not html)"],
            [[dir("base"), dir("head"), "--verbose"], "unknown option --verbose"],
        ] as const) {
            const result = run("plan-diff", ...args);
            assert.equal(result.status, 2, result.stderr);
            assert.ok(result.stderr.startsWith(`error: ${message}\nusage: npm run plan:diff -- `), result.stderr);
        }
    });
});

describe("the plan:diff command line", () => {
    it("reads two directories and a format", () => {
        assert.deepEqual(parseArguments(["a", "b"]), { help: false, base: "a", head: "b", format: "text" });
        assert.deepEqual(parseArguments(["--markdown", "a", "b"]), { help: false, base: "a", head: "b", format: "markdown" });
        assert.deepEqual(parseArguments(["a", "b", "--format", "text"]), { help: false, base: "a", head: "b", format: "text" });
        assert.deepEqual(parseArguments(["a", "--help"]), { help: true });
    });
    for (const [argv, message] of [
        [[], "missing the base and head plan directories"],
        [["a", "b", "c"], "expected two plan directories, got 3 (a, b, c)"],
        [["a", "b", "--format"], "--format needs text or markdown"],
        [["a", "b", "--markdown", "--format", "text"], "two formats given (markdown and text)"],
    ] as const) {
        it(`refuses ${JSON.stringify(argv)}: ${message}`, () => {
            assert.throws(() => parseArguments(argv), (error: unknown) => error instanceof UsageError && error.message === message);
        });
    }
});

describe("the plan's secret digests", () => {
    const file = (secure: string) => {
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), "plan-digest-"));
        const stackFile = path.join(directory, "Pulumi.x.yaml");
        fs.writeFileSync(stackFile, YAML.stringify({ config: { [`${project}:site`]: { name: "x" }, [`${project}:token`]: { secure }, [`${project}:nested`]: { inner: { secure } } } }));
        try {
            return readStackFile(stackFile, project);
        } finally {
            fs.rmSync(directory, { recursive: true, force: true });
        }
    };

    it("are a SHA-256 of each secure: value's ciphertext, by key, and change with it", () => {
        const one = file("v1:c2FsdA==:Y2lwaGVydGV4dC1vbmU=");
        const two = file("v1:c2FsdA==:Y2lwaGVydGV4dC10d28=");
        assert.deepEqual(Object.keys(one.secretDigests ?? {}), [`${project}:token`, `${project}:nested.inner`]);
        assert.equal(one.secretDigests?.[`${project}:token`], ciphertextDigest("v1:c2FsdA==:Y2lwaGVydGV4dC1vbmU="));
        assert.match(one.secretDigests?.[`${project}:token`] ?? "", /^sha256:[0-9a-f]{64}$/);
        assert.notEqual(one.secretDigests?.[`${project}:token`], two.secretDigests?.[`${project}:token`]);
    });

    it("reach the plan's secret-digests.json from a committed stack file", async () => {
        const stackConfig = readStackConfig(projectDir, "proxmox", project);
        const digests = stackConfig.secretDigests ?? {};
        assert.ok(Object.keys(digests).length > 0, "Pulumi.proxmox.yaml has secure: values");
        const plan = await evaluateStack({ projectDir, project, stack: "proxmox", stackConfig });
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-digest-"));
        try {
            writePlan(plan, out);
            assert.deepEqual(JSON.parse(fs.readFileSync(path.join(out, "secret-digests.json"), "utf8")), digests);
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });
});

// #real: it runs git for real (a throwaway repository and worktrees), as the
// other tests that start real programs; npm test runs it, test:fast does not.
describe("npm run plan:base #real", function () {
    this.timeout(240000);
    let temporary: string;
    let repo: string;
    const identity = { GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.invalid", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.invalid" };
    const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8", env: { ...process.env, ...identity }, stdio: ["ignore", "pipe", "pipe"] }).trim();
    const setAeTitle = (aeTitle: string) => {
        const file = path.join(repo, "Pulumi.local.yaml");
        const document = YAML.parse(fs.readFileSync(file, "utf8"));
        document.config[`${project}:site`].orthanc.aeTitle = aeTitle;
        fs.writeFileSync(file, YAML.stringify(document));
        git("commit", "--quiet", "-am", `AE title ${aeTitle}`);
    };
    const aeTitleIn = (planDir: string) => {
        const resources = JSON.parse(fs.readFileSync(path.join(planDir, "local", "resources.json"), "utf8")) as PlannedResource[];
        const configMap = resources.find((r) => r.type === types.configMap && r.name === "orthanc-config") as PlannedResource;
        return JSON.parse((configMap.inputs.data as Record<string, string>)["orthanc.json"]).DicomAet;
    };

    // A throwaway repository holding the program: main moves on after the branch
    // leaves it, so the merge-base is neither main's tip nor the branch's.
    before(() => {
        temporary = fs.mkdtempSync(path.join(os.tmpdir(), "plan-base-test-"));
        repo = path.join(temporary, "repo");
        fs.mkdirSync(repo);
        for (const entry of ["index.ts", "stacks", "components", "Pulumi.yaml", "Pulumi.local.yaml", "package.json", "tsconfig.json"]) {
            fs.cpSync(path.join(projectDir, entry), path.join(repo, entry), { recursive: true });
        }
        fs.symlinkSync(fs.realpathSync(path.join(projectDir, "node_modules")), path.join(repo, "node_modules"), "dir");
        fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\n");
        git("init", "--quiet", "--initial-branch=main");
        git("add", ".");
        git("commit", "--quiet", "-m", "base");
        setAeTitle("MERGEBASE");
        git("checkout", "--quiet", "-b", "feature");
        setAeTitle("FEATURE");
        git("checkout", "--quiet", "main");
        setAeTitle("MAINTIP");
        git("checkout", "--quiet", "feature");
    });

    after(() => temporary && fs.rmSync(temporary, { recursive: true, force: true }));

    it("plans the merge-base with main in a git worktree it removes, with no origin/main", async () => {
        const out = path.join(temporary, "base-plans");
        const planned = await planBase({ projectDir: repo, out });
        assert.equal(planned.ref, "main");
        assert.equal(planned.commit, git("rev-parse", "HEAD~1"));
        assert.deepEqual(planned.stacks, ["local"]);
        assert.equal(aeTitleIn(out), "MERGEBASE");
        assert.deepEqual(lines(git("worktree", "list", "--porcelain")).filter((line) => line.startsWith("worktree ")), [`worktree ${fs.realpathSync(repo)}`]);
        assert.equal(git("status", "--porcelain"), "", "the checkout is left as it was");
        assert.equal(process.cwd(), projectDir);
    });

    it("prefers origin/main, and a ref the user names", async () => {
        git("update-ref", "refs/remotes/origin/main", "feature~1");
        const out = path.join(temporary, "origin-plans");
        const planned = await planBase({ projectDir: repo, out });
        assert.equal(planned.ref, "origin/main");
        assert.equal(planned.commit, git("rev-parse", "feature~1"));
        assert.equal((await planBase({ projectDir: repo, out, ref: "feature" })).commit, git("rev-parse", "feature"));
        assert.equal(aeTitleIn(out), "FEATURE");
        await assert.rejects(planBase({ projectDir: repo, out, ref: "no-such-branch" }), (error: unknown) =>
            error instanceof PlanBaseError && /^--ref no-such-branch: no such commit/.test(error.message),
        );
        await assert.rejects(planBase({ projectDir: repo, out, stacks: ["aws"] }), (error: unknown) =>
            error instanceof PlanBaseError && /has no stack aws \(it has: local\)$/.test(error.message),
        );
        assert.equal(lines(git("worktree", "list")).length, 1, "no worktree is left behind, even after a failure");
    });

    it("exits 1 for a ref that names no commit, 2 for a wrong command line, through the command", () => {
        const missing = run("plan-base", "--ref", "refs/heads/no-such-branch-of-this-test", "--out", path.join(temporary, "unused"));
        assert.equal(missing.status, 1, missing.stderr);
        assert.match(missing.stderr, /^error: --ref refs\/heads\/no-such-branch-of-this-test: no such commit/);
        const usage = run("plan-base", "--ref");
        assert.equal(usage.status, 2);
        assert.ok(usage.stderr.startsWith("error: --ref needs a git ref\nusage: npm run plan:base -- "), usage.stderr);
    });
});

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
