// Small Markdown and shell helpers for the runbook's sections.

/** A fenced shell block: every line must be copy-pasteable as it stands (the tests run `bash -n` on it). */
export function shell(...lines: string[]): string {
    return ["```sh", ...lines, "```"].join("\n");
}

/** A fenced block of another language (YAML manifests). */
export function fenced(language: string, text: string): string {
    return ["```" + language, text.replace(/\n$/, ""), "```"].join("\n");
}

// A value in a shell line: bare when the shell reads it as one word, quoted
// otherwise (e.g. "(known after pulumi up)", which must not become shell syntax).
export function word(value: string): string {
    return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

export function section(title: string, ...paragraphs: string[]): string {
    return [`## ${title}`, ...paragraphs].join("\n\n");
}
