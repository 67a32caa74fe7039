// Whatever a run starts, it registers here at once, so the after hook stops it
// even when start-up fails half-way; steps run in reverse order, and a failing
// step does not keep the others from running.
export class Teardown {
    private readonly steps: { name: string; step: () => Promise<void> | void }[] = [];

    add(name: string, step: () => Promise<void> | void): void {
        this.steps.push({ name, step });
    }

    async run(): Promise<void> {
        const failures: string[] = [];
        while (this.steps.length > 0) {
            const { name, step } = this.steps.pop()!;
            try {
                await step();
            } catch (error) {
                failures.push(`${name}: ${(error as Error).message}`);
            }
        }
        if (failures.length > 0) {
            throw new Error(`teardown failed:\n${failures.join("\n")}`);
        }
    }
}
