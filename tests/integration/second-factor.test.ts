// The second factor and the sessions list (ADR 0034), over HTTP against the built app: enrolment, the two-step
// sign-in, recovery codes, the pending state, enforcement by role, and ending sessions.
import { and, desc, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTrailEvents, loginThrottles, pendingSignIns, recoveryCodes, sessions, users } from "#db/schema.ts";
import type { Db } from "#db/client.ts";
import { decodeTotpSecret, hotp, totpStep } from "#app/domain/auth/totp.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { createSession } from "#app/services/accounts/sessions.server.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let db: Db;
let passwordHash: string;
const PASSWORD = "demo-label-2025";

beforeAll(async () => {
  server = await startTestServer({ env: { TRUST_PROXY: "true", REQUIRE_SECOND_FACTOR: "auditor" } });
  db = server.database.db;
  passwordHash = await hashPassword(PASSWORD);
}, 60_000);
afterAll(async () => {
  await server?.close();
});

let n = 0;
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
function browser(userAgent = FIREFOX) {
  n++;
  const b = new TestBrowser(server.baseUrl, { address: `10.7.${n}.${n + 1}` });
  const request = b.request.bind(b);
  b.request = (path, init = {}) => request(path, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), "User-Agent": userAgent } });
  return b;
}

async function newUser(role: "dri_admin" | "auditor" = "dri_admin") {
  const email = `u${++n}-${Date.now()}@label.example.org`;
  const [row] = await db.insert(users).values({ email, name: `Test ${n}`, role, passwordHash }).returning({ id: users.id });
  return { id: row!.id, email };
}

async function postPassword(b: TestBrowser, email: string, extra: Record<string, string> = {}) {
  await b.get("/login");
  return b.post("/login", { email, password: PASSWORD, ...extra });
}

/** The secret the enrolment page shows (in groups of four), as a person types it into an app. */
function secretOf(html: string): string {
  const match = /data-testid="totp-secret"[^>]*>([A-Z2-7 ]+)</.exec(html);
  if (!match) throw new Error("no secret on the page");
  return match[1]!.replaceAll(" ", "");
}
/** The code an authenticator app shows `offset` steps from now. */
const codeFor = (secret: string, offset = 0) => hotp(decodeTotpSecret(secret)!, totpStep(new Date()) + offset);
const recoveryCodesOf = (html: string) => [...html.matchAll(/<code>([a-z2-7]{5}-[a-z2-7]{5})<\/code>/g)].map((m) => m[1]!);

async function trail(userId: string) {
  return db.select().from(auditTrailEvents).where(eq(auditTrailEvents.entityId, userId)).orderBy(desc(auditTrailEvents.id));
}

/** Signs in with the password and enrols from the account page; returns the secret and the recovery codes. */
async function enrolled(role: "dri_admin" | "auditor" = "dri_admin") {
  const user = await newUser(role);
  const b = browser();
  expect((await postPassword(b, user.email)).status).toBe(302);
  const page = await readPage(await b.get("/account/second-factor"));
  const secret = secretOf(page);
  const enrolCode = codeFor(secret);
  const done = await b.post("/account/second-factor", { intent: "enrol", secret, code: enrolCode });
  expect(done.status).toBe(200);
  const codes = recoveryCodesOf(await readPage(done));
  return { ...user, secret, enrolCode, codes, browser: b };
}

describe("enrolment from the account page", () => {
  it("shows a QR code and the secret, refuses a wrong first code keeping the secret, then shows ten recovery codes once", async () => {
    const user = await newUser();
    const b = browser();
    await postPassword(b, user.email);
    const page = await readPage(await b.get("/account/second-factor"));
    expect(page).toContain('aria-label="Code QR à scanner avec l\'application d\'authentification"');
    expect(page).toContain("otpauth://totp/Label%20AP-HP%3A");
    const secret = secretOf(page);

    const wrong = await b.post("/account/second-factor", { intent: "enrol", secret, code: codeFor(secret, 5) });
    expect(wrong.status).toBe(400);
    const again = await readPage(wrong);
    expect(again).toContain("Ce code n'est pas valide");
    expect(secretOf(again)).toBe(secret);

    const done = await b.post("/account/second-factor", { intent: "enrol", secret, code: codeFor(secret) });
    const codes = recoveryCodesOf(await readPage(done));
    expect(codes).toHaveLength(10);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.totpSecret).toBe(secret);
    const stored = await db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    expect(stored).toHaveLength(10);
    for (const code of codes) expect(stored.map((s) => s.codeHash)).not.toContain(code);
    // Shown once: the page afterwards offers new codes, never the old ones.
    const later = await readPage(await b.get("/account/second-factor"));
    for (const code of codes) expect(later).not.toContain(code);
    expect(later).toContain("Il vous reste 10 codes de secours");
    expect(await readPage(await b.get("/account"))).toContain("La double authentification est activée.");
    expect((await trail(user.id)).map((e) => e.action)).toContain("auth.second_factor_enrolled");
  });
});

