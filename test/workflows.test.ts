// The workflows under .github/workflows/ are what hospital teams run: each must
// be a workflow GitHub accepts (its own parser and schema), with third-party
// actions pinned and permissions granted per job, and the matrix they read
// must list the committed sites with a runner that can reach each.
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ciSites } from "../tools/ci-sites/sites";
import { project, projectDir } from "./support/plan";
import { workflowErrors } from "./support/workflow-schema";

const directory = path.join(projectDir, ".github", "workflows");
const files = fs.readdirSync(directory).filter((file) => /\.ya?ml$/.test(file)).sort();

function read(file: string): string {
    return fs.readFileSync(path.join(directory, file), "utf8");
}

interface Step {
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
}
interface Job {
    permissions?: Record<string, string>;
    steps?: Step[];
}

function jobs(file: string): Record<string, Job> {
    return (YAML.parse(read(file)) as { jobs: Record<string, Job> }).jobs;
}

describe("workflows", () => {
    it("are there: preview, deploy and the credential-free plan diff", () => {
        assert.deepEqual(files, ["deploy.yml", "plan-diff.yml", "preview.yml"]);
    });

    for (const file of files) {
        it(`${file} is valid against GitHub's workflow schema`, async () => {
            assert.deepEqual(await workflowErrors(file, read(file)), []);
        });

        it(`${file} grants nothing at the top and each job only what it uses`, () => {
            assert.deepEqual((YAML.parse(read(file)) as { permissions: unknown }).permissions, {});
            for (const [name, job] of Object.entries(jobs(file))) {
                const uses = (job.steps ?? []).map((step) => step.uses ?? "");
                const oidc = uses.some((action) => /^(aws-actions\/configure-aws-credentials|azure\/login)@/.test(action));
                assert.equal(job.permissions?.["id-token"] === "write", oidc, `${file} ${name}: id-token: write exactly where OIDC is used`);
                const comments = (job.steps ?? []).some((step) => step.uses?.startsWith("actions/github-script@") || step.with?.["comment-on-pr"] === true);
                assert.equal(job.permissions?.["pull-requests"] === "write", comments, `${file} ${name}: pull-requests: write exactly where a comment is posted`);
            }
        });

        it(`${file} pins every action by full commit, or names why not`, () => {
            const lines = read(file).split("\n");
            for (const [index, line] of lines.entries()) {
                const match = /uses:\s*([^\s#]+)/.exec(line);
                if (!match) {
                    continue;
                }
                const pinned = /@[0-9a-f]{40}$/.test(match[1]) && /# v\d+\.\d+\.\d+/.test(line);
                const explained = /@v\d+$/.test(match[1]) && /major tag/.test(lines[index - 1] ?? "");
                assert.ok(pinned || explained, `${file}:${index + 1}: ${match[1]} is neither pinned to a commit (with its tag in a comment) nor explained`);
            }
        });
    }

    it("the credential-free job plans the merge-base and the head, compares them with plan:diff, and holds no credential", () => {
        const steps = jobs("plan-diff.yml").plan.steps ?? [];
        const runs = steps.map((step) => step.run ?? "").join("\n");
        assert.match(runs, /npm run -s plan:base -- --ref "origin\/\$BASE_REF" --out \.plan-base/);
        assert.match(runs, /npm run -s plan:diff -- \.plan-base \.plan --markdown/);
        assert.ok(!steps.some((step) => /configure-aws-credentials|azure\/login|pulumi\/actions/.test(step.uses ?? "")), "no credentials in the plan job");
    });

    it("reports a broken workflow: a misspelled key, a job without runs-on, an unclosed expression", async () => {
        const good = read("deploy.yml");
        const misspelled = good.replace("    runs-on: ubuntu-24.04\n", "    runs-om: ubuntu-24.04\n");
        assert.notEqual(misspelled, good);
        const errors = await workflowErrors("misspelled.yml", misspelled);
        assert.ok(errors.some((error) => /Unexpected value 'runs-om'/.test(error)), JSON.stringify(errors));
        assert.ok(errors.some((error) => /Required property is missing: runs-on/.test(error)), JSON.stringify(errors));
        const unclosed = await workflowErrors("unclosed.yml", good.replace("${{ vars.PULUMI_BACKEND_URL }}", "${{ vars.PULUMI_BACKEND_URL }"));
        assert.ok(unclosed.some((error) => /expression is not closed/.test(error)), JSON.stringify(unclosed));
    });

    it("ci:sites lists every committed site but the skipped, cloud sites on GitHub's runners, the others on their own", () => {
        assert.deepEqual(ciSites(projectDir, project, ["local"]), [
            { stack: "aws", kind: "eks", runner: ["ubuntu-24.04"] },
            { stack: "azure", kind: "aks", runner: ["ubuntu-24.04"] },
            { stack: "onprem-esx", kind: "vsphere", runner: ["self-hosted", "imaging-onprem-esx"] },
            { stack: "proxmox", kind: "proxmox", runner: ["self-hosted", "imaging-proxmox"] },
        ]);
    });

    it("npm run ci:sites prints that list as the matrix reads it, and refuses an unknown argument", () => {
        const run = (...args: string[]) =>
            execFileSync(process.execPath, ["--require", "./tools/plan/register-typescript.js", "tools/ci-sites/main.ts", ...args], { cwd: projectDir, encoding: "utf8", stdio: "pipe" });
        assert.deepEqual(JSON.parse(run("--skip", "local,azure")).map((site: { stack: string }) => site.stack), ["aws", "onprem-esx", "proxmox"]);
        assert.throws(() => run("--bogus"), (error: { status: number; stderr: string }) => error.status === 2 && /unknown argument --bogus/.test(error.stderr));
    });
});
