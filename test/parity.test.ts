// `npm run parity`: the platform layer is the same on every site but for the
// declared site knobs. The library is tested in this process on hand-made plans
// and on plans of the local site and variants of it; the command itself in a
// child process, on plans written to a directory of the test's own.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writePlan } from "../tools/plan/artifacts";
import type { Plan, PlannedResource } from "../tools/plan/evaluate";
import { parseArguments, UsageError } from "../tools/parity/arguments";
import { absent, compareSites, presencePath, type ParityResult } from "../tools/parity/compare";
import { embeddedDocument, leaves } from "../tools/parity/flatten";
import { compileKnob, type SiteKnob } from "../tools/parity/knob";
import { siteKnobs } from "../tools/parity/knobs";
import { formatPath, parsePattern, patternCovers, patternReachesInto, PathPatternError, type FieldPath } from "../tools/parity/paths";
import { PlatformNotFoundError, platformObjects, stacklessUrn } from "../tools/parity/platform-objects";
import { PlanSourceError, readPlans } from "../tools/parity/plans";
import { formatDifferences, formatValue, summaryLine } from "../tools/parity/report";
import { committedStacks, localSiteWith, planSite, planStack, projectDir } from "./support/plan";

const key = (name: string) => ({ key: name });

describe("parity: field paths and the patterns knobs name them with", () => {
    it("writes a path as the code that reaches it", () => {
        const path: FieldPath = [key("inputs"), key("data"), key("orthanc.json"), key("DicomAet")];
        assert.equal(formatPath(path), 'inputs.data["orthanc.json"].DicomAet');
        assert.equal(
            formatPath([key("spec"), key("containers"), { by: "name", named: "orthanc" }, key("env"), { index: 2 }]),
            "spec.containers[name=orthanc].env[2]",
        );
    });

    const covers = (pattern: string, path: string) => {
        // Paths are written with the same syntax: read the pattern's literal form back.
        const segments = parsePattern(path).map((segment) => {
            if (segment.kind === "key") {
                return key(segment.match.source.slice(1, -1).replace(/\\(.)/g, "$1"));
            }
            if (segment.kind === "element" && segment.index !== undefined) {
                return { index: segment.index };
            }
            if (segment.kind === "element" && segment.by !== undefined) {
                return { by: segment.by, named: (segment.named as RegExp).source.slice(1, -1) };
            }
            throw new Error(`cannot build a path from ${path}`);
        });
        return patternCovers(parsePattern(pattern), segments);
    };

    const cases: Array<[string, string, boolean]> = [
        ["inputs.spec.storageClassName", "inputs.spec.storageClassName", true],
        ["inputs.spec.resources", "inputs.spec.resources.limits.cpu", true],
        ["inputs.spec.resources.limits", "inputs.spec.resources", false],
        ["inputs.spec.resources", "inputs.spec.replicas", false],
        ["inputs.values.**.storageClassName", "inputs.values.grafana.persistence.storageClassName", true],
        ["inputs.values.**.storageClassName", "inputs.values.storageClassName", true],
        ["inputs.values.**.storageClassName", "inputs.values.grafana.persistence.size", false],
        ["inputs.*.hosts", "inputs.spec.hosts", true],
        ["inputs.*.hosts", "inputs.spec.servers.hosts", false],
        ["inputs.spec.*ClassName", "inputs.spec.storageClassName", true],
        ['inputs.data["orthanc.json"].DicomAet', 'inputs.data["orthanc.json"].DicomAet', true],
        ['inputs.data["orthanc.json"].DicomAet', 'inputs.data["orthanc.json"].DicomPort', false],
        ["inputs.spec.servers[*].hosts", "inputs.spec.servers[1].hosts[0]", true],
        ["inputs.spec.servers[*].hosts", "inputs.spec.servers[name=https].hosts", true],
        ["inputs.spec.servers[0].hosts", "inputs.spec.servers[1].hosts", false],
        ["inputs.env[name=ORTHANC_S3_*]", "inputs.env[name=ORTHANC_S3_ACCESS_KEY].value", true],
        ["inputs.env[name=ORTHANC_S3_*]", "inputs.env[name=ORTHANC_AZURE_KEY].value", false],
        ["inputs.env[name=ORTHANC_S3_*]", "inputs.env[0].value", false],
        ["inputs.rules[alert=A]", "inputs.rules[name=A]", false],
    ];
    for (const [pattern, path, expected] of cases) {
        it(`${pattern} ${expected ? "covers" : "does not cover"} ${path}`, () => {
            assert.equal(covers(pattern, path), expected);
        });
    }

    it("knows when a pattern's field lies inside a path (an empty mapping against the knob's field)", () => {
        const pattern = parsePattern("inputs.values.global.platform");
        assert.equal(patternReachesInto(pattern, [key("inputs"), key("values")]), true);
        assert.equal(patternReachesInto(pattern, [key("inputs"), key("values"), key("global"), key("platform")]), false);
        assert.equal(patternReachesInto(pattern, [key("inputs"), key("spec")]), false);
        assert.equal(patternReachesInto(parsePattern("inputs.values.**.storageClassName"), [key("inputs"), key("values"), key("a")]), true);
    });

    for (const [pattern, problem] of [
        ["", "an empty pattern"],
        ["inputs..spec", "an empty key"],
        ["inputs[x]", "cannot read [x]"],
        ["inputs[0", "a [ without its ]"],
    ] as const) {
        it(`refuses the pattern ${JSON.stringify(pattern)}: ${problem}`, () => {
            assert.throws(() => parsePattern(pattern), (error: unknown) => error instanceof PathPatternError && error.message.includes(problem));
        });
    }
});

