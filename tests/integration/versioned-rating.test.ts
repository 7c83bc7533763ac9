// The versioned rating write every kind of rater shares, on the self-assessment's table (PGlite, and PostgreSQL
// when configured): first save, a change, a save that changes nothing, a stale save, two first saves at once; and
// the first saves of many criteria at once (the demo seed's write).
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { SELF_ASSESSMENT } from "#app/services/process/self-assessment.server.ts";
import { cachedRatingView, currentStoredRating, IDEMPOTENCY_KEY_RETENTION_DAYS, IdempotencyKeyReused, insertFirstRatings, loadStoredRatings, pruneIdempotentSaves, writeVersionedRating, type RatingKey } from "#app/services/process/versioned-rating.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import type { Database, Db } from "#db/client.ts";
import { auditTrailEvents, establishments, idempotentSaves, labellingProcesses, referentialCriteria, referentialVersions, selfAssessmentRatings, users } from "#db/schema.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { createTestDatabase } from "#tests/support/database.ts";

let database: Database;
let db: Db;
let coordinator: { id: string };
let colleague: { id: string };
let keys: RatingKey[];

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedDemo(db, hashPassword);
  await importShippedReferentials(db);
  const [fann] = await db.select().from(establishments).where(eq(establishments.shortName, "CNHU Fann"));
  const [version] = await db.select().from(referentialVersions).where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024")));
  coordinator = (await db.select({ id: users.id }).from(users).where(eq(users.email, "fann@label.example.org")))[0]!;
  colleague = (
    await db
      .insert(users)
      .values({ email: "aissatou@fann.example.sn", name: "Aïssatou Diop", role: "hospital", establishmentId: fann!.id })
      .returning({ id: users.id })
  )[0]!;
  const [process] = await db
    .insert(labellingProcesses)
    .values({ establishmentId: fann!.id, referentialVersionId: version!.id })
    .returning({ id: labellingProcesses.id });
  const criteria = await db
    .select({ id: referentialCriteria.id, code: referentialCriteria.code })
    .from(referentialCriteria)
    .where(eq(referentialCriteria.versionId, version!.id))
    .orderBy(asc(referentialCriteria.code))
    .limit(7);
  keys = criteria.map((c) => ({ processId: process!.id, criterionId: c.id, criterionCode: c.code }));
}, 60_000);
afterAll(async () => {
  await database?.close();
});

const save = (actor: { id: string }, key: RatingKey, rating: string | null, justification: string, baseVersion: number) =>
  db.transaction((tx) => writeVersionedRating(tx, SELF_ASSESSMENT, actor, key, { fields: { rating, justification }, baseVersion }, "rating.save"));
const saveQueued = (actor: { id: string }, key: RatingKey, rating: string | null, justification: string, baseVersion: number, idempotencyKey: string) =>
  db.transaction((tx) => writeVersionedRating(tx, SELF_ASSESSMENT, actor, key, { fields: { rating, justification }, baseVersion, idempotencyKey }, "rating.save"));
const trailOf = (key: RatingKey) =>
  db
    .select()
    .from(auditTrailEvents)
    .where(and(eq(auditTrailEvents.entityType, "self_assessment_rating"), eq(auditTrailEvents.entityId, `${key.processId}:${key.criterionCode}`)))
    .orderBy(asc(auditTrailEvents.at), asc(auditTrailEvents.id));

