// How the conformance test sets the container's environment: each injected value
// from the Secret and key the Deployment names, never by the variable's name.
import { strict as assert } from "assert";
import { containerEnvironment, type EnvironmentSources } from "./container-environment";
import { loadGeneratedOrthanc, type GeneratedOrthanc } from "./generated-orthanc";
import type { EnvVar } from "./pod-spec";

describe("the conformance test's container environment", () => {
    let generated: GeneratedOrthanc;
    let sources: EnvironmentSources;
    const secrets: Record<string, Record<string, string>> = {
        "ns/first": { username: "first-user", password: "first-password" },
        "ns/second": { username: "second-user", password: "second-password" },
    };

    before(async () => {
        generated = await loadGeneratedOrthanc();
        sources = {
            plan: generated.plan,
            pod: { name: "pod-0", namespace: "ns" },
            secret: async (namespace, name) => secrets[`${namespace}/${name}`],
        };
    });

    const environmentOf = (env: EnvVar[]) => containerEnvironment({ name: "c", env }, sources);
    const fromSecret = (name: string, secret: string, key: string): EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });

    it("takes each secretKeyRef from the Secret and key it names", async () => {
        assert.deepEqual(
            await environmentOf([
                fromSecret("A_USER", "second", "username"),
                fromSecret("A_PASSWORD", "first", "password"),
                { name: "LITERAL", value: "1" },
                { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            ]),
            { A_USER: "second-user", A_PASSWORD: "first-password", LITERAL: "1", POD: "pod-0" },
        );
    });

    it("stops where the kubelet would not start the container", async () => {
        await assert.rejects(environmentOf([fromSecret("X", "first", "token")]), /Secret ns\/first has no key token/);
        await assert.rejects(environmentOf([fromSecret("X", "absent", "password")]), /Secret ns\/absent has no key password/);
        await assert.rejects(environmentOf([{ name: "X", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } }]), /no stand-in/);
        await assert.rejects(environmentOf([{ name: "X", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } }]), /not recreated/);
    });

    it("leaves an optional reference to a missing key unset", async () => {
        assert.deepEqual(await environmentOf([{ name: "X", valueFrom: { secretKeyRef: { name: "first", key: "token", optional: true } } }]), {});
    });
});
