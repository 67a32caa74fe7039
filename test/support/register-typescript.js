// Mocha loads the TypeScript sources through sucrase (transpile only: `npm run
// typecheck` is the type check). Dynamic import() is kept native so that the
// ESM-only schema packages (kubernetes-models, @kubernetes-models/*) can load.
require("sucrase/dist/register").addHook(".ts", {
    transforms: ["imports", "typescript"],
    preserveDynamicImport: true,
});
