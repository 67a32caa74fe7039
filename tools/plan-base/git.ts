// The few git commands plan:base runs, each a child process of the real git:
// a failure is a GitError with git's own first line of complaint.
import { execFileSync } from "child_process";

export class GitError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "GitError";
    }
}

export function git(cwd: string, ...args: string[]): string {
    try {
        return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
    } catch (error) {
        const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
        const reason = stderr.split("\n").find((line) => line.trim() !== "") ?? (error as Error).message;
        throw new GitError(`git ${args.join(" ")}: ${reason}`);
    }
}

/** The commit a ref names, or undefined when it names none. */
export function resolveCommit(cwd: string, ref: string): string | undefined {
    try {
        return git(cwd, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`);
    } catch {
        return undefined;
    }
}
