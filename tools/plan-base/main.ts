// `npm run plan:base -- [<stack>...] [--ref <git-ref>] [--out <dir>]`: the base
// side of `npm run plan:diff`. Plans the merge-base of the current branch with
// the ref in a temporary git worktree and writes the plans to <dir>/<stack>/.
//
// What the user can fix is one line on stderr without a stack trace: exit 2 for
// the command line, 1 for a ref, a history or a stack that cannot be planned.
import "../plan/defer-closure-modules";
import * as path from "path";
import { StackFileError } from "../plan/stack-file";
import { projectDir } from "../project";
import { runCommand } from "../errors-out";
import { parseArguments, usage } from "./arguments";
import { PlanBaseError, planBase } from "./base";
import { GitError } from "./git";


async function main(argv: string[]): Promise<number> {
    const args = parseArguments(argv);
    if (args.help) {
        console.log(usage);
        return 0;
    }
    const out = path.resolve(projectDir, args.out);
    const planned = await planBase({ projectDir, out, ...(args.ref !== undefined ? { ref: args.ref } : {}), ...(args.stacks.length > 0 ? { stacks: args.stacks } : {}) });
    console.log(
        `planned ${planned.stacks.join(", ")} at ${planned.commit.slice(0, 12)} (the merge-base of HEAD and ${planned.ref}); ` +
            `wrote ${planned.stacks.map((stack) => `${path.join(args.out, stack)}/`).join(", ")}`,
    );
    return 0;
}

runCommand(() => main(process.argv.slice(2)), {
    usage,
    problems: (error) =>
        error instanceof PlanBaseError ? error.problems : error instanceof GitError || error instanceof StackFileError ? [error.message] : undefined,
});
