// What a penetration test of sign-in, one-time links and abuse limits looks for, over HTTP against the built app.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, count, eq } from "drizzle-orm";
import { RouterContextProvider } from "react-router";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "#app/config.server.ts";
import { clientAddressContext, servicesContext } from "#app/context.ts";
import { enforceRateLimits } from "#app/http/guards.server.ts";
import { evidenceFiles, outbox, users } from "#db/schema.ts";
import type { Db } from "#db/client.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";
import { servedRequest } from "#tests/support/app-server.ts";
import { minimalPdf } from "#tests/support/evidence-fixtures.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-security-it-"));
let server: TestServer;
let db: Db;
let processId: string;

/**
 * The SQL statements of each form post, by the address it came from (one browser, one address): those run before its
 * answer was handed over in full (`res.end()`), and those run afterwards on its behalf.
 */
const postStatements = new Map<string, { beforeAnswer: string[]; afterAnswer: string[] }>();
function hearStatement(sql: string) {
  const served = servedRequest.getStore();
  const address = served?.req.headers["x-forwarded-for"];
  if (!served || served.req.method !== "POST" || typeof address !== "string") return;
  const key = `${address} ${served.req.url}`;
  const statements = postStatements.get(key) ?? { beforeAnswer: [], afterAnswer: [] };
  postStatements.set(key, statements);
  (served.res.writableEnded ? statements.afterAnswer : statements.beforeAnswer).push(sql);
}

beforeAll(async () => {
  // Behind a trusted proxy, so each test says which address it comes from; a low upload limit to reach it quickly.
  server = await startTestServer({
    env: { TRUST_PROXY: "true", UPLOADS_DIR: uploadsDir, RATE_LIMIT_EVIDENCE_UPLOADS_PER_CRITERION: "2" },
    onQuery: hearStatement,
  });
  db = server.database.db;
  await importShippedReferentials(db);
  processId = (await seedDemoProcess(db, { storage: folderStorage(uploadsDir) }))!.processId;
}, 60_000);
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

let addresses = 0;
/** An address no other browser of this file uses (so each test starts from fresh counters). */
const newAddress = () => `10.9.${Math.floor(++addresses / 250)}.${addresses % 250}`;
const browser = (options: { language?: string; address?: string } = {}) =>
  new TestBrowser(server.baseUrl, { address: options.address ?? newAddress(), language: options.language });

async function newAccount(email: string, password = "demo-label-2025") {
  await db.insert(users).values({ email, name: "Compte de test", role: "auditor", passwordHash: await hashPassword(password) });
}

