// The tests run on the Node the project brings (optionalDependencies, put first
// on PATH by npm run), not on whatever the machine has: what they prove must
// hold on the Node a user runs, and package.json's engines must say so.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

const packageJson = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8"));
const bundledNode = `node-${process.platform}-${process.arch}`;

describe("the Node the tests run on", () => {
    it("is at least the engines' minimum, which covers what the dependencies declare", () => {
        const minimum = Number(/^>=(\d+)$/.exec(packageJson.engines.node)?.[1]);
        assert.ok(minimum >= 22, `engines.node is ${packageJson.engines.node}; @pulumi/pulumi and kubernetes-models need >=22`);
        assert.ok(Number(process.versions.node.split(".")[0]) >= minimum, `running on Node ${process.version}`);
    });

    it("is the project's pinned Node where the project brings one", function () {
        const pinned = packageJson.optionalDependencies[bundledNode];
        if (pinned === undefined) {
            // No Node package for this platform in package.json: the machine's own runs the tests.
            this.skip();
        }
        assert.equal(process.versions.node, pinned, `npm run should put node_modules/.bin/node (${bundledNode}) first on PATH`);
    });
});
