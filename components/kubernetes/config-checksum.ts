// A pod template annotation holding the checksum of a workload's configuration:
// programs that read their files only at start are restarted when the text changes.
import * as crypto from "crypto";

export const configChecksumAnnotation = "imaging-platform/config-sha256";

export function configChecksum(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex");
}