describe("the two-step sign-in", () => {
  it("opens no session after the password, throttles wrong codes, then signs in with the next code", async () => {
    const user = await enrolled();
    const b = browser();
    const password = await postPassword(b, user.email, { redirectTo: "/notifications" });
    expect(password.headers.get("location")).toBe("/login/second-factor");
    expect(b.cookie("label_session")).toBeUndefined();
    expect(b.cookie("label_pending_sign_in")).toBeDefined();
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(1); // the enrolling browser's only
    expect((await b.get("/account")).headers.get("location")).toContain("/login");
    expect(await readPage(await b.get("/login/second-factor"))).toContain("Code de vérification");

    // The code just used for enrolment is refused (each step once).
    expect((await b.post("/login/second-factor", { intent: "verify", code: user.enrolCode })).status).toBe(401);
    for (let i = 0; i < 4; i++) expect((await b.post("/login/second-factor", { intent: "verify", code: "000000" })).status).toBe(401);
    const throttled = await b.post("/login/second-factor", { intent: "verify", code: codeFor(user.secret, 1) });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(await readPage(throttled)).toContain("Trop de codes erronés");

    await db.update(loginThrottles).set({ blockedUntil: new Date(Date.now() - 1000) }).where(eq(loginThrottles.key, `second_factor|${user.id}`));
    const ok = await b.post("/login/second-factor", { intent: "verify", code: codeFor(user.secret, 1) });
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/notifications");
    expect(b.cookie("label_session")).toBeDefined();
    expect(b.cookie("label_pending_sign_in")).toBeUndefined();
    expect((await b.get("/account")).status).toBe(200);
    const actions = (await trail(user.id)).map((e) => e.action);
    expect(actions.filter((a) => a === "auth.second_factor_failed")).toHaveLength(5);
    const [signIn] = (await trail(user.id)).filter((e) => e.action === "auth.sign_in");
    expect(signIn!.changes).toEqual({ method: { from: null, to: "totp" } });
  });

  it("takes a recovery code instead of a code, once", async () => {
    const user = await enrolled();
    const first = browser();
    await postPassword(first, user.email);
    expect((await first.post("/login/second-factor", { intent: "verify", code: user.codes[3]!.toUpperCase() })).status).toBe(302);
    const second = browser();
    await postPassword(second, user.email);
    expect((await second.post("/login/second-factor", { intent: "verify", code: user.codes[3]! })).status).toBe(401);
    expect(await db.select().from(recoveryCodes).where(and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.usedAt)))).toHaveLength(9);
    expect((await trail(user.id)).map((e) => e.action)).toContain("auth.recovery_code_used");
  });

  it("forgets the pending sign-in after five minutes", async () => {
    const user = await enrolled();
    const b = browser();
    await postPassword(b, user.email);
    await db.update(pendingSignIns).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(pendingSignIns.userId, user.id));
    const late = await b.post("/login/second-factor", { intent: "verify", code: codeFor(user.secret, 1) });
    expect(late.headers.get("location")).toBe("/login?expired=1");
    expect(b.cookie("label_session")).toBeUndefined();
    expect(await readPage(await b.get("/login?expired=1"))).toContain("La connexion a pris plus de 5 minutes");
    expect((await browser().get("/login/second-factor")).headers.get("location")).toBe("/login?expired=1");
  });

  it("lets the user make new recovery codes and turn the factor off, each with a current code", async () => {
    const user = await enrolled();
    const b = user.browser;
    expect((await b.post("/account/second-factor", { intent: "regenerate", code: "123456" })).status).toBe(400);
    const fresh = recoveryCodesOf(await readPage(await b.post("/account/second-factor", { intent: "regenerate", code: user.codes[0]! })));
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(user.codes[1]);
    const off = await b.post("/account/second-factor", { intent: "disable", code: fresh[0]! });
    expect(off.headers.get("location")).toBe("/account/second-factor?saved=disabled");
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.totpSecret).toBeNull();
    expect((await postPassword(browser(), user.email)).headers.get("location")).toBe("/");
    const actions = (await trail(user.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["auth.recovery_codes_regenerated", "auth.second_factor_disabled"]));
  });
});

describe("REQUIRE_SECOND_FACTOR=auditor", () => {
  it("sends an auditor without a factor to enrol after the password, with no session until enrolled", async () => {
    const user = await newUser("auditor");
    const b = browser();
    expect((await postPassword(b, user.email)).headers.get("location")).toBe("/login/second-factor");
    expect(b.cookie("label_session")).toBeUndefined();
    const page = await readPage(await b.get("/login/second-factor"));
    expect(page).toContain("Votre rôle exige la double authentification");
    const secret = secretOf(page);
    const done = await b.post("/login/second-factor", { intent: "enrol", secret, code: codeFor(secret) });
    expect(done.status).toBe(200);
    expect(recoveryCodesOf(await readPage(done))).toHaveLength(10);
    expect(b.cookie("label_session")).toBeDefined();
    expect((await b.get("/")).status).toBe(200);
    // Required: it cannot be turned off.
    expect((await b.post("/account/second-factor", { intent: "disable", code: codeFor(secret, 1) })).status).toBe(403);
  });

  it("keeps a session opened before the setting on the enrolment page until the user enrols", async () => {
    const user = await newUser("auditor");
    const { token } = await createSession(db, user.id, false);
    const b = browser();
    b.setCookie("label_session", token);
    expect((await b.get("/processes")).headers.get("location")).toBe("/account/second-factor");
    expect((await b.get("/account/sessions")).headers.get("location")).toBe("/account/second-factor");
    expect((await b.get("/account/second-factor")).status).toBe(200);
  });

  it("asks nothing more of a DRI administrator without a factor (the role is not listed)", async () => {
    const user = await newUser("dri_admin");
    expect((await postPassword(browser(), user.email)).headers.get("location")).toBe("/");
  });
});