/** The reset links sent to `email`, oldest first, once `n` of them are in the outbox (the message is queued after the answer). */
async function resetLinks(email: string, n: number): Promise<string[]> {
  for (let waited = 0; ; waited += 50) {
    const rows = await db.select().from(outbox).where(and(eq(outbox.toEmail, email), eq(outbox.kind, "password_reset"))).orderBy(outbox.createdAt);
    if (rows.length >= n || waited > 5_000) return rows.map((r) => (r.link ? new URL(r.link).pathname : ""));
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function askReset(b: TestBrowser, email: string) {
  await b.get("/forgot-password");
  return b.post("/forgot-password", { email });
}

describe("redirects built from what the request says", () => {
  const crafted = ["/./\\evil.example", "/.//evil.example", "/a/..//evil.example", "/%2e%2e//evil.example", "/\t/evil.example", "/\n//evil.example", "/.%2e/\\evil.example"];

  it("keeps the signed-in user on this site whatever redirectTo the sign-in form carries", async () => {
    for (const redirectTo of crafted) {
      const b = browser();
      await b.get("/login");
      const login = await b.post("/login", { email: "admin@label.example.org", password: "demo-label-2025", redirectTo });
      expect(login.status, JSON.stringify(redirectTo)).toBe(302);
      const location = login.headers.get("location")!;
      expect(location, JSON.stringify(redirectTo)).toBe("/");
      expect(new URL(location, server.baseUrl).origin).toBe(server.baseUrl);
    }
  });

  it("does not put a crafted redirectTo in the sign-in form, nor follow it when already signed in", async () => {
    const b = browser();
    for (const redirectTo of crafted) {
      const page = await (await b.get(`/login?redirectTo=${encodeURIComponent(redirectTo)}`)).text();
      expect(page, JSON.stringify(redirectTo)).toContain('name="redirectTo" value=""');
    }
    await b.login("admin@label.example.org");
    for (const redirectTo of crafted) {
      const again = await b.get(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
      expect(again.headers.get("location"), JSON.stringify(redirectTo)).toBe("/");
    }
  });

  it("goes back after a workspace post only to a page of the same process", async () => {
    const fann = browser();
    await fann.login("fann@label.example.org");
    const back = `/processes/${processId}/criteria/1.1.1`;
    const home = await fann.post(`/processes/${processId}/evidence?returnTo=${encodeURIComponent(back)}`, { intent: "link" });
    expect(home.headers.get("location")).toBe(`${back}?error=evidence.invalid#evidence`);
    for (const returnTo of [`/processes/${processId}/..//evil.example`, `/.//evil.example/processes/${processId}/`, `/processes/${processId}/\t`]) {
      const response = await fann.post(`/processes/${processId}/evidence?returnTo=${encodeURIComponent(returnTo)}`, { intent: "link" });
      expect(response.status, returnTo).toBe(400);
      expect(response.headers.get("location"), returnTo).toBeNull();
    }
  });
});

describe("one-time links are revoked", () => {
  it("stops an older reset link once a newer one is sent, and the newer one works once", async () => {
    await newAccount("deux-liens@label.example.org");
    await askReset(browser(), "deux-liens@label.example.org");
    const [older] = await resetLinks("deux-liens@label.example.org", 1);
    await askReset(browser(), "deux-liens@label.example.org");
    const [withdrawn, newer] = await resetLinks("deux-liens@label.example.org", 2);
    expect((await browser().get(older!)).status).toBe(410);
    // The outbox keeps no live copy of the revoked link.
    expect(withdrawn).toBe("");
    const admin = browser();
    await admin.login("admin@label.example.org");
    const outboxPage = await readPage(await admin.get("/admin/outbox"));
    expect(outboxPage).not.toContain(older!);
    expect(outboxPage).toContain(newer!);

    const b = browser();
    const set = await b.post(newer!, { password: "phrase toute neuve 2026", confirmPassword: "phrase toute neuve 2026" });
    expect(set.headers.get("location")).toBe("/login?passwordSet=1");
    await browser().login("deux-liens@label.example.org", "phrase toute neuve 2026");
    expect((await b.post(newer!, { password: "encore une autre 2026", confirmPassword: "encore une autre 2026" })).status).toBe(410);
  });

  it("refuses an older reset link after a newer one was used, with a page that says why", async () => {
    await newAccount("ancien-lien@label.example.org");
    const b = browser();
    await askReset(b, "ancien-lien@label.example.org");
    const [first] = await resetLinks("ancien-lien@label.example.org", 1);
    // The first link, opened before the second was asked for (as a reader who kept the tab open would).
    await askReset(b, "ancien-lien@label.example.org");
    const [, second] = await resetLinks("ancien-lien@label.example.org", 2);
    expect((await b.post(second!, { password: "deuxième phrase 2026", confirmPassword: "deuxième phrase 2026" })).status).toBe(302);
    const reuse = await b.post(first!, { password: "phrase de l'intrus", confirmPassword: "phrase de l'intrus" });
    expect(reuse.status).toBe(410);
    const page = await b.get(first!);
    expect(page.status).toBe(410);
    expect(await readPage(page)).toContain("Ce lien n'est plus valable");
    await browser().login("ancien-lien@label.example.org", "deuxième phrase 2026");
  });

  it("refuses every reset link once the password is changed on the account page", async () => {
    await newAccount("change@label.example.org");
    const b = browser();
    await askReset(b, "change@label.example.org");
    const [link] = await resetLinks("change@label.example.org", 1);
    await b.login("change@label.example.org");
    const change = await b.post("/account", { intent: "password", currentPassword: "demo-label-2025", password: "phrase changée 2026", confirmPassword: "phrase changée 2026" });
    expect(change.headers.get("location")).toBe("/account?saved=password");
    const reuse = await browser().post(link!, { password: "phrase de l'intrus", confirmPassword: "phrase de l'intrus" });
    expect(reuse.status).toBe(410);
    await browser().login("change@label.example.org", "phrase changée 2026");
  });

  it("refuses a pending invitation once a reset link of the same person was used, and an older invitation once resent", async () => {
    const admin = browser();
    await admin.login("admin@label.example.org");
    const created = await admin.post("/admin/users/new", { name: "Invitée Deux Fois", email: "invitee@aphp.example.fr", role: "auditor", language: "fr" });
    const firstInvitation = /\/invitation\/[a-z0-9]+/.exec(await created.text())![0];
    const [invitee] = await db.select().from(users).where(eq(users.email, "invitee@aphp.example.fr"));
    const resent = await admin.post(`/admin/users/${invitee!.id}`, { intent: "resend" });
    expect(resent.status).toBeLessThan(400);
    const invitations = await db.select().from(outbox).where(and(eq(outbox.toEmail, "invitee@aphp.example.fr"), eq(outbox.kind, "invitation"))).orderBy(outbox.createdAt);
    expect(invitations).toHaveLength(2);
    const secondInvitation = new URL(invitations[1]!.link!).pathname;
    expect(invitations[0]!.link).toBeNull();
    const old = await browser().get(firstInvitation);
    expect(old.status).toBe(410);
    expect(await readPage(old)).toContain("Ce lien n'est plus valable");

    // A reset link used before the invitation: the invitation dies with it.
    await askReset(browser(), "invitee@aphp.example.fr");
    const [reset] = await resetLinks("invitee@aphp.example.fr", 1);
    expect((await browser().post(reset!, { password: "phrase d'invitée 2026", confirmPassword: "phrase d'invitée 2026" })).status).toBe(302);
    expect((await browser().get(secondInvitation)).status).toBe(410);
  });

  it("does not bring a pending link back to life when a deactivated account is reactivated", async () => {
    await newAccount("reactivee@label.example.org");
    await askReset(browser(), "reactivee@label.example.org");
    const [link] = await resetLinks("reactivee@label.example.org", 1);
    const [account] = await db.select().from(users).where(eq(users.email, "reactivee@label.example.org"));
    const admin = browser();
    await admin.login("admin@label.example.org");
    await admin.post(`/admin/users/${account!.id}`, { intent: "deactivate" });
    await admin.post(`/admin/users/${account!.id}`, { intent: "reactivate" });
    expect((await browser().get(link!)).status).toBe(410);
  });
});

describe("forgot password", () => {
  it("sends at most three links an hour for one address, then answers 429 with a page saying when to try again", async () => {
    await newAccount("inondee@label.example.org");
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await askReset(browser(), "inondee@label.example.org")).status);
    expect(statuses).toEqual([200, 200, 200]);
    const refused = await askReset(browser(), "inondee@label.example.org");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const page = await readPage(refused);
    expect(page).toContain("Trop de demandes");
    expect(page).toMatch(/Réessayez dans \d+ minutes?/);
    const en = await askReset(browser({ language: "en-GB" }), "inondee@label.example.org");
    expect(en.status).toBe(429);
    expect(await readPage(en)).toMatch(/Try again in \d+ minutes?/);
    expect(await resetLinks("inondee@label.example.org", 3)).toHaveLength(3);
  });

  it("counts a burst of simultaneous requests one by one, also on the data request a page with JavaScript sends", async () => {
    await newAccount("rafale@label.example.org");
    const responses = await Promise.all(Array.from({ length: 8 }, () => askReset(browser(), "rafale@label.example.org")));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 429, 429, 429, 429, 429]);
    const b = browser();
    await b.get("/forgot-password");
    const data = await b.post("/forgot-password.data", { email: "rafale@label.example.org" });
    expect(data.status).toBe(429);
    expect(Number(data.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("limits an unknown address exactly as a known one (the limit tells nothing about who has an account)", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await askReset(browser(), "personne@nulle-part.example")).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it("limits one client asking for many addresses", async () => {
    const b = browser();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await askReset(b, `cible-${i}@nulle-part.example`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("runs the same statements before answering whether or not the address has an account; the link is made after the answer", async () => {
    // Counted, not timed: what the database did before the last byte of the answer left tells how long it took.
    // The page a browser without JavaScript posts to, and the data request of a page with it.
    for (const [i, path] of ["/forgot-password", "/forgot-password.data"].entries()) {
      const email = `minutage-${i}@label.example.org`;
      await newAccount(email);
      const [known, unknown] = [newAddress(), newAddress()];
      const answers: Response[] = [];
      for (const [address, asked] of [[known, email], [unknown, `personne-${i}@nulle-part.example`]] as const) {
        const b = browser({ address });
        await b.get("/forgot-password");
        answers.push(await b.post(path, { email: asked }));
      }
      expect(answers.map((a) => a.status), path).toEqual([200, 200]);
      const [knownText, unknownText] = await Promise.all(answers.map((a) => readPage(a)));
      for (const text of [knownText, unknownText]) expect(text, path).toContain(path.endsWith(".data") ? '"sent",true' : "Si un compte existe avec cette adresse");
      if (path.endsWith(".data")) expect(knownText).toBe(unknownText);

      // The known address's link exists all the same, made once the answer was sent.
      expect(await resetLinks(email, 1), path).toHaveLength(1);
      const ofKnown = postStatements.get(`${known} ${path}`)!;
      const ofUnknown = postStatements.get(`${unknown} ${path}`)!;
      expect(ofKnown.beforeAnswer.length, path).toBeGreaterThan(0);
      expect(ofKnown.beforeAnswer, path).toEqual(ofUnknown.beforeAnswer);
      expect(ofKnown.beforeAnswer.filter((sql) => /user_tokens|outbox/.test(sql)), path).toEqual([]);
      expect(ofKnown.afterAnswer.filter((sql) => /^insert into "(user_tokens|outbox)"/.test(sql)).length, path).toBe(2);
    }
  });
});

describe("sign-in slow-down per account, across addresses", () => {
  it("slows an account down when failures come from many addresses, not a known address with the right password", async () => {
    await newAccount("rotation@label.example.org");
    // The owner signed in from their usual address earlier.
    const usualAddress = newAddress();
    await browser({ address: usualAddress }).login("rotation@label.example.org");
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const b = browser();
      await b.get("/login");
      statuses.push((await b.post("/login", { email: "rotation@label.example.org", password: `guess-${i}` })).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    // A new address is slowed down even with the right password (otherwise rotating addresses would not be)…
    const stranger = browser();
    await stranger.get("/login");
    const blocked = await stranger.post("/login", { email: "rotation@label.example.org", password: "demo-label-2025" });
    expect(blocked.status).toBe(429);
    const wait = Number(blocked.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    // …never for long…
    expect(wait).toBeLessThanOrEqual(3 * 60);
    expect(await readPage(blocked)).toMatch(/Réessayez dans \d+ secondes/);
    // …and the owner, from an address where they signed in before, still gets in.
    await browser({ address: usualAddress }).login("rotation@label.example.org");
  });
});

describe("evidence uploads per criterion", () => {
  async function uploadTo(b: TestBrowser, criterion: string, name: string) {
    const form = new FormData();
    form.set("criterion", criterion);
    form.set("file", new Blob([new Uint8Array(minimalPdf([name]))], { type: "application/pdf" }), `${name}.pdf`);
    return b.request(`/processes/${processId}/evidence`, { method: "POST", body: form });
  }

  it("accepts the configured number of uploads to one criterion in an hour, then answers 429 and keeps nothing", async () => {
    const fann = browser();
    await fann.login("fann@label.example.org");
    const before = (await db.select({ n: count() }).from(evidenceFiles))[0]!.n;
    const onDisk = readdirSync(uploadsDir).length;
    expect((await uploadTo(fann, "1.1.1", "premier")).status).toBe(302);
    expect((await uploadTo(fann, "1.1.1", "deuxième")).status).toBe(302);
    const refused = await uploadTo(fann, "1.1.1", "troisième");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await readPage(refused)).toMatch(/Réessayez dans \d+ minutes?/);
    expect((await db.select({ n: count() }).from(evidenceFiles))[0]!.n).toBe(before + 2);
    expect(readdirSync(uploadsDir)).toHaveLength(onDisk + 2);
    // Another criterion is not affected.
    expect((await uploadTo(fann, "1.1.2", "ailleurs")).status).toBe(302);
  });
});

describe("the limit of public pages, for the routes to come (certificate check, label list)", () => {
  it("is one line in a loader: past the limit, a 429 JSON answer with Retry-After that a resource route sends as it is", async () => {
    const context = new RouterContextProvider();
    context.set(servicesContext, { db, config: readConfig({ RATE_LIMIT_PUBLIC_READS_PER_CLIENT: "2" }), storage: folderStorage(uploadsDir) });
    context.set(clientAddressContext, newAddress());
    const loader = async () => {
      await enforceRateLimits(context, [{ limit: "publicReadsPerClient" }]);
      return Response.json({ labels: [] });
    };
    expect((await loader()).status).toBe(200);
    expect((await loader()).status).toBe(200);
    const refused = await loader().catch((thrown: unknown) => thrown as Response);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({ reason: "rate_limited", about: "publicReads" });
    // Another client is not affected.
    context.set(clientAddressContext, newAddress());
    expect((await loader()).status).toBe(200);
  });
});

describe("links with a token", () => {
  it("send no Referer from the invitation and reset pages, good or dead link, and land on a page without the token", async () => {
    await newAccount("referer@label.example.org");
    const b = browser();
    await askReset(b, "referer@label.example.org");
    const [link] = await resetLinks("referer@label.example.org", 1);
    const page = await b.get(link!);
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    const mismatch = await b.post(link!, { password: "une phrase", confirmPassword: "une autre" });
    expect(mismatch.headers.get("referrer-policy")).toBe("no-referrer");
    const used = await b.post(link!, { password: "phrase du lien 2026", confirmPassword: "phrase du lien 2026" });
    expect(used.headers.get("referrer-policy")).toBe("no-referrer");
    const landing = used.headers.get("location")!;
    expect(landing).toBe("/login?passwordSet=1");
    expect(landing).not.toContain(link!.split("/").at(-1));
    const dead = await b.get(link!);
    expect(dead.status).toBe(410);
    expect(dead.headers.get("referrer-policy")).toBe("no-referrer");

    const invitation = await browser().get("/invitation/abcdefghijklmnopqrstuvwxyz234567");
    expect(invitation.headers.get("referrer-policy")).toBe("no-referrer");
  });
});
