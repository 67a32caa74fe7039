// Plan benchmark (not a test): how long `npm run plan -- <stack>` takes and how
// much memory it needs, for each stack, interleaved in one run so that every
// stack sees the same machine. Each run is a fresh process (as a user runs it),
// measured by GNU time: wall clock and peak resident memory. Prints the median,
// minimum and maximum per stack, and each stack's median against the first's.
//
//   npm run bench:plan -- [--runs 5] [stack ...]     (default: every committed stack)
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stackNames } from "../tools/plan/stack-file";
import { projectDir } from "../tools/project";

interface Sample {
    wallSeconds: number;
    peakMegabytes: number;
}

function parse(argv: string[]): { runs: number; stacks: string[] } {
    let runs = 5;
    const stacks: string[] = [];
    for (let index = 0; index < argv.length; index++) {
        if (argv[index] === "--runs") {
            runs = Number(argv[++index]);
            if (!Number.isInteger(runs) || runs < 1) {
                throw new Error(`--runs needs a whole number >= 1, got ${argv[index]}`);
            }
        } else {
            stacks.push(argv[index]);
        }
    }
    return { runs, stacks: stacks.length > 0 ? stacks : stackNames(projectDir) };
}

// One plan in a process of its own, as `npm run plan` starts it (node and the loader, without npm's own start-up).
function planOnce(stack: string, timeFile: string): Sample {
    const node = process.execPath;
    const result = spawnSync(
        "/usr/bin/time",
        ["-f", "%e %M", "-o", timeFile, node, "--require", "./tools/plan/register-typescript.js", "tools/plan/main.ts", stack],
        { cwd: projectDir, encoding: "utf8" },
    );
    if (result.error || result.status !== 0) {
        throw new Error(`planning ${stack} failed: ${result.error?.message ?? result.stderr}`);
    }
    const [wall, kilobytes] = fs.readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    return { wallSeconds: wall, peakMegabytes: kilobytes / 1024 };
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function main(): void {
    const { runs, stacks } = parse(process.argv.slice(2));
    const timeFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-plan-")), "time");
    const samples = new Map<string, Sample[]>(stacks.map((stack) => [stack, []]));
    // One warm-up plan per stack, unmeasured: the first run pays for a cold disk cache.
    for (const stack of stacks) {
        planOnce(stack, timeFile);
    }
    for (let run = 0; run < runs; run++) {
        for (const stack of stacks) {
            samples.get(stack)!.push(planOnce(stack, timeFile));
        }
    }
    const baseline = median(samples.get(stacks[0])!.map((s) => s.wallSeconds));
    console.log(`${runs} runs per stack on ${os.cpus().length} cores, Node ${process.version}`);
    console.log("stack          wall s median (min-max)   peak MB median (min-max)   wall vs " + stacks[0]);
    for (const stack of stacks) {
        const wall = samples.get(stack)!.map((s) => s.wallSeconds);
        const peak = samples.get(stack)!.map((s) => s.peakMegabytes);
        console.log(
            `${stack.padEnd(14)} ${median(wall).toFixed(2).padStart(6)} (${Math.min(...wall).toFixed(2)}-${Math.max(...wall).toFixed(2)})` +
                `       ${median(peak).toFixed(0).padStart(5)} (${Math.min(...peak).toFixed(0)}-${Math.max(...peak).toFixed(0)})` +
                `              ${(median(wall) / baseline).toFixed(2)}x`,
        );
    }
    fs.rmSync(path.dirname(timeFile), { recursive: true, force: true });
}

main();