describe("sessions", () => {
  it("lists the user's sessions with device, approximate address and this one marked; ends another one", async () => {
    const user = await newUser();
    const laptop = browser();
    const phone = browser("Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1");
    await postPassword(laptop, user.email);
    await postPassword(phone, user.email);
    const page = await readPage(await laptop.get("/account/sessions"));
    expect(page).toContain("Firefox sous Linux");
    expect(page).toContain("Safari sous iOS");
    expect(page.match(/Cette session/g)).toHaveLength(1);
    expect(page).toMatch(/10\.7\.\d+\.0\/24/);
    const rows = await db.select().from(sessions).where(eq(sessions.userId, user.id));
    const phoneRow = rows.find((r) => r.userAgent?.includes("iPhone"))!;

    // Someone else's session id ends nothing.
    const stranger = await newUser();
    const other = browser();
    await postPassword(other, stranger.email);
    expect((await other.post("/account/sessions", { sessionId: phoneRow.id })).status).toBe(404);
    expect((await phone.get("/account")).status).toBe(200);

    // A cross-site post (another Origin, no form token) ends nothing.
    const forged = await laptop.post("/account/sessions", { sessionId: phoneRow.id }, { origin: "https://evil.example", withCsrf: false });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect((await phone.get("/account")).status).toBe(200);

    expect((await laptop.post("/account/sessions", { sessionId: phoneRow.id })).headers.get("location")).toBe("/account/sessions?ended=1");
    expect((await phone.get("/account")).headers.get("location")).toContain("/login");
    expect((await trail(user.id)).map((e) => e.action)).toContain("auth.session_ended");
  });

  it("moves last seen forward at most every five minutes", async () => {
    const user = await newUser();
    const b = browser();
    await postPassword(b, user.email);
    const recent = new Date(Date.now() - 60_000);
    await db.update(sessions).set({ lastSeenAt: recent }).where(eq(sessions.userId, user.id));
    await b.get("/account");
    expect((await db.select().from(sessions).where(eq(sessions.userId, user.id)))[0]!.lastSeenAt).toEqual(recent);
    await db.update(sessions).set({ lastSeenAt: new Date(Date.now() - 10 * 60_000) }).where(eq(sessions.userId, user.id));
    await b.get("/account");
    expect((await db.select().from(sessions).where(eq(sessions.userId, user.id)))[0]!.lastSeenAt!.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("lets a DRI administrator end every session of a user, and nobody else", async () => {
    const user = await newUser("dri_admin");
    await postPassword(browser(), user.email);
    await postPassword(browser(), user.email);
    const admin = browser();
    await postPassword(admin, "admin@label.example.org");
    expect(await readPage(await admin.get(`/admin/users/${user.id}`))).toContain("Double authentification non activée. 2 sessions ouvertes.");
    const hospital = browser();
    await postPassword(hospital, "fann@label.example.org");
    expect((await hospital.post(`/admin/users/${user.id}`, { intent: "end-sessions" })).status).toBe(403);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(2);
    const ended = await admin.post(`/admin/users/${user.id}`, { intent: "end-sessions" });
    expect(ended.headers.get("location")).toBe(`/admin/users/${user.id}?saved=sessionsEnded`);
    expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0);
    const [event] = (await trail(user.id)).filter((e) => e.action === "auth.sessions_ended_by_admin");
    expect(event!.changes).toEqual({ sessions: { from: 2, to: 0 } });
  });
});

describe("sign-ins in the audit trail", () => {
  it("records a failure by the account's id, or with no actor and no e-mail for an unknown address", async () => {
    const user = await newUser();
    const b = browser();
    await b.get("/login");
    await b.post("/login", { email: user.email, password: "wrong password" });
    expect((await trail(user.id)).map((e) => e.action)).toContain("auth.sign_in_failed");
    const before = await db.select().from(auditTrailEvents).where(eq(auditTrailEvents.entityId, "unknown"));
    await b.post("/login", { email: "nobody-here@label.example.org", password: "wrong password" });
    const after = await db.select().from(auditTrailEvents).where(eq(auditTrailEvents.entityId, "unknown"));
    expect(after.length).toBe(before.length + 1);
    const event = after.at(-1)!;
    expect(event.actorUserId).toBeNull();
    expect(JSON.stringify(event)).not.toContain("nobody-here");
  });
});
