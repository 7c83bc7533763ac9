import { describe, expect, it } from "vitest";
import { actionLabel, kindOf, KNOWN_ACTIONS, nextDay, parseKindFilter, shownChanges, startOfDayIn } from "./audit-trail.ts";

describe("the audit trail's kinds of event", () => {
  it("puts every known action under its own kind, and a later action under its prefix's", () => {
    for (const [kind, actions] of Object.entries(KNOWN_ACTIONS)) for (const action of actions) expect(kindOf(action)).toBe(kind);
    expect(kindOf("auth.password_expired")).toBe("auth");
    expect(kindOf("audit_rating.save")).toBe("audit");
    expect(kindOf("widget.frobnicate")).toBeNull();
  });

  it("reads the filter as a kind or one action, and drops anything else", () => {
    expect(parseKindFilter("auth")).toEqual({ kind: "auth" });
    expect(parseKindFilter("widget.frobnicate")).toEqual({ action: "widget.frobnicate" });
    expect(parseKindFilter("toString")).toBeNull();
    expect(parseKindFilter("a.b'; drop")).toBeNull();
  });

  it("names an action in the trail's words, the histories' words, or its raw name", () => {
    const words: Record<string, string> = { "trail:actions.auth_sign_in": "Connexion", "common:history.actions.user_create": "Compte créé" };
    const t = (key: string, options?: { defaultValue?: string }) => words[key] ?? options?.defaultValue ?? key;
    expect(actionLabel(t, "auth.sign_in")).toBe("Connexion");
    expect(actionLabel(t, "user.create")).toBe("Compte créé");
    expect(actionLabel(t, "widget.frobnicate")).toBe("widget.frobnicate");
  });
});

describe("days of the reader's calendar", () => {
  it("start at midnight in the zone, also on a day the clocks change", () => {
    expect(startOfDayIn("2020-03-12", "Europe/Paris").toISOString()).toBe("2020-03-11T23:00:00.000Z");
    expect(startOfDayIn("2026-07-01", "Europe/Paris").toISOString()).toBe("2026-06-30T22:00:00.000Z");
    expect(startOfDayIn("2026-03-29", "Europe/Paris").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfDayIn("2026-10-25", "Europe/Paris").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(startOfDayIn("2026-01-15", "Africa/Dakar").toISOString()).toBe("2026-01-15T00:00:00.000Z");
    expect(startOfDayIn("2026-01-15", "Asia/Kathmandu").toISOString()).toBe("2026-01-14T18:15:00.000Z");
    expect(startOfDayIn("2026-01-15", "America/Havana").toISOString()).toBe("2026-01-15T05:00:00.000Z");
    expect(nextDay("2024-02-28")).toBe("2024-02-29");
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
  });
});

describe("an event's changes as shown", () => {
  it("withholds secrets by their field's name, cuts long values and shows lists as JSON", () => {
    const shown = shownChanges(
      { passwordHash: { from: "$argon2id$a", to: "$argon2id$b" }, totpSecret: { from: null, to: "JBSWY3DP" }, name: { from: "A", to: "x".repeat(50) }, ids: { from: [], to: ["a", "b"] }, active: { from: true, to: false }, bare: "value" },
      10,
    );
    expect(shown).toEqual([
      { field: "passwordHash", from: "", to: "", withheld: true },
      { field: "totpSecret", from: "", to: "", withheld: true },
      { field: "name", from: "A", to: "xxxxxxxxx…", withheld: false },
      { field: "ids", from: "[]", to: '["a","b"]', withheld: false },
      { field: "active", from: "true", to: "false", withheld: false },
      { field: "bare", from: "—", to: "value", withheld: false },
    ]);
    expect(shownChanges(null, 10)).toEqual([]);
    expect(shownChanges(["x"], 10)).toEqual([]);
  });
});
