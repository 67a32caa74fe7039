// Turns the wire form of resource inputs and stack outputs (what the SDK sends
// to the engine) into plain JSON for the plan, with every secret replaced.
import * as pulumi from "@pulumi/pulumi";

export const maskedSecret = "[secret]";
export const unknownValue = "[computed]";

export function fromWire(value: unknown): unknown {
    if (value === pulumi.runtime.unknownValue) {
        return unknownValue;
    }
    if (Array.isArray(value)) {
        return value.map(fromWire);
    }
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        switch (record[pulumi.runtime.specialSigKey]) {
            case pulumi.runtime.specialSecretSig:
                return maskedSecret;
            case pulumi.runtime.specialResourceSig:
                return { resource: record["urn"] };
            case pulumi.runtime.specialOutputValueSig:
                if (record["secret"] === true) {
                    return maskedSecret;
                }
                return "value" in record ? fromWire(record["value"]) : unknownValue;
        }
        const result: Record<string, unknown> = {};
        for (const [key, inner] of Object.entries(record)) {
            result[key] = fromWire(inner);
        }
        return result;
    }
    return value;
}
