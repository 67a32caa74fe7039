// existing.kubeconfig: a path that names no file is refused where the program
// runs, before any resource is declared, instead of failing later inside the
// Kubernetes provider as a JSON parse error.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SiteConfigError } from "../stacks/config/errors";
import { resolveKubeconfig } from "../stacks/config/kubeconfig";
import { localSiteWith, planSite, resource } from "./support/plan";

describe("existing.kubeconfig", () => {
    let scratch: string;
    let home: string;
    let project: string;
    before(() => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "imaging-kubeconfig-"));
        home = path.join(scratch, "home");
        project = path.join(scratch, "project");
        for (const file of [path.join(home, ".kube", "site-a.yaml"), path.join(project, "clusters", "site-a.yaml")]) {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, "apiVersion: v1\nkind: Config\n");
        }
    });
    after(() => fs.rmSync(scratch, { recursive: true, force: true }));

    function refusal(written: string): string[] {
        try {
            resolveKubeconfig(written, { home, cwd: project });
        } catch (error) {
            assert.ok(error instanceof SiteConfigError, `expected a SiteConfigError, got ${error}`);
            return error.problems;
        }
        assert.fail(`expected ${written} to be refused`);
    }

    it("resolves ~ to the home directory and relative paths from the project directory", () => {
        const where = { home, cwd: project };
        assert.equal(resolveKubeconfig("~/.kube/site-a.yaml", where), path.join(home, ".kube", "site-a.yaml"));
        assert.equal(resolveKubeconfig("clusters/site-a.yaml", where), path.join(project, "clusters", "site-a.yaml"));
        assert.equal(resolveKubeconfig(path.join(project, "clusters", "site-a.yaml"), where), path.join(project, "clusters", "site-a.yaml"));
    });

    it("refuses a path that names no file, with the path as written and as resolved", () => {
        assert.deepEqual(refusal("~/.kube/site-b.yaml"), [
            `site.existing.kubeconfig: "~/.kube/site-b.yaml" is not allowed; expected a kubeconfig file (resolved to ${path.join(home, ".kube", "site-b.yaml")}, which does not exist)`,
        ]);
        assert.deepEqual(refusal("clusters"), [
            `site.existing.kubeconfig: "clusters" is not allowed; expected a kubeconfig file (resolved to ${path.join(project, "clusters")}, which is not a file)`,
        ]);
    });

    it("stops the program (and the plan) when the file does not exist", async () => {
        await assert.rejects(
            planSite(localSiteWith({ existing: { kubeconfig: "no-such-kubeconfig.yaml", context: "site-a" } })),
            (error: Error) => {
                assert.equal(
                    error.message,
                    "invalid site configuration:\n" +
                        `  site.existing.kubeconfig: "no-such-kubeconfig.yaml" is not allowed; expected a kubeconfig file (resolved to ${path.resolve("no-such-kubeconfig.yaml")}, which does not exist)`,
                );
                return true;
            },
        );
    });

    it("gives the provider the resolved path, so the file checked is the file used", async () => {
        const file = path.join(project, "clusters", "site-a.yaml");
        const plan = await planSite(localSiteWith({ existing: { kubeconfig: path.relative(process.cwd(), file), context: "site-a" } }));
        const provider = resource(plan, "pulumi:providers:kubernetes", "local");
        assert.equal(provider.inputs.kubeconfig, file);
        assert.equal(provider.inputs.context, "site-a");
    });
});
