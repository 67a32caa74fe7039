// `npm run plan -- <stack>`: the credential-free plan of one site, for review
// in pull requests. Writes .plan/<stack>/ and prints a short tree.
//
// Whatever goes wrong that the user can fix is one line per problem on stderr,
// without a stack trace: exit 2 for the command line (including a stack that has
// no stack file), 1 for the configuration.
import "./defer-closure-modules";
import * as fs from "fs";
import * as path from "path";
import { siteConfigProblems } from "../../stacks/config/errors";
import { parseArguments, usage } from "./arguments";
import { writePlan } from "./artifacts";
import { evaluateStack } from "./evaluate";
import { StackFileError, readStackFile, stackFilePath, stackNames } from "./stack-file";
import { summarize } from "./summary";
import { projectDir, projectName } from "../project";
import { fail, runCommand } from "../errors-out";

const project = projectName();

const usageExit = 2;
const configExit = 1;

async function main(argv: string[]): Promise<number> {
    const args = parseArguments(argv);
    if (args.help) {
        console.log(usage);
        return 0;
    }
    const { stack } = args;
    const file = args.stackFile !== undefined ? path.resolve(args.stackFile) : stackFilePath(projectDir, stack);
    const shownAs = args.stackFile ?? shortest(file);
    if (!fs.existsSync(file)) {
        const existing = stackNames(projectDir);
        return fail(
            usageExit,
            args.stackFile !== undefined
                ? `--stack-file ${args.stackFile}: no such file`
                : `no stack ${stack}: ${file} does not exist (stacks: ${existing.join(", ") || "none"})`,
        );
    }
    // Pulumi runs the program from the project directory; relative paths in the
    // configuration (existing.kubeconfig) must mean the same here.
    process.chdir(projectDir);
    let stackConfig;
    try {
        stackConfig = readStackFile(file, project, shownAs);
    } catch (error) {
        if (error instanceof StackFileError) {
            return fail(configExit, error.message);
        }
        throw error;
    }
    let plan;
    try {
        plan = await evaluateStack({ projectDir, project, stack, stackConfig });
    } catch (error) {
        // The program's own messages name the key; the plan adds which file it was in.
        const problems = siteConfigProblems(error);
        if (problems !== undefined) {
            return fail(configExit, ...problems.map((problem) => `${shownAs}: ${problem}`));
        }
        throw error;
    }
    const written = writePlan(plan, path.join(projectDir, ".plan", stack));
    console.log(summarize(plan));
    console.log(
        `wrote ${path.relative(projectDir, written.directory)}/: resources.json, ` +
            `manifests/ (${written.manifestFiles.length} files), outputs.json, secret-digests.json`,
    );
    return 0;
}

// A path as short as it can be said from where the user is.
function shortest(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}


runCommand(() => main(process.argv.slice(2)), { usage });
