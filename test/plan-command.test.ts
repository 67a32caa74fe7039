// The plan command's own parts, in this process: its command line and the tree
// it prints. test/plan.test.ts runs the whole command as a user would, in a child
// process, where a mutation test cannot see which of these lines ran.
import { strict as assert } from "assert";
import { parseArguments, UsageError } from "../tools/plan/arguments";
import type { Plan, PlannedResource } from "../tools/plan/evaluate";
import { summarize } from "../tools/plan/summary";

describe("the plan's command line", () => {
    const accepted: Array<[string[], ReturnType<typeof parseArguments>]> = [
        [["local"], { help: false, stack: "local" }],
        [["local", "--stack-file", "proposed.yaml"], { help: false, stack: "local", stackFile: "proposed.yaml" }],
        [["--stack-file=proposed.yaml", "local"], { help: false, stack: "local", stackFile: "proposed.yaml" }],
        [["--help"], { help: true }],
        [["-h", "local"], { help: true }],
        [["local", "--help", "--unknown"], { help: true }],
    ];
    for (const [argv, expected] of accepted) {
        it(`reads ${JSON.stringify(argv)}`, () => {
            assert.deepEqual(parseArguments(argv), expected);
        });
    }

    const refused: Array<[string[], string]> = [
        [[], "missing the stack name"],
        [["--stack-file", "a.yaml"], "missing the stack name"],
        [["local", "--stack-file"], "--stack-file needs a file"],
        [["local", "--stack-file="], "--stack-file needs a file"],
        [["local", "--stack-file", "a.yaml", "--stack-file=b.yaml"], "--stack-file given twice (a.yaml and b.yaml)"],
        [["local", "--stack"], "unknown option --stack"],
        [["local", "-v"], "unknown option -v"],
        [["local", "azure"], "unexpected argument azure (the stack is local)"],
    ];
    for (const [argv, message] of refused) {
        it(`refuses ${JSON.stringify(argv)}: ${message}`, () => {
            assert.throws(
                () => parseArguments(argv),
                (error: unknown) => error instanceof UsageError && error.name === "UsageError" && error.message === message,
            );
        });
    }
});

describe("the tree the plan prints", () => {
    const resource = (urn: string, type: string, custom: boolean, parent?: string): PlannedResource => ({
        urn,
        type,
        name: urn.split("::").pop() as string,
        custom,
        ...(parent ? { parent } : {}),
        dependencies: [],
        protect: false,
        inputs: {},
    });
    const stackUrn = "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s";
    const platform = "urn:pulumi:s::p::test:x:Platform::platform";
    const database = "urn:pulumi:s::p::test:x:Platform$test:x:Database::db";
    const plan: Plan = {
        project: "p",
        stack: "s",
        outputs: {},
        resources: [
            resource("urn:pulumi:s::p::pulumi:providers:kubernetes::k8s", "pulumi:providers:kubernetes", true, stackUrn),
            resource(platform, "test:x:Platform", false, stackUrn),
            resource(`${platform}$kubernetes:core/v1:Secret::b`, "kubernetes:core/v1:Secret", true, platform),
            resource(`${platform}$kubernetes:core/v1:Namespace::a`, "kubernetes:core/v1:Namespace", true, platform),
            resource(`${platform}$kubernetes:core/v1:Secret::a`, "kubernetes:core/v1:Secret", true, platform),
            resource(database, "test:x:Database", false, platform),
            resource(`${database}$kubernetes:core/v1:Service::rw`, "kubernetes:core/v1:Service", true, database),
        ],
    };

    it("counts each component's resources by type, sorted, then walks its components", () => {
        assert.equal(
            summarize(plan),
            [
                "stack s: 7 resources",
                "  1 x pulumi:providers:kubernetes",
                '  test:x:Platform "platform"',
                "    1 x kubernetes:core/v1:Namespace",
                "    2 x kubernetes:core/v1:Secret",
                '    test:x:Database "db"',
                "      1 x kubernetes:core/v1:Service",
            ].join("\n"),
        );
    });
});
