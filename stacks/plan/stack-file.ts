// Reads Pulumi.<stack>.yaml into the flat map the Pulumi runtime expects
// ("project:key" -> string, objects as JSON). `secure:` values are never
// decrypted: each becomes a placeholder and its key is marked secret.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

export interface StackConfig {
    config: Record<string, string>;
    secretKeys: string[];
}

export function stackFilePath(projectDir: string, stack: string): string {
    return path.join(projectDir, `Pulumi.${stack}.yaml`);
}

export function readStackConfig(projectDir: string, stack: string, projectName: string): StackConfig {
    return readStackFile(stackFilePath(projectDir, stack), projectName);
}

export function readStackFile(file: string, projectName: string): StackConfig {
    if (!fs.existsSync(file)) {
        throw new Error(`no stack file ${file}`);
    }
    const document = (YAML.parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [rawKey, rawValue] of Object.entries(document.config ?? {})) {
        // Keys without a namespace belong to the project, as in the Pulumi CLI.
        const key = rawKey.includes(":") ? rawKey : `${projectName}:${rawKey}`;
        const { value, secret } = withPlaceholders(key, rawValue);
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
        if (secret) {
            secretKeys.push(key);
        }
    }
    return { config, secretKeys };
}

function withPlaceholders(key: string, value: unknown): { value: unknown; secret: boolean } {
    if (isSecure(value)) {
        return { value: `[secret ${key}]`, secret: true };
    }
    if (Array.isArray(value)) {
        const items = value.map((item, index) => withPlaceholders(`${key}[${index}]`, item));
        return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
    }
    if (value !== null && typeof value === "object") {
        let secret = false;
        const result: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            const inner = withPlaceholders(`${key}.${k}`, v);
            result[k] = inner.value;
            secret ||= inner.secret;
        }
        return { value: result, secret };
    }
    return { value, secret: false };
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
