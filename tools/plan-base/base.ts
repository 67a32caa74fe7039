// Plans the base of the current branch: the merge-base of HEAD with a ref
// (default origin/main, else main), checked out in a temporary `git worktree`
// and planned there, every committed stack of that commit, into a plan directory
// that `npm run plan:diff` reads. The worktree is removed whatever happens.
//
// The base's program is evaluated by this (the head's) planner, so that both
// sides of the diff are planned alike: a change to the planner itself does not
// read as a change to every site.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { siteConfigProblems } from "../../stacks/config/errors";
import { writePlan } from "../plan/artifacts";
import { evaluateStack } from "../plan/evaluate";
import { readStackConfig, stackNames } from "../plan/stack-file";
import { projectName } from "../project";
import { git, resolveCommit } from "./git";

/** What the user can fix about planning the base: one line per problem. */
export class PlanBaseError extends Error {
    readonly problems: string[];
    constructor(...problems: string[]) {
        super(problems.join("\n"));
        this.name = "PlanBaseError";
        this.problems = problems;
    }
}

export interface PlanBaseOptions {
    /** The project checkout whose history holds the base (its node_modules are lent to the worktree). */
    projectDir: string;
    /** The branch the pull request goes into; default origin/main, else main. */
    ref?: string;
    /** Where the plans go: <out>/<stack>/. */
    out: string;
    /** Only these stacks (default: every Pulumi.<stack>.yaml at the base). */
    stacks?: readonly string[];
}

export interface PlannedBase {
    ref: string;
    commit: string;
    stacks: string[];
}

export const defaultRefs = ["origin/main", "main"];

export async function planBase(options: PlanBaseOptions): Promise<PlannedBase> {
    const { projectDir } = options;
    const ref = options.ref ?? defaultRefs.find((candidate) => resolveCommit(projectDir, candidate) !== undefined);
    if (ref === undefined) {
        throw new PlanBaseError(`neither ${defaultRefs.join(" nor ")} exists: name the branch the change goes into with --ref <git-ref>`);
    }
    if (resolveCommit(projectDir, ref) === undefined) {
        throw new PlanBaseError(`--ref ${ref}: no such commit (fetch it first, e.g. git fetch origin ${ref.replace(/^origin\//, "")})`);
    }
    const commit = git(projectDir, "merge-base", "HEAD", ref);
    // The project may sit below the repository's top: the same place in the worktree.
    const top = fs.realpathSync(git(projectDir, "rev-parse", "--show-toplevel"));
    const below = path.relative(top, fs.realpathSync(projectDir));

    const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "plan-base-"));
    const tree = path.join(temporary, "tree");
    const cwd = process.cwd();
    try {
        git(projectDir, "worktree", "add", "--detach", "--quiet", tree, commit);
        const baseDir = path.join(tree, below);
        lendNodeModules(projectDir, baseDir);
        const available = stackNames(baseDir);
        const stacks = options.stacks !== undefined ? [...options.stacks] : available;
        const missing = stacks.filter((stack) => !available.includes(stack));
        if (missing.length > 0 || stacks.length === 0) {
            throw new PlanBaseError(
                stacks.length === 0
                    ? `the base ${commit.slice(0, 12)} (${ref}) has no Pulumi.<stack>.yaml`
                    : `the base ${commit.slice(0, 12)} (${ref}) has no stack ${missing.join(", ")} (it has: ${available.join(", ") || "none"})`,
            );
        }
        const project = projectName(baseDir);
        clearPlans(options.out);
        // Pulumi runs the program from the project directory; relative paths in the
        // configuration (existing.kubeconfig) must mean the same here.
        process.chdir(baseDir);
        for (const stack of stacks) {
            const stackConfig = readStackConfig(baseDir, stack, project);
            try {
                writePlan(await evaluateStack({ projectDir: baseDir, project, stack, stackConfig }), path.join(options.out, stack));
            } catch (error) {
                const problems = siteConfigProblems(error);
                if (problems !== undefined) {
                    throw new PlanBaseError(...problems.map((problem) => `Pulumi.${stack}.yaml at ${commit.slice(0, 12)}: ${problem}`));
                }
                throw error;
            }
        }
        return { ref, commit, stacks };
    } finally {
        process.chdir(cwd);
        removeWorktree(projectDir, tree);
        fs.rmSync(temporary, { recursive: true, force: true });
    }
}

// A fresh worktree has no node_modules (git ignores them): the checkout's own are
// linked in, so the base's program loads the same packages as this planner.
function lendNodeModules(projectDir: string, baseDir: string): void {
    const own = path.join(projectDir, "node_modules");
    const lent = path.join(baseDir, "node_modules");
    if (fs.existsSync(own) && !fs.existsSync(lent)) {
        fs.symlinkSync(fs.realpathSync(own), lent, "dir");
    }
}

// Stale plans of a stack the base no longer has must not read as a site.
// Only directories that hold a plan are removed, never anything else in <out>.
function clearPlans(out: string): void {
    if (!fs.existsSync(out)) {
        return;
    }
    for (const entry of fs.readdirSync(out, { withFileTypes: true })) {
        if (entry.isDirectory() && fs.existsSync(path.join(out, entry.name, "resources.json"))) {
            fs.rmSync(path.join(out, entry.name), { recursive: true, force: true });
        }
    }
}

// Only this worktree: never a prune, which would touch other worktrees' records.
function removeWorktree(projectDir: string, tree: string): void {
    if (fs.existsSync(tree)) {
        git(projectDir, "worktree", "remove", "--force", tree);
    }
}
