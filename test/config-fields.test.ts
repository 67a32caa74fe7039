// The pieces of the site configuration's error reporting that the site table
// (config.test.ts) does not reach: how a refusal is printed, how the plan
// recognises one, and the kubeconfig paths that are there but are no file.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SiteConfigError, siteConfigProblems } from "../stacks/config/errors";
import { resolveKubeconfig } from "../stacks/config/kubeconfig";

describe("site configuration errors", () => {
    it("prints one problem a line under a heading", () => {
        const error = new SiteConfigError(["site.name: missing", "site.kind: missing"]);
        assert.equal(error.message, "invalid site configuration:\n  site.name: missing\n  site.kind: missing");
    });

    it("gives the plan the problems of a refusal", () => {
        assert.deepEqual(siteConfigProblems(new SiteConfigError(["site.name: missing"])), ["site.name: missing"]);
    });

    // The plan loads the program afresh, so a refusal arrives as another class of
    // the same name: anything less than an Error of that name with a list of
    // lines must still surface as the error it is, not as an empty refusal.
    const notRefusals: Array<[string, unknown]> = [
        ["another error with a list of lines", Object.assign(new Error("boom"), { problems: ["site.name: missing"] })],
        ["an object that only looks like a refusal", { name: "SiteConfigError", problems: ["site.name: missing"] }],
        ["a refusal whose problems are not all text", Object.assign(new Error("boom"), { name: "SiteConfigError", problems: ["site.name: missing", 2] })],
        ["a refusal whose problems are no list", Object.assign(new Error("boom"), { name: "SiteConfigError", problems: "site.name: missing" })],
    ];
    for (const [label, error] of notRefusals) {
        it(`does not take ${label} for a refusal`, () => {
            assert.equal(siteConfigProblems(error), undefined);
        });
    }
});

describe("existing.kubeconfig that is no file", () => {
    let scratch: string;
    before(() => {
        scratch = fs.mkdtempSync(path.join(os.tmpdir(), "imaging-kubeconfig-"));
        fs.writeFileSync(path.join(scratch, "site-a.yaml"), "apiVersion: v1\nkind: Config\n");
    });
    after(() => fs.rmSync(scratch, { recursive: true, force: true }));

    function refusal(written: string): string[] {
        try {
            resolveKubeconfig(written, { home: scratch, cwd: scratch });
        } catch (error) {
            assert.ok(error instanceof SiteConfigError, `expected a SiteConfigError, got ${error}`);
            return error.problems;
        }
        assert.fail("expected the kubeconfig to be refused");
    }

    it("takes ~ alone as the home directory, which is not a file", () => {
        assert.deepEqual(refusal("~"), [`site.existing.kubeconfig: "~" is not allowed; expected a kubeconfig file (resolved to ${scratch}, which is not a file)`]);
    });

    it("names the system's reason when the path cannot even be looked at", () => {
        // No file system takes a name of 300 characters.
        const written = `${"k".repeat(300)}.yaml`;
        assert.deepEqual(refusal(written), [
            `site.existing.kubeconfig: "${written}" is not allowed; expected a kubeconfig file (resolved to ${scratch}/${written}, which cannot be read: ENAMETOOLONG)`,
        ]);
    });
});
