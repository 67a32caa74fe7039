// Test instances made on the spot: no DICOM files ship with the system. A BMP
// written here becomes a Secondary Capture with img2dcm; dcmodify then gives the
// study, the series and every instance their own UIDs.
import * as fs from "fs";
import * as path from "path";
import { runChecked } from "./run-command";

// Pixel bytes per instance: a small image (~50 KB, like a CR thumbnail or an SR)
// and a large one (~800 KB, like a CT slice).
export const imageSizes = { small: 50_000, large: 800_000 } as const;

export interface StudyOptions {
    instances: number;
    pixelBytes: number;
    patientId: string;
    // DICOM PN form; by default CONFORMANCE^TEST.
    patientName?: string;
}

export interface GeneratedStudy {
    studyInstanceUid: string;
    files: string[];
    sopInstanceUids: string[];
    totalBytes: number;
}

// dcmodify and dcmdump take many files per call; this keeps the command line short.
const filesPerCall = 200;

export async function generateStudy(directory: string, options: StudyOptions): Promise<GeneratedStudy> {
    fs.mkdirSync(directory, { recursive: true });
    const bitmap = path.join(directory, "image.bmp");
    const template = path.join(directory, "template.dcm");
    writeBmp(bitmap, squareSide(options.pixelBytes));
    await runChecked("img2dcm", [
        "-i", "BMP", bitmap, template,
        "-k", `PatientID=${options.patientId}`,
        "-k", `PatientName=${options.patientName ?? "CONFORMANCE^TEST"}`,
    ]);
    // New study, series and instance UIDs for this study; -nb: no .bak files.
    await runChecked("dcmodify", ["-nb", "-gst", "-gse", "-gin", template]);

    const files = Array.from({ length: options.instances }, (_, i) =>
        path.join(directory, `instance-${String(i + 1).padStart(4, "0")}.dcm`),
    );
    for (const file of files) {
        fs.copyFileSync(template, file);
    }
    for (const chunk of chunks(files, filesPerCall)) {
        // -gin draws a fresh SOP Instance UID for each file.
        await runChecked("dcmodify", ["-nb", "-gin", ...chunk]);
    }
    fs.rmSync(bitmap);
    fs.rmSync(template);

    const sopInstanceUids: string[] = [];
    let studyInstanceUid = "";
    for (const chunk of chunks(files, filesPerCall)) {
        const dump = await runChecked("dcmdump", ["-q", "+P", "SOPInstanceUID", "+P", "StudyInstanceUID", ...chunk]);
        sopInstanceUids.push(...valuesOf(dump.stdout, "SOPInstanceUID"));
        studyInstanceUid = valuesOf(dump.stdout, "StudyInstanceUID")[0];
    }
    if (sopInstanceUids.length !== files.length || new Set(sopInstanceUids).size !== files.length) {
        throw new Error(`expected ${files.length} distinct SOP Instance UIDs, read ${sopInstanceUids.length}`);
    }
    const totalBytes = files.reduce((sum, file) => sum + fs.statSync(file).size, 0);
    return { studyInstanceUid, files, sopInstanceUids, totalBytes };
}

// The side of a square 24-bit image of about `bytes` pixel bytes; a multiple of
// 4 so BMP rows need no padding.
function squareSide(bytes: number): number {
    return Math.max(4, Math.floor(Math.sqrt(bytes / 3) / 4) * 4);
}

// An uncompressed 24-bit bottom-up BMP with a gradient, so the pixels are not all equal.
export function writeBmp(file: string, side: number): void {
    const pixelBytes = side * side * 3;
    const headerBytes = 14 + 40;
    const buffer = Buffer.alloc(headerBytes + pixelBytes);
    buffer.write("BM", 0, "ascii");
    buffer.writeUInt32LE(headerBytes + pixelBytes, 2);
    buffer.writeUInt32LE(headerBytes, 10);
    buffer.writeUInt32LE(40, 14); // BITMAPINFOHEADER
    buffer.writeInt32LE(side, 18);
    buffer.writeInt32LE(side, 22);
    buffer.writeUInt16LE(1, 26); // planes
    buffer.writeUInt16LE(24, 28); // bits per pixel
    buffer.writeUInt32LE(0, 30); // no compression
    buffer.writeUInt32LE(pixelBytes, 34);
    buffer.writeInt32LE(2835, 38); // 72 dpi
    buffer.writeInt32LE(2835, 42);
    for (let y = 0; y < side; y++) {
        for (let x = 0; x < side; x++) {
            const offset = headerBytes + (y * side + x) * 3;
            buffer[offset] = x & 0xff;
            buffer[offset + 1] = y & 0xff;
            buffer[offset + 2] = (x + y) & 0xff;
        }
    }
    fs.writeFileSync(file, buffer);
}

function valuesOf(dump: string, keyword: string): string[] {
    const pattern = new RegExp(`^\\([0-9a-f]{4},[0-9a-f]{4}\\) UI \\[([0-9.]+)\\].* ${keyword}$`, "gm");
    return [...dump.matchAll(pattern)].map((match) => match[1]);
}

function chunks<T>(items: T[], size: number): T[][] {
    const result: T[][] = [];
    for (let i = 0; i < items.length; i += size) {
        result.push(items.slice(i, i + size));
    }
    return result;
}
