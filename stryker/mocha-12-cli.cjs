// Lets @stryker-mutator/mocha-runner 10.0.0 load mocha 12. Mocha 12 renamed the cli
// internals the runner requires without an extension (lib/cli/run-helpers, options,
// collect-files) to .cjs, which require() does not try, so the plugin fails to load
// ("no TestRunner plugins were loaded"). Fixed upstream in stryker-js pull request
// 6205, not released yet: remove this file, and its two uses in
// stryker.config.mjs, once a mocha-runner release loads mocha 12 by itself.
// Only an extensionless absolute path into mocha's lib/cli that exists as .cjs
// is redirected; every other require resolves as before.
const fs = require("fs");
const Module = require("module");
const path = require("path");

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
    if (
        path.isAbsolute(request) &&
        path.extname(request) === "" &&
        path.dirname(request).endsWith(path.join("mocha", "lib", "cli")) &&
        fs.existsSync(`${request}.cjs`)
    ) {
        return resolveFilename.call(this, `${request}.cjs`, ...rest);
    }
    return resolveFilename.call(this, request, ...rest);
};
