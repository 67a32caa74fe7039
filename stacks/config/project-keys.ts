// Refuses configuration keys in the project's namespace that the program never
// reads. `pulumi config set orthanc.replicas 3` (without --path and site.) writes
// `imaging-platform:orthanc.replicas`, which nothing reads: without this check the
// site would deploy with the default and nobody would notice.

export interface ConfigEntry {
    // The full key, "<namespace>:<key>", as in pulumi.runtime.allConfig().
    key: string;
    value: string;
    // Secret values are never echoed: under `pulumi up` they arrive decrypted.
    secret: boolean;
}

// One problem per key of `namespace` that is not in `allowed`; keys of other
// namespaces (kubernetes:, pulumi:, ...) belong to others and are left alone.
export function strayProjectKeys(
    namespace: string,
    allowed: readonly string[],
    secretKeys: readonly string[],
    entries: readonly ConfigEntry[],
): string[] {
    const prefix = `${namespace}:`;
    return entries
        .filter((entry) => entry.key.startsWith(prefix) && !allowed.includes(entry.key.slice(prefix.length)))
        .sort((a, b) => a.key.localeCompare(b.key))
        .map((entry) => describeStray(entry, entry.key.slice(prefix.length), secretKeys));
}

function describeStray(entry: ConfigEntry, key: string, secretKeys: readonly string[]): string {
    if (entry.secret) {
        return `${entry.key} is not a secret this program reads; expected one of: ${[...secretKeys].sort().join(", ")}`;
    }
    const sitePath = `site.${key}`;
    if (isStructured(entry.value)) {
        // `pulumi config set --path` with a JSON value stores a string, not the mapping.
        return `${entry.key} is not a setting; settings live under site, move it to ${sitePath} in the stack file`;
    }
    return (
        `${entry.key} is not a setting; settings live under site, ` +
        `set it with: pulumi config set --path ${shellQuote(sitePath, true)} ${shellQuote(entry.value)}`
    );
}

// `pulumi config set --path orthanc.replicas 3` stores a mapping under imaging-platform:orthanc.
function isStructured(value: string): boolean {
    try {
        const parsed: unknown = JSON.parse(value);
        return parsed !== null && typeof parsed === "object";
    } catch {
        return false;
    }
}

function shellQuote(text: string, always = false): string {
    if (!always && /^[A-Za-z0-9_.\/:@%+=,-]+$/.test(text)) {
        return text;
    }
    return `'${text.replace(/'/g, `'\\''`)}'`;
}
