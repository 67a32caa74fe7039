// The benchmark's printed result: one row per image size and association
// count, the two configurations side by side.
export interface Measurement {
    configuration: string;
    size: string;
    associations: number;
    instances: number;
    bytes: number;
    seconds: number;
}

export function formatTable(measurements: Measurement[], configurations: [string, string]): string {
    const [a, b] = configurations;
    const header = ["size", "assoc.", `${a} inst/s`, `${a} MB/s`, `${b} inst/s`, `${b} MB/s`, `${a}/${b}`];
    const rows: string[][] = [];
    for (const first of measurements.filter((m) => m.configuration === a)) {
        const second = measurements.find(
            (m) => m.configuration === b && m.size === first.size && m.associations === first.associations,
        );
        if (!second) {
            continue;
        }
        rows.push([
            `${first.size} (${kilobytes(first.bytes / first.instances)} KB)`,
            String(first.associations),
            rate(first.instances / first.seconds),
            rate(first.bytes / first.seconds / 1e6),
            rate(second.instances / second.seconds),
            rate(second.bytes / second.seconds / 1e6),
            `${(second.seconds / first.seconds).toFixed(1)}x`,
        ]);
    }
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
    const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
    return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

function rate(value: number): string {
    return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function kilobytes(bytes: number): string {
    return (bytes / 1000).toFixed(0);
}
