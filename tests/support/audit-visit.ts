// A visit to score, built with the product's own services as the hospital and the DRI would: the Fann demo
// self-assessment (evidence, actions) completed and handed in, then a visit scheduled with the demo auditor as lead
// and a second auditor as co-auditor. Used by the integration tests and by the browser tests' own server.
import { eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { users } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { scheduleVisit } from "#app/services/audit/visits.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { getProcess, submitSelfAssessment } from "#app/services/process/lifecycle.server.ts";
import { loadRatings, saveRating } from "#app/services/process/self-assessment.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { DEMO_PASSWORD } from "#scripts/seed/demo.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";
import type { EvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";

export const LEAD_EMAIL = "auditeur@label.example.org";
export const LEAD_NAME = "Dr Marc Lefèvre";
export const CO_AUDITOR = { email: "fatou.ba@audit.example.org", name: "Dr Fatou Ba" } as const;
/** Chapters given to each member of the team. */
export const LEAD_CHAPTERS = ["1", "2"];
export const CO_AUDITOR_CHAPTERS = ["3"];

const ctx = { baseUrl: "", t: translate };

async function actorByEmail(db: Db, email: string): Promise<Actor> {
  const [row] = await db
    .select({ id: users.id, role: users.role, establishmentId: users.establishmentId, isCoordinator: users.isCoordinator, active: users.active })
    .from(users)
    .where(eq(users.email, email));
  if (!row) throw new Error(`no account ${email}: seed the demo first`);
  return row;
}

/**
 * Over a database with the demo accounts and the shipped referentials: Fann's 2024 process, every criterion the demo
 * left unrated rated "3" by the coordinator, submitted, and its visit scheduled (a second auditor account is created,
 * password as the demo's). Returns the process and the team.
 */
export async function scheduleDemoVisit(db: Db, options: { storage: EvidenceStorage; startsOn?: string; endsOn?: string }) {
  const seeded = await seedDemoProcess(db, { storage: options.storage });
  if (!seeded) throw new Error("the Fann demo process could not be seeded (it exists already?)");
  return scheduleVisitOf(db, seeded.processId, options);
}

/** The same for Fann's process already seeded (and perhaps changed since): completed, submitted, its visit scheduled. */
export async function scheduleVisitOf(db: Db, processId: string, options: { startsOn?: string; endsOn?: string } = {}) {
  const coordinator = await actorByEmail(db, "fann@label.example.org");
  const admin = await actorByEmail(db, "admin@label.example.org");
  const lead = await actorByEmail(db, LEAD_EMAIL);

  let process = await getProcess(db, coordinator, processId);
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const rated = await loadRatings(db, process);
  for (const code of frozen.criterionIds.keys()) {
    const saved = rated.get(code);
    if (saved?.rating === undefined || saved.rating === null) await saveRating(db, coordinator, process, code, { rating: "3", justification: "", baseVersion: saved?.version ?? 0 });
  }
  await submitSelfAssessment(db, coordinator, process.id, ctx);

  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, CO_AUDITOR.email));
  const coAuditorId =
    existing?.id ??
    (await db
      .insert(users)
      .values({ email: CO_AUDITOR.email, name: CO_AUDITOR.name, role: "auditor", language: "fr", passwordHash: await hashPassword(DEMO_PASSWORD) })
      .returning({ id: users.id }))[0]!.id;

  process = await getProcess(db, admin, process.id);
  await scheduleVisit(
    db,
    admin,
    process,
    {
      startsOn: options.startsOn ?? "2027-03-08",
      endsOn: options.endsOn ?? "2027-03-10",
      leadId: lead.id,
      coAuditorIds: [coAuditorId],
      chapters: Object.fromEntries([...LEAD_CHAPTERS.map((c) => [c, [lead.id]]), ...CO_AUDITOR_CHAPTERS.map((c) => [c, [coAuditorId]])]),
    },
    ctx,
  );
  return { processId: process.id, leadId: lead.id, coAuditorId, establishmentId: process.establishmentId };
}
