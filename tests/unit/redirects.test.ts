import { describe, expect, it } from "vitest";
import { languageSwitchHref, safeRedirect } from "#app/domain/auth/redirects.ts";
import { returnAddress } from "#app/http/workspace.server.ts";
import type { ProcessSummary } from "#app/services/process/lifecycle.server.ts";

describe("redirectTo after sign-in", () => {
  it("keeps same-site paths with their query", () => {
    expect(safeRedirect("/admin/users?role=auditor")).toBe("/admin/users?role=auditor");
    expect(safeRedirect("/account#password")).toBe("/account#password");
    expect(safeRedirect("/processes/a/../b")).toBe("/processes/b");
    expect(safeRedirect("/cooperations?q=%2F%2Fencoded")).toBe("/cooperations?q=%2F%2Fencoded");
  });

  it("refuses other hosts and tricks that browsers read as other hosts", () => {
    for (const target of ["https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "evil", "", null, undefined]) {
      expect(safeRedirect(target)).toBe("/");
    }
  });

  it("refuses paths that dot-segments, doubled slashes or encoded dots turn into another host", () => {
    const crafted = [
      "/./\\evil.example",
      "/.//evil.example",
      "/./\\/evil.example",
      "/a/..//evil.example",
      "/a/../\\evil.example",
      "/a/b/../..//evil.example",
      "/%2e%2e//evil.example",
      "/%2E%2E//evil.example",
      "/.%2e//evil.example",
      "/%2e//evil.example",
      "/a/%2e%2e//evil.example",
      "/a/.%2E/\\evil.example",
      "/../..//evil.example",
      "/././/evil.example/path?x=1",
    ];
    for (const target of crafted) expect(safeRedirect(target), target).toBe("/");
  });

  it("refuses control characters and backslashes anywhere, which browsers drop or read as slashes", () => {
    const crafted = [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/\t\\evil.example",
      "\t//evil.example",
      "/ok\u0000",
      "/ok\u007f",
      "/admin\\users",
      "/admin/users?x=\\",
      "/account#\\evil",
      "/a/\u000b/b",
    ];
    for (const target of crafted) expect(safeRedirect(target), JSON.stringify(target)).toBe("/");
  });

  it("never returns anything a browser would read as another origin", () => {
    const pieces = ["/", "//", "/\\", "\\", ".", "..", "%2e", "%2f", "%5c", "\t", "evil.example", "a", "?", "#", "@", ":"];
    const targets: string[] = [];
    for (const a of pieces) for (const b of pieces) for (const c of pieces) targets.push(`/${a}${b}${c}`);
    for (const target of targets) {
      const result = safeRedirect(target);
      expect(result.startsWith("/"), target).toBe(true);
      expect(result.startsWith("//") || result.startsWith("/\\"), target).toBe(false);
      expect(/[\u0000-\u001f\u007f\\]/.test(result), target).toBe(false);
      expect(new URL(result, "https://label.example").origin, target).toBe("https://label.example");
    }
  });

  it("uses the fallback the caller gives", () => {
    expect(safeRedirect("/.//evil.example", "")).toBe("");
    expect(safeRedirect(undefined, "/processes")).toBe("/processes");
  });
});

describe("the language switch", () => {
  it("links to the same page with the language set", () => {
    expect(languageSwitchHref("/processes", "?chapter=3&lng=fr", "en")).toBe("/processes?chapter=3&lng=en");
    expect(languageSwitchHref("/", "", "fr")).toBe("/?lng=fr");
  });

  it("links to the home page when the address bar holds a path a browser would read as another host", () => {
    for (const pathname of ["//evil.example/x", "/\\evil.example", "/.//evil.example", "/a/..//evil.example"]) {
      expect(languageSwitchHref(pathname, "", "en"), pathname).toBe("/?lng=en");
    }
  });
});

describe("returnTo after a workspace post", () => {
  const process = { id: "0b7c3e0e-6a38-4a5e-9d55-3f3f8f5b1c11" } as ProcessSummary;
  const post = (query = "") => new Request(`http://label.example/processes/${process.id}/evidence${query}`, { method: "POST" });

  it("keeps a page of the same process", () => {
    expect(returnAddress(post(), process, `/processes/${process.id}/criteria/1.1.1?x=1`)).toBe(`/processes/${process.id}/criteria/1.1.1?x=1`);
    expect(returnAddress(post(`?returnTo=${encodeURIComponent(`/processes/${process.id}`)}`), process, null)).toBe(`/processes/${process.id}`);
  });

  it("refuses other processes, other hosts and crafted paths", () => {
    const crafted = [
      "/processes/other/criteria",
      `/processes/${process.id}/../other`,
      `/processes/${process.id}/..//evil.example`,
      `/.//evil.example/processes/${process.id}/`,
      `//evil.example/processes/${process.id}/`,
      `/processes/${process.id}/\t/x`,
      `https://evil.example/processes/${process.id}/`,
    ];
    for (const target of crafted) {
      expect(returnAddress(post(), process, target), target).toBeNull();
      expect(returnAddress(post(`?returnTo=${encodeURIComponent(target)}`), process, null), target).toBeNull();
    }
  });
});
