// Reads Pulumi.<stack>.yaml into the flat map the Pulumi runtime expects
// ("project:key" -> string, objects as JSON). `secure:` values are never
// decrypted: each becomes a placeholder and its key is marked secret.
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

export interface StackConfig {
    config: Record<string, string>;
    secretKeys: string[];
    /**
     * Each `secure:` value's SHA-256 of its ciphertext as the stack file holds it, by
     * its key (`project:key`, `project:key.inner`, `project:key[0]`). The plan masks
     * secret values, so this is how a review can tell that a secret changed. It is
     * never a digest of the value: the ciphertext is already in the repository.
     */
    secretDigests?: Record<string, string>;
}

// A stack file that cannot be read into configuration: its message is one line
// that starts with the file (and, for YAML syntax, the line and column).
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

export function stackFilePath(projectDir: string, stack: string): string {
    return path.join(projectDir, `Pulumi.${stack}.yaml`);
}

// The stacks that have a stack file beside Pulumi.yaml.
export function stackNames(projectDir: string): string[] {
    return fs
        .readdirSync(projectDir)
        .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
        .filter((stack): stack is string => stack !== undefined)
        .sort();
}

export function readStackConfig(projectDir: string, stack: string, projectName: string): StackConfig {
    return readStackFile(stackFilePath(projectDir, stack), projectName);
}

// `shownAs` is how messages name the file: as the user wrote it.
export function readStackFile(file: string, projectName: string, shownAs = file): StackConfig {
    if (!fs.existsSync(file)) {
        throw new StackFileError(`${shownAs}: no such file`);
    }
    const document = parseYaml(fs.readFileSync(file, "utf8"), shownAs) ?? {};
    if (!isMapping(document)) {
        throw new StackFileError(`${shownAs}: expected a mapping with a config key, as in Pulumi.local.yaml`);
    }
    const entries = document.config ?? {};
    if (!isMapping(entries)) {
        throw new StackFileError(`${shownAs}: config: expected a mapping of keys to values`);
    }
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const secretDigests: Record<string, string> = {};
    for (const [rawKey, rawValue] of Object.entries(entries)) {
        // Keys without a namespace belong to the project, as in the Pulumi CLI.
        const key = rawKey.includes(":") ? rawKey : `${projectName}:${rawKey}`;
        const { value, secret } = withPlaceholders(key, rawValue, secretDigests);
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
        if (secret) {
            secretKeys.push(key);
        }
    }
    return { config, secretKeys, secretDigests };
}

function parseYaml(text: string, shownAs: string): unknown {
    try {
        return YAML.parse(text);
    } catch (error) {
        if (error instanceof YAML.YAMLError) {
            // The parser's message ends with the position and a few lines of context:
            // keep its first sentence and give the position as file:line:column.
            const position = error.linePos?.[0];
            const where = position ? `${shownAs}:${position.line}:${position.col}` : shownAs;
            const sentence = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "").split("\n")[0];
            throw new StackFileError(`${where}: ${sentence}`);
        }
        throw error;
    }
}

function isMapping(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function withPlaceholders(key: string, value: unknown, digests: Record<string, string>): { value: unknown; secret: boolean } {
    if (isSecure(value)) {
        digests[key] = ciphertextDigest((value as { secure: string }).secure);
        return { value: `[secret ${key}]`, secret: true };
    }
    if (Array.isArray(value)) {
        const items = value.map((item, index) => withPlaceholders(`${key}[${index}]`, item, digests));
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (value !== null && typeof value === "object") {
        let secret = false;
        const result: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const inner = withPlaceholders(`${key}.${k}`, v, digests);
            result[k] = inner.value;
            secret ||= inner.secret;
        }
        return { value: result, secret };
    }
    return { value, secret: false };
}

// Of the ciphertext, never of a value: the same value encrypted again (Pulumi's
// nonce is random) reads as changed, which a review should know of anyway.
export function ciphertextDigest(ciphertext: string): string {
    return `sha256:${crypto.createHash("sha256").update(ciphertext).digest("hex")}`;
}

function isSecure(value: unknown): boolean {
    return (
        value !== null &&
        typeof value === "object" &&
        !Array.isArray(value) &&
        Object.keys(value).length === 1 &&
        typeof (value as { secure?: unknown }).secure === "string"
    );
}
