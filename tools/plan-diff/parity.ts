// The parity result of the head plans, for the review: parity's own comparison
// (tools/parity) run on the plans the diff read, its one line and the
// differences outside the site knobs.
import type { Plan } from "../plan/evaluate";
import { compareSites } from "../parity/compare";
import { siteKnobs } from "../parity/knobs";
import { PlatformNotFoundError } from "../parity/platform-objects";
import { formatDifferences, summaryLine } from "../parity/report";

export interface ParityOutcome {
    /** parity's summary line, or why it could not compare. */
    summary: string;
    passed: boolean;
    /** The differences outside the knobs, as `npm run parity` prints them. */
    undeclared: string[];
}

export function headParity(plans: readonly Plan[]): ParityOutcome {
    try {
        const result = compareSites(plans, siteKnobs);
        return { summary: summaryLine(result), passed: result.undeclared.length === 0, undeclared: formatDifferences(result.undeclared, result.stacks) };
    } catch (error) {
        if (error instanceof PlatformNotFoundError) {
            return { summary: `not compared: ${error.message}`, passed: false, undeclared: [] };
        }
        throw error;
    }
}
