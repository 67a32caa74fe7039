// Mutation testing (npm run test:mutation): see CONTRIBUTING.md.
import * as fs from "fs";
import { createRequire } from "module";
import { fileURLToPath } from "url";

// The mocha runner cannot load mocha 12 without this (see the file): it is loaded
// here for Stryker's own process and by --require for its child processes.
const mocha12Cli = fileURLToPath(new URL("./stryker/mocha-12-cli.cjs", import.meta.url));
createRequire(import.meta.url)(mocha12Cli);

// Mocha stops at a mutant's first failing test, in file order. The suites of each
// kind of site go first: they kill nearly every mutant of components/site/ (the
// largest directory), which otherwise first runs every whole-platform suite that
// sorts before them and plans the same stack.
const firstSuites = ["aks-site", "eks-site", "proxmox-site", "vsphere-site"].map((name) => `test/${name}.test.ts`);
const testFiles = fs.globSync("test/**/*.test.ts").sort();
const spec = [...firstSuites, ...testFiles.filter((file) => !firstSuites.includes(file))];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
    packageManager: "npm",
    testRunner: "mocha",
    testRunnerNodeArgs: ["--require", mocha12Cli],
    checkerNodeArgs: ["--require", mocha12Cli],
    mutate: ["components/**/*.ts", "stacks/**/*.ts", "tools/**/*.ts", "index.ts"],
    mochaOptions: {
        // .mocharc.json: the extension; the files, in the order above.
        config: ".mocharc.json",
        spec,
        // Replaces .mocharc.json's list: the TypeScript hook, and a correction of
        // per-test coverage for suites that plan in a before() hook (see the file).
        require: ["tools/plan/register-typescript.js", "stryker/suite-hook-coverage.cjs"],
        // The fast suite (npm run test:fast). The runner ignores mocha's `invert`,
        // so the pattern excludes `#real` itself.
        grep: "^(?!.*#real)",
    },
    coverageAnalysis: "perTest",
    // Other jobs share this 2-core machine: with Stryker's defaults (1.5 x the
    // tests' time + 5 s) mutants timed out under load that pass or fail in
    // normal time when run by hand, and a timeout counts as killed.
    timeoutFactor: 2,
    timeoutMS: 20000,
    // A test process keeps growing over thousands of mutants, and slows as its
    // heap fills (2.7 and 3.2 GB after six minutes, before tools/plan/evaluate.ts
    // let go of earlier programs; about 0.9 GB after 50 mutants since): a fresh
    // one every 50 mutants costs a few seconds of loading instead.
    maxTestRunnerReuse: 50,
    checkers: [],
    concurrency: 2,
    tempDirName: ".stryker-tmp",
    // stryker/mutant-log.mjs: each result as it comes (reports/mutation/mutants.jsonl).
    plugins: ["@stryker-mutator/*", "./stryker/mutant-log.mjs"],
    reporters: ["progress", "clear-text", "html", "json", "mutant-log"],
    htmlReporter: { fileName: "reports/mutation/mutation.html" },
    jsonReporter: { fileName: "reports/mutation/mutation.json" },
};
