// The project, as Pulumi knows it: its directory and the name Pulumi.yaml gives
// it, which prefixes every configuration key and every URN. Read here once.
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

export const projectDir = path.resolve(__dirname, "..");

export function projectName(directory = projectDir): string {
    const document = YAML.parse(fs.readFileSync(path.join(directory, "Pulumi.yaml"), "utf8")) as { name?: unknown };
    if (typeof document?.name !== "string" || document.name === "") {
        throw new Error(`${path.join(directory, "Pulumi.yaml")} names no project`);
    }
    return document.name;
}
