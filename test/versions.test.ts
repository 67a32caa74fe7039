import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { charts, images } from "../components/versions";
import { projectDir } from "./support/plan";

describe("pinned versions", () => {
    it("pins every chart to an exact version", () => {
        for (const [name, pin] of Object.entries(charts)) {
            assert.match(pin.version, /^v?\d+\.\d+\.\d+$/, `${name}: ${pin.version}`);
            assert.match(pin.repository, /^https:\/\//, `${name}: ${pin.repository}`);
        }
    });

    it("pins every image to a registry and an explicit tag", () => {
        for (const [name, image] of Object.entries(images)) {
            assert.match(image, /^[a-z0-9.-]+\.[a-z]+\/[^:]+:[A-Za-z0-9][A-Za-z0-9._-]*$/, `${name}: ${image}`);
            assert.doesNotMatch(image, /:latest$/, name);
        }
    });

    it("pins every npm dependency exactly, with typescript below 7", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(projectDir, "package.json"), "utf8"));
        for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
            assert.match(String(version), /^\d+\.\d+\.\d+$/, `${name}@${version}`);
        }
        assert.ok(Number(pkg.devDependencies.typescript.split(".")[0]) < 7);
    });

    it("declares chart and image versions only in components/versions.ts", () => {
        const offenders: string[] = [];
        const walk = (dir: string) => {
            for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
                const file = path.join(dir, entry.name);
                if (entry.isDirectory()) {
                    walk(file);
                } else if (file.endsWith(".ts") && !file.endsWith("versions.ts")) {
                    const text = fs.readFileSync(file, "utf8");
                    if (/version:\s*"\d|image:\s*"[^"]+:[^"]+"/.test(text)) {
                        offenders.push(path.relative(projectDir, file));
                    }
                }
            }
        };
        walk(path.join(projectDir, "components"));
        walk(path.join(projectDir, "stacks"));
        assert.deepEqual(offenders, []);
    });
});
