// A Stryker reporter that appends each mutant's result to
// reports/mutation/mutants.jsonl as soon as it is known. Stryker writes its own
// reports only when a run ends, and a whole run takes hours: with this log, an
// interrupted run still shows what survived, and survivors can be worked on
// while the run goes on.
import * as fs from "fs";
import * as path from "path";
import { PluginKind, declareClassPlugin } from "@stryker-mutator/api/plugin";

export const logFile = "reports/mutation/mutants.jsonl";

class MutantLog {
    constructor() {
        fs.mkdirSync(path.dirname(logFile), { recursive: true });
        fs.writeFileSync(logFile, "");
    }

    onMutantTested(result) {
        const line = {
            status: result.status,
            file: path.relative(process.cwd(), result.fileName),
            line: result.location.start.line,
            column: result.location.start.column,
            mutator: result.mutatorName,
            replacement: result.replacement,
            killedBy: result.killedBy,
            testsCompleted: result.testsCompleted,
        };
        fs.appendFileSync(logFile, `${JSON.stringify(line)}\n`);
    }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, "mutant-log", MutantLog)];
