// The stack file's secrets, compared by the digest of each one's ciphertext that
// the plan records (tools/plan/stack-file.ts). A secret's value is masked in the
// plan, so this is the only way a review can tell it changed; no value is read.
export interface SecretChanges {
    /** False when a side's plan records no digests (planned before they were recorded): nothing can be said. */
    recorded: boolean;
    changed: string[];
    added: string[];
    removed: string[];
    unchanged: number;
}

// `oneSided`: the site exists on one side only; its secrets are all added or removed.
export function secretChanges(
    base: Record<string, string> | undefined,
    head: Record<string, string> | undefined,
    oneSided: boolean,
): SecretChanges {
    if (!oneSided && (base === undefined || head === undefined)) {
        return { recorded: false, changed: [], added: [], removed: [], unchanged: 0 };
    }
    const before = base ?? {};
    const after = head ?? {};
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return {
        recorded: true,
        changed: keys.filter((key) => key in before && key in after && before[key] !== after[key]),
        added: keys.filter((key) => !(key in before)),
        removed: keys.filter((key) => !(key in after)),
        unchanged: keys.filter((key) => key in before && before[key] === after[key]).length,
    };
}