describe("the versioned rating write", () => {
  it("reads an unsaved criterion as version 0 with empty fields", async () => {
    expect(await currentStoredRating(db, SELF_ASSESSMENT, keys[0]!)).toEqual({ fields: { rating: null, justification: "" }, version: 0, updatedBy: null, updatedByName: null, updatedAt: null });
    expect((await loadStoredRatings(db, SELF_ASSESSMENT, keys[0]!.processId)).size).toBe(0);
  });

  it("inserts the first save as version 1 and records every field it set", async () => {
    expect(await save(coordinator, keys[0]!, "2", "Audit trimestriel.", 0)).toEqual({ status: "saved", version: 1 });
    const stored = await loadStoredRatings(db, SELF_ASSESSMENT, keys[0]!.processId);
    expect(stored.get(keys[0]!.criterionId)).toMatchObject({ fields: { rating: "2", justification: "Audit trimestriel." }, version: 1, updatedByName: "Moussa Sow" });
    const trail = await trailOf(keys[0]!);
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      action: "rating.save",
      actorUserId: coordinator.id,
      changes: { rating: { from: null, to: "2" }, justification: { from: "", to: "Audit trimestriel." } },
    });
  });

  it("writes nothing when no field differs, and keeps the version", async () => {
    expect(await save(colleague, keys[0]!, "2", "Audit trimestriel.", 1)).toEqual({ status: "unchanged", version: 1 });
    expect(await trailOf(keys[0]!)).toHaveLength(1);
    expect(await currentStoredRating(db, SELF_ASSESSMENT, keys[0]!)).toMatchObject({ version: 1, updatedByName: "Moussa Sow" });
  });

  it("updates from the current version, bumps it and records only the fields that changed", async () => {
    expect(await save(colleague, keys[0]!, "2", "Audit trimestriel, bientôt mensuel.", 1)).toEqual({ status: "saved", version: 2 });
    const trail = await trailOf(keys[0]!);
    expect(trail).toHaveLength(2);
    expect(trail[1]!.changes).toEqual({ justification: { from: "Audit trimestriel.", to: "Audit trimestriel, bientôt mensuel." } });
    const [row] = await db.select().from(selfAssessmentRatings).where(eq(selfAssessmentRatings.criterionId, keys[0]!.criterionId));
    expect(row).toMatchObject({ version: 2, updatedBy: colleague.id, rating: "2" });
  });

  it("refuses a save from a stale version, changes nothing and returns the current value with who and when", async () => {
    const result = await save(coordinator, keys[0]!, "0", "Rien en place.", 1);
    expect(result).toMatchObject({
      status: "conflict",
      current: { fields: { rating: "2", justification: "Audit trimestriel, bientôt mensuel." }, version: 2, updatedByName: "Aïssatou Diop" },
    });
    expect(result.status === "conflict" && result.current.updatedAt).toBeInstanceOf(Date);
    expect(await trailOf(keys[0]!)).toHaveLength(2);
    expect(await currentStoredRating(db, SELF_ASSESSMENT, keys[0]!)).toMatchObject({ version: 2, fields: { rating: "2" } });
  });

  it("lets only one of two first saves at once through; the other gets the first one's value", async () => {
    const results = await Promise.all([save(coordinator, keys[1]!, "3", "", 0), save(colleague, keys[1]!, "1", "Pas encore.", 0)]);
    expect(results.map((r) => r.status).sort()).toEqual(["conflict", "saved"]);
    const winner = results.findIndex((r) => r.status === "saved");
    const conflict = results[1 - winner]!;
    expect(conflict).toMatchObject({ status: "conflict", current: { version: 1, fields: winner === 0 ? { rating: "3", justification: "" } : { rating: "1", justification: "Pas encore." } } });
    expect(await trailOf(keys[1]!)).toHaveLength(1);
  });
});

