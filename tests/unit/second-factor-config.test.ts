import { describe, expect, it } from "vitest";
import { readConfig } from "#app/config.server.ts";

describe("REQUIRE_SECOND_FACTOR", () => {
  it("is a comma-separated list of roles, empty by default", () => {
    expect(readConfig({}).REQUIRE_SECOND_FACTOR).toEqual([]);
    expect(readConfig({ REQUIRE_SECOND_FACTOR: "" }).REQUIRE_SECOND_FACTOR).toEqual([]);
    expect(readConfig({ REQUIRE_SECOND_FACTOR: " dri_admin, auditor " }).REQUIRE_SECOND_FACTOR).toEqual(["dri_admin", "auditor"]);
  });

  it("stops the start on a role it does not know, naming the variable", () => {
    expect(() => readConfig({ REQUIRE_SECOND_FACTOR: "dri_admin,admin" })).toThrow(/REQUIRE_SECOND_FACTOR/);
  });
});