describe("parity: a planned value as its leaves", () => {
    const flat = (value: unknown) => Object.fromEntries(leaves(value).map((leaf) => [formatPath(leaf.path), leaf.value]));

    it("reads JSON and YAML documents held in text, and leaves other text whole", () => {
        assert.deepEqual(
            flat({
                data: { "orthanc.json": '{\n  "DicomAet": "ORTHANC",\n  "PostgreSQL": {"Lock": true}\n}', "filter.lua": "-- a script\nreturn true\n" },
                config: "proxyMetadata:\n  OUTPUT_CERTS: /etc/certs\n",
                line: "a: b",
            }),
            {
                'data["orthanc.json"].DicomAet': "ORTHANC",
                'data["orthanc.json"].PostgreSQL.Lock': true,
                'data["filter.lua"]': "-- a script\nreturn true\n",
                "config.proxyMetadata.OUTPUT_CERTS": "/etc/certs",
                line: "a: b",
            },
        );
        assert.equal(embeddedDocument("{not json\nat all"), undefined);
    });

    it("lines up list entries by name (or alert) where each has a distinct one, else by position", () => {
        assert.deepEqual(flat({ env: [{ name: "B", value: 1 }, { name: "A", value: 2 }] }), {
            "env[name=B].name": "B",
            "env[name=B].value": 1,
            "env[name=A].name": "A",
            "env[name=A].value": 2,
        });
        assert.deepEqual(flat({ rules: [{ alert: "Down", for: "5m" }] }), { "rules[alert=Down].alert": "Down", "rules[alert=Down].for": "5m" });
        assert.deepEqual(flat({ items: [{ name: "a" }, { name: "a" }] }), { "items[0].name": "a", "items[1].name": "a" });
        assert.deepEqual(flat({ cidrs: ["10.0.0.0/8", "::/0"] }), { "cidrs[0]": "10.0.0.0/8", "cidrs[1]": "::/0" });
    });

    it("keeps empty mappings and lists as leaves of their own", () => {
        assert.deepEqual(flat({ values: {}, ports: [] }), { values: {}, ports: [] });
    });
});

// Hand-made plans: a site component with its provider outside the platform, and
// the platform with a few children.
function resource(stack: string, chain: string[], name: string, extra: Partial<PlannedResource> = {}): PlannedResource {
    const type = chain[chain.length - 1];
    return {
        urn: `urn:pulumi:${stack}::p::${chain.join("$")}::${name}`,
        type,
        name,
        custom: !type.startsWith("imaging:"),
        dependencies: [],
        protect: false,
        inputs: {},
        ...extra,
    };
}

const platform = "imaging:platform:Platform";
const mesh = "imaging:mesh:IstioMesh";
const peerAuthentication = "kubernetes:security.istio.io/v1:PeerAuthentication";
const configMap = "kubernetes:core/v1:ConfigMap";
const secret = "kubernetes:core/v1:Secret";

interface SiteShape {
    mtls?: string;
    aet?: string;
    port?: number;
    withStoreSecret?: boolean;
    siteKind?: string;
    dependsOnSecret?: boolean;
}

