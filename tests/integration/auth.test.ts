import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTrailEvents, outbox, sessions, users } from "#db/schema.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const browser = (language?: string) => new TestBrowser(server.baseUrl, { language });

describe("health", () => {
  it("answers ok when the database answers", async () => {
    const response = await browser().get("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });
});

describe("signing in and out", () => {
  it("serves the login page in French by default and in English on request", async () => {
    const fr = await (await browser().get("/login")).text();
    expect(fr).toContain('<html lang="fr"');
    expect(fr).toContain("<h1>Connexion</h1>");
    const en = await (await browser("en-GB,en;q=0.9").get("/login")).text();
    expect(en).toContain('<html lang="en"');
    expect(en).toContain("<h1>Sign in</h1>");
    const forced = await (await browser("en-GB").get("/login?lng=fr")).text();
    expect(forced).toContain("<h1>Connexion</h1>");
  });

  it("sends anonymous visitors to the login page, and back where they were after signing in", async () => {
    const b = browser();
    const response = await b.get("/admin/users?role=auditor");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/login?redirectTo=%2Fadmin%2Fusers%3Frole%3Dauditor");
    await b.get("/login");
    const login = await b.post("/login", { email: "admin@label.example.org", password: "demo-label-2025", redirectTo: "/admin/users?role=auditor" });
    expect(login.headers.get("location")).toBe("/admin/users?role=auditor");
  });

  it("never redirects to another site after signing in", async () => {
    const b = browser();
    await b.get("/login");
    const login = await b.post("/login", { email: "admin@label.example.org", password: "demo-label-2025", redirectTo: "//evil.example/x" });
    expect(login.headers.get("location")).toBe("/");
  });

  it("gives the same answer for a wrong password and an unknown address, and keeps the typed e-mail", async () => {
    const b = browser();
    await b.get("/login");
    const wrong = await b.post("/login", { email: "touba@label.example.org", password: "not-the-password" });
    const unknown = await b.post("/login", { email: "nobody@label.example.org", password: "not-the-password" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain("Adresse e-mail ou mot de passe incorrect.");
    expect(wrongHtml).toContain('value="touba@label.example.org"');
    expect(await unknown.text()).toContain("Adresse e-mail ou mot de passe incorrect.");
  });

  it("answers a malformed form with 400 and a translated message, never a 500", async () => {
    const b = browser("en-GB");
    await b.get("/login");
    const response = await b.post("/login", { email: "not-an-email" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Enter a valid e-mail address");
    expect(html).toContain("This field is required.");
  });

  it("signs in, shows the role's home, and signs out for good", async () => {
    const b = browser();
    await b.login("auditeur@label.example.org");
    const home = await (await b.get("/")).text();
    expect(home).toContain("<h1>Espace auditeur</h1>");
    const token = b.cookie("label_session")!;
    const logout = await b.post("/logout", {});
    expect(logout.headers.get("location")).toBe("/login?loggedOut=1");
    expect(b.cookie("label_session")).toBeUndefined();
    // The old token is dead on the server too.
    const replay = new TestBrowser(server.baseUrl);
    const response = await replay.request("/", { headers: { Cookie: `label_session=${token}` } });
    expect(response.status).toBe(302);
  });

  it("keeps a session cookie for the browser session only, unless 'remember me' is ticked", async () => {
    const b = browser();
    await b.get("/login");
    const plain = await b.post("/login", { email: "fann@label.example.org", password: "demo-label-2025" });
    expect(plain.headers.getSetCookie().find((c) => c.startsWith("label_session="))).not.toMatch(/Expires=/);
    const r = browser();
    await r.get("/login");
    const remembered = await r.post("/login", { email: "fann@label.example.org", password: "demo-label-2025", rememberMe: "on" });
    const cookie = remembered.headers.getSetCookie().find((c) => c.startsWith("label_session="))!;
    const expires = new Date(/Expires=([^;]+)/.exec(cookie)![1]!);
    expect(expires.getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it("slows down repeated failures for that account and address, with a message saying how long", async () => {
    await server.database.db.insert(users).values({
      email: "lente@label.example.org",
      name: "Compte de test",
      role: "auditor",
      passwordHash: await hashPassword("demo-label-2025"),
    });
    const b = browser();
    await b.get("/login");
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await b.post("/login", { email: "lente@label.example.org", password: `wrong-${i}` })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const blocked = await b.post("/login", { email: "lente@label.example.org", password: "demo-label-2025" });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await readPage(blocked)).toMatch(/Réessayez dans \d+ secondes/);
    // Another account from the same address is not affected.
    await browser().login("admin@label.example.org");
  });
});

describe("the interface language at sign-in", () => {
  // auditrice2 (Dr Hélène Marchand) reads in English; the browsers below speak French.
  const english = "auditrice2@label.example.org";

  it("switches to the account's language when nobody chose one on this device", async () => {
    const b = browser();
    const login = await b.get("/login");
    expect(await login.text()).toContain('<html lang="fr"');
    // The browser's languages are read on each request, never written down as a choice.
    expect(login.headers.getSetCookie().filter((c) => c.startsWith("lng"))).toEqual([]);
    await b.login(english);
    expect(b.cookie("lng")).toBeDefined();
    const home = await (await b.get("/")).text();
    expect(home).toContain('<html lang="en"');
    expect(home).toContain("<h1>Auditor area</h1>");
    expect(await (await b.get("/account")).text()).toContain("<h1>My account</h1>");
  });

  it("keeps the language chosen with the switch on this device", async () => {
    const b = browser("en-GB,en;q=0.9");
    // The switch on the login page: French, although the browser asks for English.
    const switched = await b.get("/login?lng=fr");
    expect(switched.headers.getSetCookie().map((c) => c.slice(0, c.indexOf("="))).filter((name) => name.startsWith("lng")).sort()).toEqual(["lng", "lng_chosen"]);
    const login = await b.post("/login", { email: english, password: "demo-label-2025" });
    expect(login.headers.getSetCookie().filter((c) => c.startsWith("lng"))).toEqual([]);
    const home = await (await b.get("/")).text();
    expect(home).toContain('<html lang="fr"');
    expect(home).toContain("<h1>Espace auditeur</h1>");
  });

  it("on a shared computer, gives the next person their own account's language, not the previous one's", async () => {
    const b = browser();
    await b.login(english);
    expect(await (await b.get("/")).text()).toContain('<html lang="en"');
    await b.post("/logout", {});
    await b.login("auditeur@label.example.org");
    expect(await (await b.get("/")).text()).toContain("<h1>Espace auditeur</h1>");
  });

  it("follows the account page's language, which replaces a choice made with the switch", async () => {
    const b = browser();
    await b.get("/login?lng=en");
    await b.login("fann@label.example.org");
    expect(await (await b.get("/account")).text()).toContain("<h1>My account</h1>");
    const saved = await b.post("/account", { intent: "language", language: "fr" });
    expect(saved.status).toBe(302);
    expect(b.cookie("lng_chosen")).toBeUndefined();
    expect(await (await b.get("/account")).text()).toContain("<h1>Mon compte</h1>");
  });
});

describe("authorization", () => {
  it("gives a hospital user a translated 403 on an admin page, for the page and its data request", async () => {
    const b = browser();
    await b.login("touba@label.example.org");
    const page = await b.get("/admin/users");
    expect(page.status).toBe(403);
    expect(await page.text()).toContain("Accès refusé");
    const data = await b.get("/admin/users.data");
    expect(data.status).toBe(403);
    expect(await data.text()).not.toContain("admin@label.example.org");
  });

  it("keeps the team page to coordinators and shows only their own establishment", async () => {
    const b = browser();
    await b.login("touba@label.example.org");
    const team = await (await b.get("/team")).text();
    expect(team).toContain("touba@label.example.org");
    expect(team).not.toContain("fann@label.example.org");
    const auditor = browser();
    await auditor.login("auditeur@label.example.org");
    expect((await auditor.get("/team")).status).toBe(403);
  });

  it("answers unknown pages with a translated 404", async () => {
    const response = await browser("en-GB").get("/no/such/page");
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Page not found");
  });
});

describe("CSRF", () => {
  it("refuses a write from another origin", async () => {
    const b = browser();
    await b.login("admin@label.example.org");
    const response = await b.post("/logout", {}, { origin: "https://evil.example" });
    expect(response.status).toBe(403);
    const login = await browser().post("/login", { email: "admin@label.example.org", password: "demo-label-2025" }, { origin: "https://evil.example" });
    expect(login.status).toBeGreaterThanOrEqual(400);
    expect(login.headers.get("set-cookie") ?? "").not.toContain("label_session=");
  });

  it("without an Origin header, lets the form token decide", async () => {
    const b = browser();
    await b.get("/login");
    const withoutToken = await b.post("/login", { email: "admin@label.example.org", password: "demo-label-2025" }, { origin: null, withCsrf: false });
    expect(withoutToken.status).toBe(403);
    const withToken = await b.post("/login", { email: "admin@label.example.org", password: "demo-label-2025" }, { origin: null });
    expect(withToken.status).toBe(302);
  });
});

describe("invitations", () => {
  it("lets a coordinator invite a colleague, who sets a password once and signs in", async () => {
    const coordinator = browser();
    await coordinator.login("touba@label.example.org");
    const invite = await coordinator.post("/team", { name: "Fatou Sarr", email: "Fatou.Sarr@chncak.example.sn", language: "fr" });
    expect(invite.status).toBe(200);
    const html = await invite.text();
    const link = /(http:\/\/127\.0\.0\.1:\d+\/invitation\/[a-z0-9]+)/.exec(html)?.[1];
    expect(link).toBeDefined();
    const [created] = await server.database.db.select().from(users).where(eq(users.email, "fatou.sarr@chncak.example.sn"));
    expect(created).toMatchObject({ role: "hospital", isCoordinator: false, passwordHash: null });

    const path = new URL(link!).pathname;
    const colleague = browser();
    expect(await (await colleague.get(path)).text()).toContain("Fatou Sarr");
    const mismatch = await colleague.post(path, { password: "une phrase de passe", confirmPassword: "autre chose" });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain("Les deux mots de passe ne sont pas identiques.");
    const set = await colleague.post(path, { password: "une phrase de passe", confirmPassword: "une phrase de passe" });
    expect(set.headers.get("location")).toBe("/login?passwordSet=1");
    await colleague.login("fatou.sarr@chncak.example.sn", "une phrase de passe");
    expect(await (await colleague.get("/")).text()).toContain("Notre démarche de labellisation");

    // The link works once; the outbox no longer shows it.
    const reused = await browser().get(path);
    expect(reused.status).toBe(410);
    expect(await reused.text()).toContain("Ce lien a déjà été utilisé");
    const [message] = await server.database.db.select().from(outbox).where(eq(outbox.toEmail, "fatou.sarr@chncak.example.sn"));
    expect(message!.link).toBeNull();
    const admin = browser();
    await admin.login("admin@label.example.org");
    const outboxPage = await (await admin.get("/admin/outbox")).text();
    expect(outboxPage).toContain("fatou.sarr@chncak.example.sn");
    expect(outboxPage).not.toContain(path);
  });

  it("does not let a coordinator invite into another establishment or as another role", async () => {
    const coordinator = browser();
    await coordinator.login("fann@label.example.org");
    await coordinator.post("/team", { name: "Intrus", email: "intrus@example.org", language: "fr", role: "dri_admin", establishmentId: "00000000-0000-0000-0000-000000000000" });
    const [created] = await server.database.db.select().from(users).where(eq(users.email, "intrus@example.org"));
    expect(created?.role).toBe("hospital");
    const [fann] = await server.database.db.select().from(users).where(eq(users.email, "fann@label.example.org"));
    expect(created?.establishmentId).toBe(fann!.establishmentId);
  });

  it("shows a clear page for an unknown or expired link and changes nothing", async () => {
    const response = await browser().get("/invitation/abcdefghijklmnopqrstuvwxyz234567");
    expect(response.status).toBe(410);
    expect(await readPage(response)).toContain("Ce lien n'est pas valide");
    const post = await browser().post("/invitation/abcdefghijklmnopqrstuvwxyz234567", { password: "une phrase de passe", confirmPassword: "une phrase de passe" });
    expect(post.status).toBe(410);
  });

  it("lets the DRI create an auditor, records who did it, and refuses a duplicate address", async () => {
    const admin = browser();
    await admin.login("admin@label.example.org");
    const created = await admin.post("/admin/users/new", { name: "Dr Jeanne Roux", email: "jeanne.roux@aphp.example.fr", role: "auditor", language: "en" });
    expect(created.status).toBe(200);
    expect(await created.text()).toContain("/invitation/");
    const [user] = await server.database.db.select().from(users).where(eq(users.email, "jeanne.roux@aphp.example.fr"));
    const [event] = await server.database.db.select().from(auditTrailEvents).where(eq(auditTrailEvents.entityId, user!.id));
    expect(event).toMatchObject({ action: "user.create" });
    const [message] = await server.database.db.select().from(outbox).where(eq(outbox.toEmail, "jeanne.roux@aphp.example.fr"));
    expect(message!.subject).toBe("Invitation to the AP-HP quality and safety of care label platform");

    const duplicate = await admin.post("/admin/users/new", { name: "Autre", email: "JEANNE.ROUX@aphp.example.fr", role: "auditor", language: "fr" });
    expect(duplicate.status).toBe(400);
    expect(await duplicate.text()).toContain("Un compte existe déjà avec cette adresse e-mail.");
  });
});

describe("ending sessions", () => {
  it("ends the other sessions when the password changes, and keeps the current one", async () => {
    const first = browser();
    const second = browser();
    await first.login("fann@label.example.org");
    await second.login("fann@label.example.org");
    const change = await first.post("/account", { intent: "password", currentPassword: "demo-label-2025", password: "nouvelle phrase secrète", confirmPassword: "nouvelle phrase secrète" });
    expect(change.headers.get("location")).toBe("/account?saved=password");
    expect((await first.get("/account")).status).toBe(200);
    expect((await second.get("/account")).status).toBe(302);
    await browser().login("fann@label.example.org", "nouvelle phrase secrète");
  });

  it("refuses a password change with a wrong current password", async () => {
    const b = browser();
    await b.login("admin@label.example.org");
    const response = await b.post("/account", { intent: "password", currentPassword: "wrong-password", password: "nouvelle phrase", confirmPassword: "nouvelle phrase" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Le mot de passe actuel est incorrect.");
  });

  it("ends every session of a user at once when the DRI deactivates them or changes their role", async () => {
    const admin = browser();
    await admin.login("admin@label.example.org");
    const auditor = browser();
    await auditor.login("auditeur@label.example.org");
    const [target] = await server.database.db.select().from(users).where(eq(users.email, "auditeur@label.example.org"));
    const deactivate = await admin.post(`/admin/users/${target!.id}`, { intent: "deactivate" });
    expect(deactivate.status).toBe(302);
    expect((await auditor.get("/")).status).toBe(302);
    expect(await server.database.db.select().from(sessions).where(eq(sessions.userId, target!.id))).toHaveLength(0);
    const retry = browser();
    await retry.get("/login");
    expect((await retry.post("/login", { email: "auditeur@label.example.org", password: "demo-label-2025" })).status).toBe(401);

    await admin.post(`/admin/users/${target!.id}`, { intent: "reactivate" });
    const again = browser();
    await again.login("auditeur@label.example.org");
    const [touba] = await server.database.db.select().from(users).where(eq(users.email, "touba@label.example.org"));
    await admin.post(`/admin/users/${target!.id}`, { intent: "update", name: "Dr Marc Lefèvre", role: "hospital", establishmentId: touba!.establishmentId! });
    expect((await again.get("/")).status).toBe(302);
    const history = await readPage(await admin.get(`/admin/users/${target!.id}`));
    expect(history).toContain("Compte modifié");
    expect(history).toContain("Rôle : Auditeur AP-HP → Établissement partenaire");
    expect(history).toContain("Établissement : — → Centre Hospitalier National Cheikh Ahmadou Khadim (CHNCAK)");
  });
});

describe("password reset", () => {
  it("answers the same for known and unknown addresses, and the link resets the password once", async () => {
    const b = browser();
    await b.get("/forgot-password");
    const known = await b.post("/forgot-password", { email: "touba@label.example.org" });
    const unknown = await b.post("/forgot-password", { email: "personne@nulle-part.example" });
    const knownHtml = await known.text();
    expect(knownHtml).toContain("Si un compte existe avec cette adresse");
    expect(await unknown.text()).toContain("Si un compte existe avec cette adresse");
    // The link is made and queued after the answer (the same answer, in the same time, for an unknown address).
    let [message] = await server.database.db.select().from(outbox).where(eq(outbox.kind, "password_reset"));
    for (let waited = 0; !message && waited < 5_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      [message] = await server.database.db.select().from(outbox).where(eq(outbox.kind, "password_reset"));
    }
    expect(message!.toEmail).toBe("touba@label.example.org");
    const path = new URL(message!.link!).pathname;
    const reset = await b.post(path, { password: "phrase de secours 2026", confirmPassword: "phrase de secours 2026" });
    expect(reset.headers.get("location")).toBe("/login?passwordSet=1");
    await browser().login("touba@label.example.org", "phrase de secours 2026");
    expect((await b.post(path, { password: "encore une autre", confirmPassword: "encore une autre" })).status).toBe(410);
  });
});
