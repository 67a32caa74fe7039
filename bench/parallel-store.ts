// Sends a set of instances over `associations` parallel storescu processes, each
// with its own share, and times the whole transfer.
import { exitOf, spawnStore, type ClientTls, type DicomTarget } from "../test/conformance/dcmtk-client";

export interface StoreTiming {
    seconds: number;
}

export async function storeInParallel(
    target: DicomTarget,
    tls: ClientTls,
    files: string[],
    associations: number,
    environment: Record<string, string>,
): Promise<StoreTiming> {
    const shares = Array.from({ length: associations }, (_, i) => files.filter((_, index) => index % associations === i));
    const started = process.hrtime.bigint();
    const results = await Promise.all(
        shares.filter((share) => share.length > 0).map((share) => exitOf(spawnStore(target, tls, share, environment))),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const failed = results.find((result) => result.code !== 0);
    if (failed) {
        throw new Error(`storescu failed (${failed.signal ?? `exit ${failed.code}`}):\n${failed.stderr}`);
    }
    return { seconds };
}