function sitePlan(stack: string, shape: SiteShape = {}): Plan {
    const site = resource(stack, [`imaging:site:${shape.siteKind ?? "Existing"}`], stack, { inputs: { region: stack } });
    const provider = resource(stack, [site.type, "pulumi:providers:kubernetes"], stack, { parent: site.urn, custom: true });
    const root = resource(stack, [platform], "platform");
    const meshComponent = resource(stack, [platform, mesh], "istio", { parent: root.urn });
    const inside = (chain: string[], name: string, extra: Partial<PlannedResource>) =>
        resource(stack, chain, name, { parent: chain.length > 2 ? meshComponent.urn : root.urn, provider: provider.urn, ...extra });
    const storeSecret = inside([platform, secret], "object-store-credentials", { inputs: { stringData: { KEY: "[secret]" } } });
    return {
        project: "p",
        stack,
        outputs: {},
        resources: [
            site,
            provider,
            root,
            meshComponent,
            inside([platform, mesh, peerAuthentication], "mesh-mtls-strict", {
                dependencies: [site.urn],
                inputs: { spec: { mtls: { mode: shape.mtls ?? "STRICT" } } },
            }),
            inside([platform, configMap], "orthanc-config", {
                dependencies: [root.urn, ...(shape.dependsOnSecret || shape.withStoreSecret ? [storeSecret.urn] : [])],
                inputs: {
                    data: { "orthanc.json": JSON.stringify({ DicomAet: shape.aet ?? "ORTHANC", DicomPort: shape.port ?? 4242, Plugins: {} }) },
                    metadata: { name: "orthanc-config", namespace: "imaging" },
                },
            }),
            ...(shape.withStoreSecret ? [storeSecret] : []),
        ],
    };
}

const aeTitleKnob: SiteKnob = {
    objects: { type: configMap, name: "orthanc-config" },
    fields: ['inputs.data["orthanc.json"].DicomAet'],
    reason: "the AE title",
};
const storeSecretKnob: SiteKnob = { objects: { type: secret, name: "object-store-credentials" }, presence: true, reason: "keys, or none" };

