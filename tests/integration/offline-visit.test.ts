// A visit taken offline (docs/decisions/0023-offline-visit.md): the visit's data for the browser's store and the
// version's content at its content-hash address, over HTTP against the built app, on a visit scheduled through the
// services. Who may read them, and what they hold.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditTeamMembers, users } from "#db/schema.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { DEMO_PASSWORD } from "#scripts/seed/demo.ts";
import { CO_AUDITOR, scheduleDemoVisit } from "#tests/support/audit-visit.ts";
import { startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-offline-visit-it-"));
const OUTSIDER = "hors.equipe@audit.example.org";
let server: TestServer;
let processId: string;

beforeAll(async () => {
  server = await startTestServer({ env: { UPLOADS_DIR: uploadsDir } });
  const db = server.database.db;
  await importShippedReferentials(db);
  ({ processId } = await scheduleDemoVisit(db, { storage: folderStorage(uploadsDir) }));
  await db.insert(users).values({ email: OUTSIDER, name: "Dr Paul Martin", role: "auditor", passwordHash: await hashPassword(DEMO_PASSWORD) });
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

async function as(email: string) {
  const b = new TestBrowser(server.baseUrl);
  await b.login(email);
  return b;
}
const offlineUrl = () => `/processes/${processId}/audit/offline.json`;

describe("the visit's data for the browser's store", () => {
  it("gives the lead auditor the self-assessment, the evidence list with sizes, the audit ratings with versions and the content's address", async () => {
    const lead = await as("auditeur@label.example.org");
    const response = await lead.request(offlineUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const visit = await response.json();
    expect(visit.process.id).toBe(processId);
    expect(visit.teamRole).toBe("lead");
    expect(visit.editable).toBe(true);
    // Fann's self-assessment is half rated, with justifications, evidence and an action plan.
    expect(visit.self.length).toBeGreaterThan(20);
    expect(visit.self.some((r: { justification: string }) => r.justification.length > 0)).toBe(true);
    expect(visit.library.length).toBeGreaterThan(0);
    for (const file of visit.library) expect(file.sizeBytes).toBeGreaterThan(0);
    expect(visit.evidenceBytes).toBe(visit.library.reduce((n: number, f: { sizeBytes: number }) => n + f.sizeBytes, 0));
    expect(visit.actions.length).toBeGreaterThan(0);
    expect(visit.referential.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(visit.referential.contentUrl).toBe(`/referentials/${visit.referential.code}/${visit.referential.version}/content/${visit.referential.contentHash}.json`);

    // A rating saved online shows up with its version number.
    const form = new URLSearchParams({ rating: "2", finding: "Vu en salle", classification: "recommendation", methods: "document", baseVersion: "0", csrf: lead.cookie("label_csrf") ?? "" });
    const saved = await lead.request(`/processes/${processId}/audit/criteria/1.1.1/rating`, {
      method: "POST",
      body: form,
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    });
    expect(saved.status).toBe(200);
    const again = await (await lead.request(offlineUrl())).json();
    expect(again.audit.find((r: { code: string }) => r.code === "1.1.1")).toMatchObject({ rating: "2", finding: "Vu en salle", version: 1 });
  });

  it("gives the co-auditor and the DRI the same, and nothing to an auditor off the team or the hospital's staff", async () => {
    expect((await (await as(CO_AUDITOR.email)).request(offlineUrl())).status).toBe(200);
    expect((await (await as("admin@label.example.org")).request(offlineUrl())).status).toBe(200);
    expect((await (await as(OUTSIDER)).request(offlineUrl())).status).toBe(404);
    expect([403, 404]).toContain((await (await as("fann@label.example.org")).request(offlineUrl())).status);
    expect((await new TestBrowser(server.baseUrl).request(offlineUrl(), { redirect: "manual" })).status).not.toBe(200);
  });
});

describe("the version's content by its content hash", () => {
  it("is the whole version, cached for good, to anyone signed in; a wrong hash or no account finds nothing", async () => {
    const lead = await as("auditeur@label.example.org");
    const { referential } = await (await lead.request(offlineUrl())).json();
    const response = await lead.request(referential.contentUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    const content = await response.json();
    const criteria = content.chapters.flatMap((c: { standards: { criteria: unknown[] }[] }) => c.standards.flatMap((s) => s.criteria));
    expect(criteria.length).toBe(136);
    expect(criteria[0].text.fr.length).toBeGreaterThan(0);
    expect(criteria[0].guidance.en.length).toBeGreaterThan(0);

    const hospital = await as("fann@label.example.org");
    expect((await hospital.request(referential.contentUrl)).status).toBe(200);
    const wrong = referential.contentUrl.replace(referential.contentHash, "0".repeat(64));
    expect((await lead.request(wrong)).status).toBe(404);
    expect((await lead.request(referential.contentUrl.replace(".json", ".txt"))).status).toBe(404);
    expect((await new TestBrowser(server.baseUrl).request(referential.contentUrl, { redirect: "manual" })).status).not.toBe(200);
  });
});

// A change queued offline is sent with its idempotency key (docs/decisions/0022); the sync may send it again.
describe("a queued change sent again after its author was removed from the team", () => {
  it("is answered as applied when it was (its answer lost), refused when it was not, and tells another user nothing", async () => {
    const db = server.database.db;
    const co = await as(CO_AUDITOR.email);
    const send = (b: TestBrowser, code: string, fields: Record<string, string>) => b.post(`/processes/${processId}/audit/criteria/${code}/rating`, fields);
    const applied = { rating: "2", finding: "Hors ligne : bracelets posés en chirurgie seulement.", classification: "recommendation", methods: "observation", baseVersion: "0", idempotencyKey: "5e0c9a4e-2f1b-4d3c-8a7b-6c5d4e3f2a10" };
    expect(await (await send(co, "3.2.1", applied)).json()).toEqual({ status: "saved", version: 1 });
    const [coId] = await db.select({ id: users.id }).from(users).where(eq(users.email, CO_AUDITOR.email));
    const stored = async (code: string) => (await (await (await as("auditeur@label.example.org")).request(offlineUrl())).json()).audit.find((r: { code: string }) => r.code === code) ?? null;

    // The DRI takes the co-auditor off the team; the answer of the save above had been lost, the sync sends it again.
    const [membership] = await db.delete(auditTeamMembers).where(and(eq(auditTeamMembers.processId, processId), eq(auditTeamMembers.userId, coId!.id))).returning();
    try {
      const again = await send(co, "3.2.1", applied);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual({ status: "saved", version: 1 });
      // A change never applied is refused (the visit no longer exists for them), and nothing is written.
      const refused = await send(co, "3.2.2", { ...applied, idempotencyKey: "5e0c9a4e-2f1b-4d3c-8a7b-6c5d4e3f2a11" });
      expect(refused.status).toBe(404);
      expect(await stored("3.2.2")).toBeNull();
      // Someone else sending that key learns nothing of it: refused as any change of theirs would be.
      const outsider = await send(await as(OUTSIDER), "3.2.1", applied);
      expect(outsider.status).toBe(404);
      expect(await outsider.text()).not.toContain("saved");
      expect(await stored("3.2.1")).toMatchObject({ version: 1, rating: "2", updatedByName: CO_AUDITOR.name });
    } finally {
      await db.insert(auditTeamMembers).values(membership!);
    }
  });
});
