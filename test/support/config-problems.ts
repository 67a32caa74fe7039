// The problems a site configuration is refused with, as the user reads them.
import { strict as assert } from "assert";
import { SiteConfigError } from "../../stacks/config/errors";
import { parseSiteConfig } from "../../stacks/config/load";

export function problemsOf(raw: unknown): string[] {
    try {
        parseSiteConfig(raw);
    } catch (error) {
        assert.ok(error instanceof SiteConfigError, `expected a SiteConfigError, got ${error}`);
        return error.problems;
    }
    assert.fail("expected the configuration to be refused");
}
