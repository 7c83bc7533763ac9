import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readConfig } from "#app/config.server.ts";
import { RATE_LIMITS } from "#app/domain/rate-limits.ts";

describe("abuse limit settings", () => {
  it("reads every limit from its environment variable, documented in the README", () => {
    const readme = readFileSync("README.md", "utf8");
    for (const [name, rule] of Object.entries(RATE_LIMITS)) {
      expect(readConfig({})[rule.env], name).toBe(rule.limit);
      expect(readConfig({ [rule.env]: "1000" })[rule.env], name).toBe(1000);
      expect(() => readConfig({ [rule.env]: "0" }), name).toThrow(rule.env);
      expect(readme, name).toContain(`| \`${rule.env}\` | \`${rule.limit}\` |`);
    }
  });
});
