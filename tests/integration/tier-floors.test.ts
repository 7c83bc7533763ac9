// The core-criteria floor of the 2024 version's Argent (70 %) on a process page, in French and in English: a
// self-assessment with every critical and advanced criterion fully met, a global score above Argent's 75 % and every
// chapter above 65 %, but its core criteria at 62 %, reaches Bronze, and the page says why not Argent.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ratingToText, type RatingValue } from "#app/domain/process/rating-input.ts";
import { allCriteria } from "#app/domain/referential/schema.ts";
import { percentForDisplay, scoreRatings } from "#app/domain/scoring/engine.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { openProcess } from "#app/services/process/lifecycle.server.ts";
import { SELF_ASSESSMENT } from "#app/services/process/self-assessment.server.ts";
import { insertFirstRatings } from "#app/services/process/versioned-rating.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { establishments, referentialVersions } from "#db/schema.ts";
import { actorByEmail } from "#scripts/seed/demo-process.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

let server: TestServer;
let processId: string;
let corePercent: number | null;

/** Core criteria rated in turn 3, 1, 2, 2, 1 (62 % on the 2024 version); every other criterion fully met. */
const CORE_CYCLE: RatingValue[] = [3, 1, 2, 2, 1];

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  await importShippedReferentials(db);
  const [version] = await db
    .select({ id: referentialVersions.id })
    .from(referentialVersions)
    .where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024")));
  const [fann] = await db.select({ id: establishments.id }).from(establishments).where(eq(establishments.shortName, "CNHU Fann"));
  const admin = (await actorByEmail(db, "admin@label.example.org"))!;
  const coordinator = (await actorByEmail(db, "fann@label.example.org"))!;
  processId = await openProcess(db, admin, { establishmentId: fann!.id, referentialVersionId: version!.id, selfAssessmentDue: null, plannedVisit: null }, { baseUrl: "", t: translate });
  const frozen = await getFrozenVersion(db, version!.id);
  let n = 0;
  const ratings = allCriteria(frozen.version).map((c) => ({ code: c.code, rating: c.tier === "core" ? CORE_CYCLE[n++ % CORE_CYCLE.length]! : 3 }));
  const rows = ratings.map((r) => ({
    criterionId: frozen.criterionIds.get(r.code)!,
    criterionCode: r.code,
    actorId: coordinator.id,
    fields: { rating: ratingToText(r.rating)!, justification: r.rating === 3 ? "" : "Mise en œuvre encore partielle ; action inscrite au plan." },
  }));
  await db.transaction((tx) => insertFirstRatings(tx, SELF_ASSESSMENT, processId, rows, "rating.save"));

  // What the engine says, so the page is checked against it (and the story holds on the version as shipped).
  const result = scoreRatings(frozen.prepared, new Map(ratings.map((r) => [r.code, r.rating])));
  expect(result.level).toBe("bronze");
  expect(result.next?.level).toBe("silver");
  expect(result.next?.unmet.map((c) => (c.kind === "tier" ? `tier.${c.tier}` : c.kind))).toEqual(["tier.core"]);
  corePercent = percentForDisplay(result.tiers.core.score);
  expect(corePercent).toBeLessThan(70);
}, 60_000);
afterAll(async () => {
  await server?.close();
});

const asCoordinator = async (language?: string) => {
  const browser = new TestBrowser(server.baseUrl, { language, lng: language?.startsWith("en") ? "en" : undefined });
  await browser.login("fann@label.example.org");
  return browser;
};

describe("a self-assessment held back from Argent by its core criteria alone", () => {
  it("says so on the process page in French: the core criteria's score below the 70 % Argent requires", async () => {
    const page = await readPage(await (await asCoordinator()).get(`/processes/${processId}`));
    const percent = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }).format(corePercent!);
    expect(page).toMatch(/Ces cotations atteindraient :\s*<span class="badge level level-bronze">Bronze<\/span>/);
    expect(page).toContain("Ce qu'il manque pour le niveau Argent");
    expect(page).toContain(`critères standard à ${percent} % < 70 % requis`);
  });

  it("says so in English", async () => {
    const page = await readPage(await (await asCoordinator("en-GB,en;q=0.9")).get(`/processes/${processId}`));
    const percent = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 }).format(corePercent!);
    expect(page).toContain("What Silver still needs");
    expect(page).toContain(`core criteria at ${percent} % < 70% required`);
  });
});
