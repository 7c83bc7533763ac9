import { describe, expect, it } from "vitest";
import { safeRedirect } from "#app/http/guards.server.ts";

describe("redirectTo after sign-in", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeRedirect("/admin/users?role=auditor")).toBe("/admin/users?role=auditor");
    expect(safeRedirect("/account#password")).toBe("/account#password");
  });

  it("refuses other hosts and tricks that browsers read as other hosts", () => {
    for (const target of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "evil", "", null, undefined]) {
      expect(safeRedirect(target)).toBe("/");
    }
  });
});
