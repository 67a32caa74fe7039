import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { charts, images } from "../components/versions";
import type { Plan } from "../tools/plan/evaluate";
import { expectedImages, expectedReleases } from "./support/expected-versions";
import { committedStacks, localSiteWith, planSite, planStack, projectDir, resourcesOfType, types } from "./support/plan";

// Every image reference an object in the plan names (containers, CloudNativePG's imageName).
function imagesIn(value: unknown, found = new Set<string>()): Set<string> {
    if (Array.isArray(value)) {
        value.forEach((item) => imagesIn(item, found));
    } else if (value !== null && typeof value === "object") {
        for (const [key, item] of Object.entries(value)) {
            if ((key === "image" || key === "imageName") && typeof item === "string") {
                found.add(item);
            } else {
                imagesIn(item, found);
            }
        }
    }
    return found;
}

describe("the versions the plans deploy", () => {
    // The committed stacks, and variants that turn on the optional charts and images.
    const plans: Array<() => Promise<Plan>> = [
        ...committedStacks().map((stack) => () => planStack(stack)),
        () =>
            planSite(localSiteWith({ objectStore: { type: "s3", bucket: "pacs-archive", region: "eu-central-1", accessKeyId: "orthanc", backupAccessKeyId: "backups" } }), {
                objectStoreSecretAccessKey: "key",
                objectStoreBackupSecretAccessKey: "backup-key",
            }),
        () =>
            planSite(localSiteWith({ objectStore: { type: "azureBlob", storageAccount: "pacsarchive", container: "dicom" } }), {
                objectStoreConnectionString: "DefaultEndpointsProtocol=https;AccountKey=k",
                objectStoreBackupConnectionString: "DefaultEndpointsProtocol=https;AccountKey=b",
            }),
    ];
    const releasesSeen = new Set<string>();
    const imagesSeen = new Set<string>();
    before(async () => {
        for (const evaluate of plans) {
            const plan = await evaluate();
            for (const release of resourcesOfType(plan, types.release)) {
                const inputs = release.inputs as { chart: string; version: string; repositoryOpts: { repo: string } };
                const expected = expectedReleases[release.name];
                assert.ok(expected, `release ${release.name} is not in test/support/expected-versions.ts`);
                assert.deepEqual(
                    { chart: inputs.chart, repository: inputs.repositoryOpts.repo, version: inputs.version },
                    expected,
                    `release ${release.name} in stack ${plan.stack}`,
                );
                releasesSeen.add(release.name);
            }
            plan.resources.forEach((r) => imagesIn(r.inputs, imagesSeen));
        }
    });

    it("installs each chart at the version written out in the test, and each of them somewhere", () => {
        assert.deepEqual([...releasesSeen].sort(), Object.keys(expectedReleases).sort());
    });

    it("runs exactly the images written out in the test", () => {
        assert.deepEqual([...imagesSeen].sort(), Object.values(expectedImages).sort());
    });
});

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
