// An establishment with a previous labelling process whose self-assessment was rated through the services (every
// criterion, or the first chapters), then withdrawn by the DRI: what a renewal starts from. Optionally the renewal
// itself, opened by the DRI with the carry-over ticked. Its own establishment and people (`key` tells two apart), the
// DRI being the demo administrator (seedDemo first).
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { establishments, referentialVersions, users } from "#db/schema.ts";
import type { RatingValue } from "#app/domain/process/rating-input.ts";
import { hashPassword as defaultHashPassword } from "#app/services/accounts/passwords.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { getProcess, openProcess, transitionProcess } from "#app/services/process/lifecycle.server.ts";
import { saveRating } from "#app/services/process/self-assessment.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import type { FixturePerson } from "./audit-fixtures.ts";

export const RENEWAL_FIXTURE_PASSWORD = "renewal-fixture-2025";

export interface RenewalFixture {
  establishment: { id: string; name: string };
  admin: FixturePerson;
  coordinator: FixturePerson;
  colleague: FixturePerson;
  previousProcessId: string;
  /** The previous process's version ("2019" or "2024") and the new one's id (2024). */
  previousVersion: string;
  versionId: string;
  /** What the previous process rated, by code in its version. */
  previousRatings: Map<string, { rating: RatingValue; justification: string }>;
  /** The renewal, when it was opened. */
  processId: string | null;
}

/** The n-th criterion's rating: mostly met, some gaps, N/A here and there where allowed. */
export function previousRatingOf(code: string, tier: string, naAllowed: boolean, n: number, year: string): { rating: RatingValue; justification: string } {
  if (naAllowed && n % 9 === 4) return { rating: "NA", justification: `Activité absente en ${year} (${code}).` };
  const rating = tier === "critical" ? 3 : ([3, 2, 3, 1, 3, 2, 0, 3] as const)[n % 8]!;
  return { rating, justification: rating === 3 ? "" : `Constat de la démarche ${year} sur ${code}.` };
}

async function versionIdOf(db: Db, version: string): Promise<string> {
  const [row] = await db
    .select({ id: referentialVersions.id })
    .from(referentialVersions)
    .where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, version)));
  if (!row) throw new Error(`label-qss ${version} is not imported`);
  return row.id;
}

async function person(db: Db, values: typeof users.$inferInsert): Promise<FixturePerson> {
  const [row] = await db.insert(users).values(values).returning();
  return { id: row!.id, role: row!.role, establishmentId: row!.establishmentId, isCoordinator: row!.isCoordinator, active: row!.active, email: row!.email, name: row!.name };
}

export async function buildRenewal(
  db: Db,
  options: { key?: string; previousVersion?: "2019" | "2024"; chapters?: number; renew?: boolean; hashPassword?: (password: string) => Promise<string> } = {},
): Promise<RenewalFixture> {
  const key = options.key ?? "a";
  const previousVersion = options.previousVersion ?? "2019";
  const ctx = { baseUrl: "", t: translate };
  await importShippedReferentials(db);
  const passwordHash = await (options.hashPassword ?? defaultHashPassword)(RENEWAL_FIXTURE_PASSWORD);
  const [adminRow] = await db.select().from(users).where(eq(users.email, "admin@label.example.org"));
  if (!adminRow) throw new Error("the DRI administrator is missing (seedDemo first)");
  const admin: FixturePerson = { id: adminRow.id, role: adminRow.role, establishmentId: null, isCoordinator: false, active: true, email: adminRow.email, name: adminRow.name };

  const name = `Hôpital régional de Kaolack (${key})`;
  const [establishment] = await db.insert(establishments).values({ name, shortName: `HR Kaolack ${key}`, countryCode: "SN", city: "Kaolack" }).returning();
  const establishmentId = establishment!.id;
  const coordinator = await person(db, { email: `qualite.${key}@kaolack.example.sn`, name: `Mariama Ba (${key})`, role: "hospital", establishmentId, isCoordinator: true, passwordHash });
  const colleague = await person(db, { email: `collegue.${key}@kaolack.example.sn`, name: `Ousmane Fall (${key})`, role: "hospital", establishmentId, isCoordinator: false, passwordHash });

  // The previous process: opened, rated by the coordinator, then withdrawn by the DRI.
  const previousVersionId = await versionIdOf(db, previousVersion);
  const previousProcessId = await openProcess(db, admin, { establishmentId, referentialVersionId: previousVersionId, selfAssessmentDue: null, plannedVisit: null }, ctx);
  const frozen = await getFrozenVersion(db, previousVersionId);
  const previous = await getProcess(db, coordinator, previousProcessId);
  const previousRatings = new Map<string, { rating: RatingValue; justification: string }>();
  const chapters = frozen.version.chapters.slice(0, options.chapters ?? frozen.version.chapters.length);
  let n = 0;
  for (const chapter of chapters) {
    for (const standard of chapter.standards) {
      for (const criterion of standard.criteria) {
        const prepared = frozen.prepared.criteria[frozen.prepared.criterionIndex.get(criterion.code)!]!;
        const value = previousRatingOf(criterion.code, criterion.tier, prepared.naAllowed, n++, previousVersion);
        const saved = await saveRating(db, coordinator, previous, criterion.code, { rating: String(value.rating), justification: value.justification, baseVersion: 0 });
        if (saved.status !== "saved") throw new Error(`previous rating of ${criterion.code}: ${saved.status}`);
        previousRatings.set(criterion.code, value);
      }
    }
  }
  await transitionProcess(db, admin, previousProcessId, "withdrawn", "Démarche interrompue (données de test).", ctx);

  const versionId = await versionIdOf(db, "2024");
  const processId = options.renew
    ? await openProcess(db, admin, { establishmentId, referentialVersionId: versionId, selfAssessmentDue: null, plannedVisit: null, carryOver: true }, ctx)
    : null;
  return { establishment: { id: establishmentId, name }, admin, coordinator, colleague, previousProcessId, previousVersion, versionId, previousRatings, processId };
}
