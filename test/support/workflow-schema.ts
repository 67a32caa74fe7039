// GitHub's own workflow parser (@actions/workflow-parser), loaded into the
// CommonJS tests. It is ESM-only, so it comes in through a native import()
// (tools/plan/register-typescript.js leaves import() alone); and its modules
// import their JSON schema without `with { type: "json" }`, which only a
// bundler forgives, so a module hook adds that attribute for its files alone.
import * as module from "module";

// The parts of the package used here, written out: sucrase cannot read a type
// import with the `resolution-mode` attribute TypeScript needs for an ESM package.
interface WorkflowParser {
    parseWorkflow(
        file: { name: string; content: string },
        trace: unknown,
    ): { context: ParseContext; value: unknown };
    convertWorkflowTemplate(context: ParseContext, value: unknown): Promise<{ errors?: Array<{ Message: string }> }>;
    NoOperationTraceWriter: new () => unknown;
}

interface ParseContext {
    errors: { getErrors(): Array<{ message: string }> };
}

let loading: Promise<WorkflowParser> | undefined;

function load(): Promise<WorkflowParser> {
    module.registerHooks({
        load(url, context, nextLoad) {
            if (url.includes("/@actions/workflow-parser/") && url.endsWith(".json")) {
                return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
            }
            return nextLoad(url, context);
        },
    });
    return import("@actions/workflow-parser") as Promise<unknown> as Promise<WorkflowParser>;
}

/** Every error GitHub's schema finds in one workflow file, as "<name> (Line: l, Col: c): message". */
export async function workflowErrors(name: string, content: string): Promise<string[]> {
    loading ??= load();
    const parser = await loading;
    const parsed = parser.parseWorkflow({ name, content }, new parser.NoOperationTraceWriter());
    const errors = parsed.context.errors.getErrors().map((error) => error.message);
    // Conversion finds what the schema alone cannot (jobs that need unknown jobs, cycles).
    const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value);
    const converted = (template.errors ?? []).map((error) => error.Message);
    return [...new Set([...errors, ...converted])];
}
