import { describe, expect, it } from "vitest";
import { canAccessEstablishment, canInviteColleague, canManageUsers, hasRole, type Actor } from "./permissions.ts";
import { IDLE_SESSION_MS, isSessionExpired, newSessionExpiry, REMEMBERED_SESSION_MS, renewedExpiry } from "./session-policy.ts";
import { generateToken, hashToken, tokensEqual } from "./tokens.ts";

describe("tokens", () => {
  it("are random, URL-safe and 160 bits long", () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{32}$/);
  });

  it("are stored as their SHA-256, never as themselves", () => {
    const token = generateToken();
    const hash = hashToken(token);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(token);
    expect(hashToken(token)).toBe(hash);
    expect(hashToken(generateToken())).not.toBe(hash);
    // Known vector: SHA-256("abc").
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("compare equal only when identical", () => {
    expect(tokensEqual("abcd", "abcd")).toBe(true);
    expect(tokensEqual("abcd", "abce")).toBe(false);
    expect(tokensEqual("abcd", "abc")).toBe(false);
  });
});

describe("session expiry", () => {
  const now = new Date("2026-11-22T08:00:00Z");
  const at = (ms: number) => new Date(now.getTime() + ms);

  it("ends a plain session after 12 hours without activity, a remembered one after 30 days", () => {
    expect(newSessionExpiry(now, false)).toEqual(at(IDLE_SESSION_MS));
    expect(newSessionExpiry(now, true)).toEqual(at(REMEMBERED_SESSION_MS));
    const session = { expiresAt: at(IDLE_SESSION_MS), rememberMe: false };
    expect(isSessionExpired(session, at(IDLE_SESSION_MS - 1))).toBe(false);
    expect(isSessionExpired(session, at(IDLE_SESSION_MS))).toBe(true);
  });

  it("slides a plain session forward with activity, at most one write a minute", () => {
    const session = { expiresAt: at(IDLE_SESSION_MS), rememberMe: false };
    expect(renewedExpiry(session, at(30_000))).toBeNull();
    expect(renewedExpiry(session, at(60_000))).toEqual(at(60_000 + IDLE_SESSION_MS));
    // 11 hours of activity keep it alive well past the first 12 hours.
    const later = at(11 * 3600_000);
    expect(renewedExpiry(session, later)).toEqual(new Date(later.getTime() + IDLE_SESSION_MS));
  });

  it("slides a remembered session forward at most once a day, and never revives an expired one", () => {
    const session = { expiresAt: at(REMEMBERED_SESSION_MS), rememberMe: true };
    expect(renewedExpiry(session, at(3600_000))).toBeNull();
    expect(renewedExpiry(session, at(25 * 3600_000))).toEqual(at(25 * 3600_000 + REMEMBERED_SESSION_MS));
    expect(renewedExpiry(session, at(REMEMBERED_SESSION_MS + 1))).toBeNull();
  });
});

describe("roles and access", () => {
  const actor = (over: Partial<Actor>): Actor => ({ id: "u", role: "hospital", establishmentId: "e1", isCoordinator: false, active: true, ...over });

  it("lets the DRI manage users and see every establishment", () => {
    const dri = actor({ role: "dri_admin", establishmentId: null });
    expect(canManageUsers(dri)).toBe(true);
    expect(canAccessEstablishment(dri, "e2")).toBe(true);
  });

  it("keeps hospital staff to their own establishment", () => {
    const staff = actor({});
    expect(canAccessEstablishment(staff, "e1")).toBe(true);
    expect(canAccessEstablishment(staff, "e2")).toBe(false);
    expect(canManageUsers(staff)).toBe(false);
  });

  it("gives auditors no establishment by default", () => {
    expect(canAccessEstablishment(actor({ role: "auditor", establishmentId: null }), "e1")).toBe(false);
  });

  it("lets only a coordinator invite, only hospital colleagues of their own establishment", () => {
    const coordinator = actor({ isCoordinator: true });
    expect(canInviteColleague(coordinator, { role: "hospital", establishmentId: "e1" })).toBe(true);
    expect(canInviteColleague(coordinator, { role: "hospital", establishmentId: "e2" })).toBe(false);
    expect(canInviteColleague(coordinator, { role: "auditor", establishmentId: null })).toBe(false);
    expect(canInviteColleague(actor({}), { role: "hospital", establishmentId: "e1" })).toBe(false);
  });

  it("grants nothing to a deactivated account", () => {
    const gone = actor({ role: "dri_admin", establishmentId: null, active: false });
    expect(hasRole(gone, "dri_admin")).toBe(false);
    expect(canManageUsers(gone)).toBe(false);
    expect(canAccessEstablishment(gone, "e1")).toBe(false);
  });
});