describe("parity: comparing hand-made plans", () => {
    it("takes every resource below the Platform component, none of the site's, keyed without the stack", () => {
        const objects = platformObjects(sitePlan("a"));
        assert.deepEqual(
            objects.map((object) => object.key),
            [
                `${platform}$${mesh}::istio`,
                `${platform}$${mesh}$${peerAuthentication}::mesh-mtls-strict`,
                `${platform}$${configMap}::orthanc-config`,
            ],
        );
    });

    it("finds nothing to report between sites that differ only outside the platform, in their stack name and provider", () => {
        const result = compareSites([sitePlan("a"), sitePlan("b", { siteKind: "EksCluster" })], []);
        assert.deepEqual(result, { stacks: ["a", "b"], objects: 3, undeclared: [], allowed: [] });
    });

    it("names the object, the field and each site's value of an undeclared difference", () => {
        const result = compareSites([sitePlan("a"), sitePlan("b", { mtls: "PERMISSIVE" })], siteKnobs);
        assert.deepEqual(result.undeclared, [
            { object: `${peerAuthentication}::mesh-mtls-strict`, path: "inputs.spec.mtls.mode", values: { a: "STRICT", b: "PERMISSIVE" } },
        ]);
    });

    it("allows a knob's field, and only that field of the object", () => {
        const allowedOnly = compareSites([sitePlan("a"), sitePlan("b", { aet: "OTHER" })], [aeTitleKnob]);
        assert.deepEqual(allowedOnly.undeclared, []);
        assert.deepEqual(allowedOnly.allowed, [
            { object: `${configMap}::orthanc-config`, path: 'inputs.data["orthanc.json"].DicomAet', values: { a: "ORTHANC", b: "OTHER" }, knob: aeTitleKnob },
        ]);
        const beside = compareSites([sitePlan("a"), sitePlan("b", { aet: "OTHER", port: 104 })], [aeTitleKnob]);
        assert.deepEqual(
            beside.undeclared.map((d) => [d.object, d.path]),
            [[`${configMap}::orthanc-config`, 'inputs.data["orthanc.json"].DicomPort']],
        );
    });

    it("applies a knob only to the objects it names", () => {
        const elsewhere: SiteKnob = { ...aeTitleKnob, objects: { type: configMap, name: "other-config" } };
        assert.equal(compareSites([sitePlan("a"), sitePlan("b", { aet: "OTHER" })], [elsewhere]).undeclared.length, 1);
        const otherType: SiteKnob = { ...aeTitleKnob, objects: { type: secret, name: "orthanc-config" } };
        assert.equal(compareSites([sitePlan("a"), sitePlan("b", { aet: "OTHER" })], [otherType]).undeclared.length, 1);
    });

    it("reports an object some sites lack, unless a presence knob allows it; depending on it follows from that knob", () => {
        const plans = [sitePlan("a"), sitePlan("b", { withStoreSecret: true })];
        const secretKey = `${platform}$${secret}::object-store-credentials`;
        assert.deepEqual(
            compareSites(plans, []).undeclared.map((d) => [d.object, d.path, d.values]),
            [
                [`${configMap}::orthanc-config`, `dependencies[${JSON.stringify(secretKey)}]`, { a: absent, b: true }],
                [`${secret}::object-store-credentials`, presencePath, { a: absent, b: "present" }],
            ],
        );
        const allowed = compareSites(plans, [storeSecretKnob]);
        assert.deepEqual(allowed.undeclared, []);
        assert.deepEqual(allowed.allowed.map((d) => d.knob), [storeSecretKnob, storeSecretKnob]);
    });

    it("does not let a presence knob allow a new dependency on an object every site has", () => {
        const plans = [sitePlan("a", { withStoreSecret: true }), sitePlan("b", { withStoreSecret: true })];
        // The same objects everywhere; only one site's config map depends on the secret.
        plans[0].resources = plans[0].resources.map((r) =>
            r.name === "orthanc-config" ? { ...r, dependencies: r.dependencies.filter((d) => !d.includes(secret)) } : r,
        );
        const result = compareSites(plans, [storeSecretKnob]);
        assert.equal(result.undeclared.length, 1);
        assert.match(result.undeclared[0].path, /^dependencies\[/);
    });

    it("allows an empty mapping on one site where another has only a knob's fields inside it", () => {
        const withValues = (stack: string, values: Record<string, unknown>): Plan => {
            const plan = sitePlan(stack);
            plan.resources = plan.resources.map((r) => (r.name === "mesh-mtls-strict" ? { ...r, inputs: { ...r.inputs, values } } : r));
            return plan;
        };
        const knob: SiteKnob = { objects: { type: peerAuthentication }, fields: ["inputs.values.global.platform"], reason: "distribution" };
        assert.deepEqual(compareSites([withValues("a", {}), withValues("b", { global: { platform: "k3d" } })], [knob]).undeclared, []);
        const other = compareSites([withValues("a", {}), withValues("b", { global: { hub: "mirror" } })], [knob]).undeclared;
        assert.deepEqual(other.map((d) => d.path), ["inputs.values", "inputs.values.global.hub"]);
    });

    it("refuses plans without one Platform, a stack given twice, and a knob that would allow nothing", () => {
        const bare: Plan = { ...sitePlan("a"), resources: sitePlan("a").resources.filter((r) => !r.type.startsWith("imaging:platform")) };
        assert.throws(() => compareSites([bare], []), PlatformNotFoundError);
        assert.throws(() => compareSites([sitePlan("a"), sitePlan("a")], []), /a stack is given twice/);
        assert.throws(() => compileKnob({ objects: {}, reason: "nothing" }), /would allow nothing/);
    });

    it("drops the stack from URNs, and keeps anything that is no URN", () => {
        assert.equal(stacklessUrn("urn:pulumi:local::imaging-platform::a:b:C$d:e:F::name"), "a:b:C$d:e:F::name");
        assert.equal(stacklessUrn("not-a-urn"), "not-a-urn");
    });
});

describe("parity: the site knobs", () => {
    it("compile: every pattern reads, and each knob names fields or is a presence knob, with a reason", () => {
        for (const knob of siteKnobs) {
            compileKnob(knob);
            assert.ok(knob.reason.length > 20, `knob without a real reason: ${JSON.stringify(knob)}`);
        }
    });

    it("never allows a whole object's inputs", () => {
        const whole = siteKnobs.filter((knob) => (knob.fields ?? []).some((field) => ["inputs", "inputs.spec", "inputs.values", "inputs.data", "**"].includes(field)));
        assert.deepEqual(whole, []);
    });
});

describe("parity: the committed stacks and variants of the local site", () => {
    let local: Plan;
    // Variants that differ from local only in site settings that are knobs.
    const variants: Array<[string, Record<string, unknown>, Record<string, string>]> = [
        [
            "names-and-sizes",
            {
                name: "other",
                storageClass: "fast-ssd",
                ingress: { hostname: "pacs.other.test", replicas: 3, service: { type: "LoadBalancer" }, sourceRanges: ["10.2.0.0/16"], adminSourceRanges: ["10.3.0.0/24"] },
                postgres: { instances: 3, storageSize: "10Gi", resources: { requests: { cpu: "1", memory: "2Gi" } } },
                orthanc: { aeTitle: "OTHER_AE", storageSize: "50Gi", concurrentJobs: 4, resources: { limits: { cpu: "4", memory: "4Gi" } } },
                egress: { apiServerRanges: ["10.0.0.0/24"], nodeRanges: ["10.1.0.0/16"] },
                monitoring: { retention: "30d", prometheusStorageSize: "20Gi", alertmanagerStorageSize: "2Gi", grafanaStorageSize: "2Gi" },
            },
            {},
        ],
        [
            "s3",
            {
                name: "s3site",
                objectStore: { type: "s3", bucket: "imaging-s3site", region: "eu-central-1", endpoint: "https://s3.example.test:9000", accessKeyId: "AK1", backupAccessKeyId: "AK2", serverSideEncryption: "none" },
                orthanc: { replicas: 2, maxReplicas: 6 },
                egress: { objectStoreRanges: ["192.0.2.0/24"] },
                identity: {
                    provider: "platform",
                    upstream: { kind: "ldap", url: "ldaps://dc1.s3site.test:636", bindDn: "CN=svc-pacs,DC=s3site,DC=test", usersDn: "OU=Staff,DC=s3site,DC=test", groupsDn: "OU=Groups,DC=s3site,DC=test" },
                    roleGroups: { viewer: ["PACS-Viewers"], admin: ["PACS-Admins"] },
                },
            },
            { objectStoreSecretAccessKey: "[secret]", objectStoreBackupSecretAccessKey: "[secret]", identityLdapBindPassword: "[secret]" },
        ],
        [
            "azure",
            {
                name: "azsite",
                existing: { context: "aks", distribution: "k3d" },
                objectStore: { type: "azureBlob", storageAccount: "imagingazsite", container: "dicom" },
                ingress: { hostname: "pacs.az.test", prometheusHostname: "metrics.az.test", service: { type: "LoadBalancer" } },
                certificates: {
                    webIssuer: { kind: "ClusterIssuer", name: "acme" },
                    extraTrustedClientCAs: ["-----BEGIN CERTIFICATE-----\nMIIBplanextra\n-----END CERTIFICATE-----"],
                    modalityCertificateRequests: { "ct-room-1": "-----BEGIN CERTIFICATE REQUEST-----\nMIIBplanrequest\n-----END CERTIFICATE REQUEST-----" },
                    modalityCertificateDays: 365,
                },
                postgres: { backupSchedule: "0 0 3 * * *", backupRetention: "14d", backupAlertAfterHours: 30 },
            },
            { objectStoreConnectionString: "[secret]", objectStoreBackupConnectionString: "[secret]", alertWebhookUrl: "[secret]" },
        ],
    ];
    const plans = new Map<string, Plan>();
    before(async () => {
        local = await planStack("local");
        for (const [stack, changes, secrets] of variants) {
            plans.set(stack, await planSite(localSiteWith(changes), secrets, stack));
        }
    });
    const all = () => [local, ...plans.values()];

    it("finds no difference outside the knobs among the committed stacks", async () => {
        const committed = [];
        for (const stack of committedStacks()) {
            committed.push(stack === "local" ? local : await planStack(stack));
        }
        const result = compareSites(committed, siteKnobs);
        assert.deepEqual(result.undeclared, [], formatDifferences(result.undeclared, result.stacks).join("\n"));
        assert.ok(result.objects > 100, `only ${result.objects} platform objects`);
        if (committed.length === 1) {
            assert.match(summaryLine(result), /^only one stack \(local\): .* nothing was compared/);
        }
    });

    it("lets sites differ in every site setting that is a knob", () => {
        const result = compareSites(all(), siteKnobs);
        assert.deepEqual(result.undeclared, [], formatDifferences(result.undeclared, result.stacks).join("\n"));
        assert.equal(result.stacks.length, 4);
        assert.ok(result.allowed.length > 100, `only ${result.allowed.length} differences allowed: the variants differ too little`);
    });

    it("has no knob that none of the variants needs, but those for the cloud identities still to come and those only committed sites of other kinds need", async () => {
        const result = compareSites(all(), siteKnobs);
        const used = new Set(result.allowed.map((difference) => difference.knob));
        // Differences between site kinds (what a cloud site makes for itself) show only among the committed stacks.
        const committed = [local];
        for (const stack of committedStacks().filter((name) => name !== "local")) {
            // One at a time: the mocks are the runtime's, shared by every plan.
            committed.push(await planStack(stack));
        }
        const byKinds = new Set(compareSites(committed, siteKnobs).allowed.map((difference) => difference.knob));
        const kindOnly = siteKnobs.filter((knob) => !used.has(knob) && byKinds.has(knob) && !knob.reason.startsWith("the site's cloud identity")).map((knob) => knob.reason);
        assert.deepEqual(kindOnly, ["the site's object store: credentials the site kind makes wait for the store they are made for; keys from the stack's secrets wait for nothing"]);
        for (const knob of kindOnly) {
            used.add(siteKnobs.find((k) => k.reason === knob)!);
        }
        const unused = siteKnobs.filter((knob) => !used.has(knob)).map((knob) => knob.reason);
        const awaitingCloudSites = siteKnobs.filter((knob) => knob.reason.startsWith("the site's cloud identity")).map((knob) => knob.reason);
        assert.deepEqual(unused, [...awaitingCloudSites, "the site's cluster: the ports its API server answers on (contract apiServerPorts)"]);
    });

    // A copy of a plan with one resource's inputs changed.
    function injected(plan: Plan, type: string, name: string, change: (inputs: any) => void): Plan {
        const copy = structuredClone(plan);
        const target = copy.resources.find((r) => r.type === type && r.name === name);
        assert.ok(target, `no ${type} ${name} in the plan`);
        change(target.inputs);
        return copy;
    }

    it("catches and names the mesh-wide mTLS mode changed on one site", () => {
        const changed = injected(plans.get("s3") as Plan, peerAuthentication, "mesh-mtls-strict", (inputs) => {
            inputs.spec.mtls.mode = "PERMISSIVE";
        });
        const result = compareSites([local, changed, plans.get("azure") as Plan], siteKnobs);
        assert.deepEqual(result.undeclared, [
            {
                object: `${peerAuthentication}::mesh-mtls-strict`,
                path: "inputs.spec.mtls.mode",
                values: { local: "STRICT", s3: "PERMISSIVE", azure: "STRICT" },
            },
        ]);
    });

    it("catches an Orthanc setting changed beside the AE title knob in its configuration", () => {
        const changed = injected(plans.get("names-and-sizes") as Plan, configMap, "orthanc-config", (inputs) => {
            const config = JSON.parse(inputs.data["orthanc.json"]);
            config.DicomCheckCalledAet = !config.DicomCheckCalledAet;
            inputs.data["orthanc.json"] = JSON.stringify(config, null, 2);
        });
        const result = compareSites([local, changed], siteKnobs);
        assert.deepEqual(
            result.undeclared.map((d) => [d.object, d.path]),
            [[`${configMap}::orthanc-config`, 'inputs.data["orthanc.json"].DicomCheckCalledAet']],
        );
        // The AE title itself, which differs too, is allowed.
        assert.ok(result.allowed.some((d) => d.path === 'inputs.data["orthanc.json"].DicomAet'));
    });

    it("catches a container setting changed beside the resources knob in the same Deployment", () => {
        const changed = injected(plans.get("names-and-sizes") as Plan, "kubernetes:apps/v1:Deployment", "orthanc", (inputs) => {
            inputs.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false;
        });
        const result = compareSites([local, changed], siteKnobs);
        assert.deepEqual(
            result.undeclared.map((d) => [d.object, d.path]),
            [["kubernetes:apps/v1:Deployment::orthanc", "inputs.spec.template.spec.containers[name=orthanc].securityContext.readOnlyRootFilesystem"]],
        );
    });

    it("allows Orthanc's -full image for the Azure site, but no other version", () => {
        const azure = plans.get("azure") as Plan;
        const image = "inputs.spec.template.spec.containers[name=orthanc].image";
        assert.ok(compareSites([local, azure], siteKnobs).allowed.some((d) => d.path === image));
        const changed = injected(azure, "kubernetes:apps/v1:Deployment", "orthanc", (inputs) => {
            inputs.spec.template.spec.containers[0].image = "docker.io/orthancteam/orthanc:24.1.0-full";
        });
        assert.deepEqual(
            compareSites([local, changed], siteKnobs).undeclared.map((d) => [d.object, d.path]),
            [["kubernetes:apps/v1:Deployment::orthanc", image]],
        );
    });

    it("catches a platform object one site lacks that no knob names", () => {
        const changed = structuredClone(local);
        changed.stack = "trimmed";
        changed.resources = changed.resources.filter((r) => !(r.type === peerAuthentication && r.name === "mesh-mtls-strict"));
        const result = compareSites([local, changed], siteKnobs);
        assert.ok(
            result.undeclared.some((d) => d.object === `${peerAuthentication}::mesh-mtls-strict` && d.path === presencePath),
            formatDifferences(result.undeclared, result.stacks).join("\n"),
        );
    });
});

describe("parity: what it prints", () => {
    const result: ParityResult = {
        stacks: ["local", "aws"],
        objects: 3,
        undeclared: [{ object: "kind::name", path: "inputs.spec.mode", values: { local: "STRICT", aws: absent } }],
        allowed: [{ object: "kind::name", path: "inputs.spec.size", values: { local: "1Gi", aws: "2Gi" }, knob: aeTitleKnob }],
    };

    it("prints each difference as object, field path and the value on each site", () => {
        assert.deepEqual(formatDifferences(result.undeclared, result.stacks), ["kind::name", "  inputs.spec.mode", '    local: "STRICT"', "    aws:   (absent)"]);
        assert.equal(formatDifferences(result.allowed, result.stacks, true)[1], "  inputs.spec.size  (knob: the AE title)");
    });

    it("shortens a long value and says how long it was", () => {
        assert.equal(formatValue("x".repeat(300)), `"${"x".repeat(159)}… (302 characters)`);
        assert.equal(formatValue(3), "3");
    });

    it("sums up what was compared, and says when a difference is outside the knobs", () => {
        assert.equal(
            summaryLine(result),
            "2 stacks (local, aws), 3 platform objects compared, 1 knob differences allowed; 1 difference is not a declared site knob (tools/parity/knobs.ts)",
        );
        assert.equal(summaryLine({ ...result, undeclared: [] }), "2 stacks (local, aws), 3 platform objects compared, 1 knob differences allowed");
    });
});

describe("parity: the command line", () => {
    const accepted: Array<[string[], ReturnType<typeof parseArguments>]> = [
        [[], { help: false, stacks: [], plan: true, showAllowed: false }],
        [["local", "aws"], { help: false, stacks: ["local", "aws"], plan: true, showAllowed: false }],
        [["--no-plan", "--plan-dir", "out", "local"], { help: false, stacks: ["local"], plan: false, planDir: "out", showAllowed: false }],
        [["--plan-dir=out", "--show-allowed"], { help: false, stacks: [], plan: true, planDir: "out", showAllowed: true }],
        [["local", "-h"], { help: true }],
    ];
    for (const [argv, expected] of accepted) {
        it(`reads ${JSON.stringify(argv)}`, () => assert.deepEqual(parseArguments(argv), expected));
    }
    const refused: Array<[string[], string]> = [
        [["--plan-dir"], "--plan-dir needs a directory"],
        [["--plan-dir", "a", "--plan-dir=b"], "--plan-dir given twice (a and b)"],
        [["--noplan"], "unknown option --noplan"],
        [["local", "local"], "stack local given twice"],
    ];
    for (const [argv, message] of refused) {
        it(`refuses ${JSON.stringify(argv)}: ${message}`, () => {
            assert.throws(() => parseArguments(argv), (error: unknown) => error instanceof UsageError && error.message === message);
        });
    }
});

describe("npm run parity, as a user runs it", () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "parity-"));
    after(() => fs.rmSync(directory, { recursive: true, force: true }));

    function runParity(...args: string[]) {
        const tools = path.join(projectDir, "tools");
        const result = spawnSync(process.execPath, ["--require", path.join(tools, "plan", "register-typescript.js"), path.join(tools, "parity", "main.ts"), ...args], {
            cwd: projectDir,
            encoding: "utf8",
        });
        return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    }

    before(async () => {
        writePlan(await planStack("local"), path.join(directory, "local"));
        writePlan(await planSite(localSiteWith({ name: "other", storageClass: "fast", orthanc: { aeTitle: "OTHER" } }), {}, "other"), path.join(directory, "other"));
    });

    it("passes plans that differ only in knobs, from --plan-dir without planning", () => {
        const result = runParity("--no-plan", "--plan-dir", directory, "local", "other");
        assert.equal(result.status, 0, result.stderr + result.stdout);
        assert.match(result.stdout, /^2 stacks \(local, other\), \d+ platform objects compared, \d+ knob differences allowed$/m);
        assert.doesNotMatch(result.stdout, /wrote the plans/);
    });

    it("fails on a difference injected into one site's plan, naming object, path and values", () => {
        const file = path.join(directory, "other", "resources.json");
        const resources = JSON.parse(fs.readFileSync(file, "utf8")) as PlannedResource[];
        const target = resources.find((r) => r.type === peerAuthentication && r.name === "mesh-mtls-strict") as PlannedResource;
        (target.inputs as any).spec.mtls.mode = "PERMISSIVE";
        fs.writeFileSync(file, JSON.stringify(resources));
        try {
            const result = runParity("--no-plan", `--plan-dir=${directory}`, "local", "other");
            assert.equal(result.status, 1, result.stderr);
            assert.equal(
                result.stdout,
                [
                    "differences outside the site knobs:",
                    `${peerAuthentication}::mesh-mtls-strict`,
                    "  inputs.spec.mtls.mode",
                    '    local: "STRICT"',
                    '    other: "PERMISSIVE"',
                    "",
                ].join("\n"),
            );
            assert.match(result.stderr, /^error: 2 stacks \(local, other\), .*; 1 difference is not a declared site knob \(tools\/parity\/knobs\.ts\)\n$/);
        } finally {
            (target.inputs as any).spec.mtls.mode = "STRICT";
            fs.writeFileSync(file, JSON.stringify(resources));
        }
    });

    it("refuses a plan file that is not what `npm run plan` writes, naming it", () => {
        const source = { projectDir, project: "imaging-platform", planDir: directory };
        fs.mkdirSync(path.join(directory, "broken"));
        fs.writeFileSync(path.join(directory, "broken", "resources.json"), '{"urn": 1}');
        assert.throws(() => readPlans(["broken"], source, "plans"), (error: unknown) =>
            error instanceof PlanSourceError && error.message === "plans/broken/resources.json: expected the list of resources `npm run plan` writes");
        fs.writeFileSync(path.join(directory, "broken", "resources.json"), "[");
        assert.throws(() => readPlans(["broken"], source, "plans"), (error: unknown) =>
            error instanceof PlanSourceError && error.message.startsWith("plans/broken/resources.json: "));
        const [plan] = readPlans(["local"], source, "plans");
        assert.equal(plan.stack, "local");
        assert.ok(plan.resources.length > 100 && "siteName" in plan.outputs, "the plan and its outputs are read back");
    });

    it("names the command to run for a plan that is not there", () => {
        const result = runParity("--no-plan", "--plan-dir", directory, "local", "aws");
        assert.equal(result.status, 1);
        assert.equal(result.stderr, `error: no plan of stack aws in ${path.join(directory, "aws")}/: run \`npm run plan -- aws\` first, or leave out --no-plan\n`);
    });

    it("plans every committed stack, writes the plans where --no-plan reads them, and says what it compared", () => {
        const out = path.join(directory, "planned");
        const result = runParity("--plan-dir", out);
        assert.equal(result.status, 0, result.stderr);
        for (const stack of committedStacks()) {
            assert.ok(fs.existsSync(path.join(out, stack, "resources.json")), `no plan written for ${stack}`);
        }
        assert.match(result.stdout, /reuse them with --no-plan/);
        assert.match(result.stdout, committedStacks().length === 1 ? /nothing was compared/ : /platform objects compared/);
    });

    it("refuses a stack without a stack file, and an unknown option, as usage errors", () => {
        const missing = runParity("nosuchsite");
        assert.equal(missing.status, 2);
        assert.match(missing.stderr, /^error: no stack nosuchsite: Pulumi\.nosuchsite\.yaml does not exist \(stacks: /);
        const unknown = runParity("--bogus");
        assert.equal(unknown.status, 2);
        assert.match(unknown.stderr, /^error: unknown option --bogus\nusage: npm run parity/);
    });
});