describe("the first saves of many criteria at once", () => {
  it("records each as its own first save would: version 1, its author, one trail entry with the fields it set", async () => {
    const rows = [
      { criterionId: keys[2]!.criterionId, criterionCode: keys[2]!.criterionCode, actorId: coordinator.id, fields: { rating: "1", justification: "Procédure rédigée, pas encore appliquée." } },
      { criterionId: keys[3]!.criterionId, criterionCode: keys[3]!.criterionCode, actorId: colleague.id, fields: { rating: "3", justification: "" } },
    ];
    await db.transaction((tx) => insertFirstRatings(tx, SELF_ASSESSMENT, keys[2]!.processId, rows, "rating.save"));
    expect(await currentStoredRating(db, SELF_ASSESSMENT, keys[2]!)).toMatchObject({ fields: rows[0]!.fields, version: 1, updatedByName: "Moussa Sow" });
    expect(await currentStoredRating(db, SELF_ASSESSMENT, keys[3]!)).toMatchObject({ fields: rows[1]!.fields, version: 1, updatedByName: "Aïssatou Diop" });
    expect((await trailOf(keys[2]!)).map((e) => [e.action, e.actorUserId, e.changes])).toEqual([
      ["rating.save", coordinator.id, { rating: { from: null, to: "1" }, justification: { from: "", to: "Procédure rédigée, pas encore appliquée." } }],
    ]);
    expect((await trailOf(keys[3]!)).map((e) => [e.action, e.actorUserId, e.changes])).toEqual([["rating.save", colleague.id, { rating: { from: null, to: "3" } }]]);
  });

  it("never overwrites a criterion already saved: the whole write is refused", async () => {
    const rows = [{ criterionId: keys[0]!.criterionId, criterionCode: keys[0]!.criterionCode, actorId: coordinator.id, fields: { rating: "0", justification: "Rien." } }];
    await expect(db.transaction((tx) => insertFirstRatings(tx, SELF_ASSESSMENT, keys[0]!.processId, rows, "rating.save"))).rejects.toThrow();
    expect(await currentStoredRating(db, SELF_ASSESSMENT, keys[0]!)).toMatchObject({ version: 2, fields: { rating: "2" } });
    expect(await trailOf(keys[0]!)).toHaveLength(2);
  });
});

// A change queued in the browser (offline) may be sent twice: its answer lost, the sync sends it again.
describe("a queued change with its idempotency key", () => {
  const first = "6f1c2f0e-8a4b-4c8e-9d2a-0b7e5c1d3a01";
  const second = "6f1c2f0e-8a4b-4c8e-9d2a-0b7e5c1d3a02";

  it("is applied once when sent twice: one trail entry, the same version answered", async () => {
    expect(await saveQueued(coordinator, keys[4]!, "2", "Hors ligne.", 0, first)).toEqual({ status: "saved", version: 1 });
    expect(await saveQueued(coordinator, keys[4]!, "2", "Hors ligne.", 0, first)).toEqual({ status: "saved", version: 1 });
    expect(await trailOf(keys[4]!)).toHaveLength(1);
    expect(await currentStoredRating(db, SELF_ASSESSMENT, keys[4]!)).toMatchObject({ version: 1, fields: { rating: "2", justification: "Hors ligne." } });
  });

  it("sent again after a later change, does not undo it", async () => {
    expect(await saveQueued(coordinator, keys[4]!, "3", "Hors ligne, revu.", 1, second)).toEqual({ status: "saved", version: 2 });
    // The first change's answer was lost and the sync sends it again (it started from version 0): nothing changes.
    expect(await saveQueued(coordinator, keys[4]!, "2", "Hors ligne.", 0, first)).toEqual({ status: "saved", version: 1 });
    expect(await currentStoredRating(db, SELF_ASSESSMENT, keys[4]!)).toMatchObject({ version: 2, fields: { rating: "3" } });
    expect(await trailOf(keys[4]!)).toHaveLength(2);
  });

  it("runs into a colleague's save as before and stores no key, so the same change can go again once resolved", async () => {
    const key = "6f1c2f0e-8a4b-4c8e-9d2a-0b7e5c1d3a03";
    expect(await save(colleague, keys[5]!, "1", "Saisie en ligne.", 0)).toEqual({ status: "saved", version: 1 });
    const result = await saveQueued(coordinator, keys[5]!, "3", "Saisie hors ligne.", 0, key);
    expect(result).toMatchObject({ status: "conflict", current: { version: 1, fields: { rating: "1" }, updatedByName: "Aïssatou Diop" } });
    expect(await db.select().from(idempotentSaves).where(eq(idempotentSaves.key, key))).toHaveLength(0);
    // The person keeps theirs: the same change, from the colleague's version, with the same key.
    expect(await saveQueued(coordinator, keys[5]!, "3", "Saisie hors ligne.", 1, key)).toEqual({ status: "saved", version: 2 });
    expect(await trailOf(keys[5]!)).toHaveLength(2);
  });

  it("refuses a key someone else already used, or used for another rating", async () => {
    await expect(saveQueued(colleague, keys[4]!, "0", "Autre.", 2, first)).rejects.toBeInstanceOf(IdempotencyKeyReused);
    await expect(saveQueued(coordinator, keys[5]!, "0", "Autre.", 2, first)).rejects.toBeInstanceOf(IdempotencyKeyReused);
    expect(await currentStoredRating(db, SELF_ASSESSMENT, keys[4]!)).toMatchObject({ version: 2, fields: { rating: "3" } });
    expect(await currentStoredRating(db, SELF_ASSESSMENT, keys[5]!)).toMatchObject({ version: 2, fields: { rating: "3" } });
  });
});

