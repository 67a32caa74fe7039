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
                return maskLeaves(record["value"]);
            case pulumi.runtime.specialResourceSig:
                return { resource: record["urn"] };
            case pulumi.runtime.specialOutputValueSig:
                if (record["secret"] === true) {
                    return "value" in record ? maskLeaves(record["value"]) : maskedSecret;
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

// A secret keeps its shape (a Secret's stringData stays a mapping, so the manifest
// still validates) but every value in it is replaced.
function maskLeaves(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(maskLeaves);
    }
    if (value !== null && typeof value === "object" && !(pulumi.runtime.specialSigKey in value)) {
        return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskLeaves(inner)]));
    }
    return maskedSecret;
}
