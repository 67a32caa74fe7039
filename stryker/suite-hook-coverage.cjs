// Loaded by Stryker's mocha runner only (mochaOptions.require in stryker.config.mjs),
// never by npm test. Corrects Stryker's per-test coverage for suites that set up
// in a "before all" hook, as most of ours do (`before(async () => plan = await
// planStack(...))`): the runner marks the current test in a root beforeEach, so
// whatever a before-all hook executes is credited to the test that ran before it,
// in another suite. Stryker then runs only that test against the mutant, never the
// tests that read the hook's plan, and reports mutants as survived that those
// tests kill. Here each before-all hook's coverage goes to every test of its suite
// (and nested suites) that ran, which is what those tests depend on.
const path = require("path");

const { Runner } = require(path.join(path.dirname(require.resolve("mocha/package.json")), "lib", "mocha.cjs"));

const stryker = () => globalThis.__stryker__;
const suitesByKey = new Map();

const hook = Runner.prototype.hook;
Runner.prototype.hook = function (name, fn) {
    const ns = stryker();
    if (name === "beforeAll" && ns) {
        const key = `stryker-before-all-hooks#${suitesByKey.size}: ${this.suite.fullTitle()}`;
        suitesByKey.set(key, this.suite);
        ns.currentTestId = key;
    }
    return hook.call(this, name, fn);
};

const run = Runner.prototype.run;
Runner.prototype.run = function (fn, ...rest) {
    const ran = new Set();
    this.on("test", (test) => ran.add(test.fullTitle()));
    return run.call(
        this,
        (...results) => {
            creditSuiteHooks(ran);
            return fn?.(...results);
        },
        ...rest,
    );
};

function creditSuiteHooks(ran) {
    const perTest = stryker()?.mutantCoverage?.perTest;
    for (const [key, suite] of suitesByKey) {
        const covered = perTest?.[key];
        if (!covered) {
            continue;
        }
        delete perTest[key];
        suite.eachTest((test) => {
            const id = test.fullTitle();
            if (ran.has(id)) {
                const target = (perTest[id] ??= {});
                for (const [mutant, hits] of Object.entries(covered)) {
                    target[mutant] = (target[mutant] ?? 0) + hits;
                }
            }
        });
    }
    suitesByKey.clear();
}
