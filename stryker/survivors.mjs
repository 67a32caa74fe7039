// Lists the mutants that survived (or that no test reached) in
// reports/mutation/mutants.jsonl, file by file with the source line, and counts
// every status: what the log of a run so far says, finished or not.
//
//   node stryker/survivors.mjs [file-prefix]
import * as fs from "fs";
import { logFile } from "./mutant-log.mjs";

const prefix = process.argv[2] ?? "";
const results = fs.readFileSync(logFile, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
const counts = {};
const open = new Map();
for (const result of results) {
    counts[result.status] = (counts[result.status] ?? 0) + 1;
    if ((result.status === "Survived" || result.status === "NoCoverage") && result.file.startsWith(prefix)) {
        open.set(result.file, [...(open.get(result.file) ?? []), result]);
    }
}
for (const [file, mutants] of [...open].sort()) {
    const lines = fs.readFileSync(file, "utf8").split("\n");
    console.log(`\n${file}`);
    for (const m of mutants.sort((a, b) => a.line - b.line || a.column - b.column)) {
        const replacement = m.replacement.replace(/\s+/g, " ").slice(0, 60);
        console.log(`  ${m.line}:${m.column} ${m.status} ${m.mutator} -> ${replacement}`);
        console.log(`      ${lines[m.line - 1].trim().slice(0, 110)}`);
    }
}
const killed = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
const scored = killed + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
console.log(`\n${JSON.stringify(counts)}`);
if (scored > 0) {
    console.log(`killed or timed out: ${killed} of ${scored} (${((100 * killed) / scored).toFixed(1)} %)`);
}
