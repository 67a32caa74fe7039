// The Pulumi SDK loads the TypeScript compiler and npm's Arborist when it starts,
// for closure serialization (pulumi.runtime.serializeFunction), which this
// program never uses. Compiling them is over a second of `npm run plan`'s start-up
// on a 2-core machine, so the plan hands the SDK stand-ins that load the real
// module on first use. Nothing the program does changes, and `pulumi up` is not
// affected. Must be imported before @pulumi/pulumi.
import Module = require("module");

const deferred = new Set(["typescript", "@npmcli/arborist"]);

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const modules = Module as unknown as { _load: Load };
const load = modules._load;

modules._load = function (this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
    if (!deferred.has(request)) {
        return load.call(this, request, parent, isMain);
    }
    let loaded: Record<PropertyKey, unknown> | undefined;
    const real = () => (loaded ??= load.call(this, request, parent, isMain) as Record<PropertyKey, unknown>);
    return new Proxy(
        {},
        {
            // TypeScript's `import * as` helper asks this first; "yes" makes it use the
            // stand-in as the namespace instead of copying (and so loading) every export.
            get: (_target, key) => (key === "__esModule" && loaded === undefined ? true : real()[key]),
        },
    );
};