// The keys are kept for IDEMPOTENCY_KEY_RETENTION_DAYS (docs/decisions/0022): the hourly jobs forget older ones.
describe("old idempotency keys", () => {
  it("are forgotten after the retention period, the recent ones kept and still answering", async () => {
    const old = "6f1c2f0e-8a4b-4c8e-9d2a-0b7e5c1d3a04";
    const recent = "6f1c2f0e-8a4b-4c8e-9d2a-0b7e5c1d3a05";
    expect(await saveQueued(coordinator, keys[6]!, "1", "Il y a longtemps.", 0, old)).toEqual({ status: "saved", version: 1 });
    expect(await saveQueued(coordinator, keys[6]!, "2", "Hier.", 1, recent)).toEqual({ status: "saved", version: 2 });
    const now = new Date();
    const day = 24 * 60 * 60 * 1000;
    await db.update(idempotentSaves).set({ at: new Date(now.getTime() - (IDEMPOTENCY_KEY_RETENTION_DAYS + 1) * day) }).where(eq(idempotentSaves.key, old));
    await db.update(idempotentSaves).set({ at: new Date(now.getTime() - (IDEMPOTENCY_KEY_RETENTION_DAYS - 1) * day) }).where(eq(idempotentSaves.key, recent));
    const before = (await db.select().from(idempotentSaves)).length;

    expect(await pruneIdempotentSaves(db, now)).toBe(1);
    const left = await db.select({ key: idempotentSaves.key }).from(idempotentSaves);
    expect(left).toHaveLength(before - 1);
    expect(left.map((r) => r.key)).toContain(recent);
    expect(left.map((r) => r.key)).not.toContain(old);
    // The recent one still answers as applied; nothing was written twice.
    expect(await saveQueued(coordinator, keys[6]!, "2", "Hier.", 1, recent)).toEqual({ status: "saved", version: 2 });
    expect(await trailOf(keys[6]!)).toHaveLength(2);
    // Run again: nothing more to forget.
    expect(await pruneIdempotentSaves(db, now)).toBe(0);
  });
});

// Views derived from the ratings are kept while the ratings' stamp is unchanged (ADR 0036); stamps asked for in the
// same tick are read in one statement.
describe("kept rating views", () => {
  it("read together in one statement, and computed again after any write, even one made by hand in SQL", async () => {
    const key = keys[0]!;
    let computed = 0;
    const view = (name: string) =>
      cachedRatingView(db, SELF_ASSESSMENT, key.processId, name, async () => {
        computed++;
        return (await loadStoredRatings(db, SELF_ASSESSMENT, key.processId)).get(key.criterionId)?.fields.justification;
      });
    const statements = vi.spyOn(db, "execute");
    const [first, second] = await Promise.all([view("a"), view("b")]);
    expect(statements).toHaveBeenCalledTimes(1); // the two stamps
    statements.mockRestore();
    expect(computed).toBe(2);
    expect(second).toBe(first);
    // Unchanged ratings: the kept values.
    expect(await Promise.all([view("a"), view("b")])).toEqual([first, second]);
    expect(computed).toBe(2);
    // A hand-made edit that leaves the version as it was: both views see it.
    await db.update(selfAssessmentRatings).set({ justification: "Corrigé à la main." }).where(and(eq(selfAssessmentRatings.processId, key.processId), eq(selfAssessmentRatings.criterionId, key.criterionId)));
    expect(await Promise.all([view("a"), view("b")])).toEqual(["Corrigé à la main.", "Corrigé à la main."]);
    expect(computed).toBe(4);
  });
});
