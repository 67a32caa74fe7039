// Loads the program's TypeScript for `npm run plan`, the tests and the benchmark:
// sucrase strips the types (`npm run typecheck` checks them) and keeps line
// numbers, so stack traces point at the source. Dynamic import() stays native, so
// the ESM-only schema packages (kubernetes-models) load. Each transpiled file is
// cached by its content, so a plan after the first skips the transpiling.
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { addHook } = require("pirates");
const { transform } = require("sucrase");
const sucraseVersion = require("sucrase/package.json").version;

const cacheDirectory = path.join(__dirname, "..", "..", "node_modules", ".cache", "imaging-platform-typescript");
const options = { transforms: ["imports", "typescript"], preserveDynamicImport: true };

function transpile(code, filename) {
    const key = crypto.createHash("sha256").update(`${sucraseVersion}\0${filename}\0${code}`).digest("hex");
    const cached = path.join(cacheDirectory, `${key}.js`);
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        // Not transpiled yet.
    }
    const output = transform(code, { ...options, filePath: filename }).code;
    try {
        fs.mkdirSync(cacheDirectory, { recursive: true });
        // Written whole, then renamed: a parallel run never reads half a file.
        const partial = `${cached}.${process.pid}`;
        fs.writeFileSync(partial, output);
        fs.renameSync(partial, cached);
    } catch {
        // A read-only checkout still runs, only without the cache.
    }
    return output;
}

addHook(transpile, { exts: [".ts"] });
