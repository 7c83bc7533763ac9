// A hospital rating a criterion of label-qss 2026 reads what earns each rating and the sample to draw, beside the
// rating control, in its language (issue 19); a 2024 process, whose version has no such guidance, shows none.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { establishments, labellingProcesses, referentialVersions } from "#db/schema.ts";
import { readPage, signedInAs, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let processId: string;
let process2024: string;

async function open(establishment: string, version: string): Promise<string> {
  const { db } = server.database;
  const [place] = await db.select({ id: establishments.id }).from(establishments).where(eq(establishments.shortName, establishment));
  const [v] = await db.select({ id: referentialVersions.id }).from(referentialVersions).where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, version)));
  const admin = await signedInAs(server.baseUrl, "admin@label.example.org");
  expect((await admin.post("/processes/new", { establishmentId: place!.id, referentialVersionId: v!.id, selfAssessmentDue: "2027-06-30" })).status).toBe(302);
  const [opened] = await db
    .select({ id: labellingProcesses.id })
    .from(labellingProcesses)
    .where(and(eq(labellingProcesses.establishmentId, place!.id), eq(labellingProcesses.referentialVersionId, v!.id)));
  return opened!.id;
}

beforeAll(async () => {
  server = await startTestServer();
  await importShippedReferentials(server.database.db);
  processId = await open("CHNCAK", "2026");
  process2024 = await open("CNHU Fann", "2024");
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe("rating guidance on the self-assessment's criterion page", () => {
  it("says what earns each rating and the sample to draw, in French and in English", async () => {
    const french = await readPage(await (await signedInAs(server.baseUrl, "touba@label.example.org")).get(`/processes/${processId}/criteria/4.1.1`));
    expect(french).toContain('class="rating-guidance"');
    expect(french).toContain("Au moins 95 % des patients de l'échantillon portent un bracelet lisible et exact");
    expect(french).toContain("Vingt patients hospitalisés dans au moins trois unités");
    expect(french).toContain("Conforme");

    const english = new TestBrowser(server.baseUrl, { language: "en-GB", lng: "en" });
    await english.login("touba@label.example.org");
    const page = await readPage(await english.get(`/processes/${processId}/criteria/4.1.1`));
    expect(page).toContain("At least 95 % of sampled patients wear a legible, correct band");
    expect(page).toContain("Twenty inpatients on at least three wards");
    expect(page).toContain("Fully met");
  });

  it("shows none on a criterion of the 2024 version, which has no such guidance", async () => {
    const page = await readPage(await (await signedInAs(server.baseUrl, "fann@label.example.org")).get(`/processes/${process2024}/criteria/4.1.1`));
    expect(page).toContain("4.1.1");
    expect(page).not.toContain('class="rating-guidance"');
  });
});
