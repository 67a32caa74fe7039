// `npm run plan -- <stack>`: the credential-free plan of one site, for review
// in pull requests. Writes .plan/<stack>/ and prints a short tree.
import "./defer-closure-modules";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { writePlan } from "./artifacts";
import { evaluateStack } from "./evaluate";
import { readStackFile, stackFilePath } from "./stack-file";
import { summarize } from "./summary";

const projectDir = path.resolve(__dirname, "..", "..");
const project = "imaging-platform";

const usage = [
    "usage: npm run plan -- <stack> [--stack-file <file>]",
    "  reads Pulumi.<stack>.yaml (or <file>, e.g. a proposed change) and writes .plan/<stack>/",
].join("\n");

async function main(argv: string[]): Promise<number> {
    const [stack, ...rest] = argv;
    const stackFileFlag = rest[0] === "--stack-file" && rest.length === 2 ? rest[1] : undefined;
    if (!stack || stack.startsWith("-") || (rest.length > 0 && stackFileFlag === undefined)) {
        console.error(usage);
        return 2;
    }
    const stackConfig = readStackFile(path.resolve(stackFileFlag ?? stackFilePath(projectDir, stack)), project);
    const plan = await evaluateStack({ projectDir, project, stack, stackConfig });
    const written = writePlan(plan, path.join(projectDir, ".plan", stack));
    console.log(summarize(plan));
    console.log(
        `wrote ${path.relative(projectDir, written.directory)}/: resources.json, ` +
            `manifests/ (${written.manifestFiles.length} files), outputs.json`,
    );
    return 0;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
        // A configuration error is the user's to fix: show the message, not a stack trace.
        const message = error instanceof Error && pulumi.RunError.isInstance(error) ? error.message : String((error as Error)?.stack ?? error);
        console.error(`error: ${message}`);
        process.exit(1);
    },
);
