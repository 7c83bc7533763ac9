// The hospital's self-assessment of a process: its ratings (through the shared versioned write), their provisional
// score, the comments on a criterion, and what each criterion has attached (actions, evidence).
import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { actionItems, criterionComments, evidenceLinks, selfAssessmentRatings, users } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { selfAssessmentEditRefusal } from "#app/domain/process/edit-rules.ts";
import { checkRating, normaliseJustification, parseRating, ratingToText, type RatingValue } from "#app/domain/process/rating-input.ts";
import type { ScoringResult } from "#app/domain/scoring/engine.ts";
import { getFrozenVersion, type FrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { scoreSavedRatings } from "./scored-ratings.server.ts";
import type { ProcessSummary } from "./lifecycle.server.ts";
import { ProcessError } from "./process-error.ts";
import { cachedRatingView, IdempotencyKeyReused, loadStoredRatings, writeVersionedRating, type RaterKind, type StoredRating } from "./versioned-rating.server.ts";

export const RATING_ENTITY = "self_assessment_rating";

/**
 * The hospital as a rater: a rating ("0".."3", "NA", or null once cleared) and its justification. Any save clears
 * the mark of a rating carried over from the previous process (renewal.server.ts): it was confirmed or changed.
 */
export const SELF_ASSESSMENT: RaterKind<typeof selfAssessmentRatings, "rating" | "justification"> = {
  table: selfAssessmentRatings,
  entityType: RATING_ENTITY,
  empty: { rating: null, justification: "" },
  resetOnSave: { carriedOverFrom: null },
};

/** Throws unless the actor may change this process's self-assessment (ratings, comments, evidence, actions). */
export function requireEditable(actor: Actor, process: ProcessSummary): void {
  const refusal = selfAssessmentEditRefusal(actor, process);
  if (refusal) throw new ProcessError(refusal);
}

// ─── Ratings ──────────────────────────────────────────────────────────────────────────────────────────────

export interface SavedRating {
  rating: RatingValue | null;
  justification: string;
  version: number;
  updatedByName: string | null;
  updatedAt: Date | null;
  /** Carried over from these codes of the previous process's version, and nobody confirmed or changed it yet. */
  carriedOverFrom: string[] | null;
}

function savedRating({ fields, ...stored }: StoredRating<{ rating: string | null; justification: string }>, carriedOverFrom: string[] | null = null): SavedRating {
  return { rating: parseRating(fields.rating) ?? null, justification: fields.justification, ...stored, carriedOverFrom };
}

/** The ratings still marked as carried over, by criterion id. */
async function loadCarriedOverMarks(db: Db, processId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .select({ criterionId: selfAssessmentRatings.criterionId, from: selfAssessmentRatings.carriedOverFrom })
    .from(selfAssessmentRatings)
    .where(and(eq(selfAssessmentRatings.processId, processId), isNotNull(selfAssessmentRatings.carriedOverFrom)));
  return new Map(rows.map((r) => [r.criterionId, r.from!]));
}

/** Every rating of a process, by criterion code (two queries: the ratings, the carried-over marks). */
export function loadRatings(db: Db, process: Pick<ProcessSummary, "id" | "referentialVersionId">): Promise<ReadonlyMap<string, Readonly<SavedRating>>> {
  return cachedRatingView(db, SELF_ASSESSMENT, process.id, "ratings", async () => {
    const frozen = await getFrozenVersion(db, process.referentialVersionId);
    const marks = await loadCarriedOverMarks(db, process.id);
    const out = new Map<string, SavedRating>();
    for (const [criterionId, stored] of await loadStoredRatings(db, SELF_ASSESSMENT, process.id)) {
      const code = frozen.criterionCodes.get(criterionId);
      if (code) out.set(code, savedRating(stored, marks.get(criterionId) ?? null));
    }
    return out;
  });
}

/** A rating without its texts and author: what lists and scores need. */
export interface RatingState {
  rating: RatingValue | null;
  version: number;
  /** The version a carried-over rating came from, until someone confirms or changes it. */
  carriedOverFrom: string[] | null;
}

/** The state of every rating of a process, by criterion code (one narrow query: no justification, no author). */
export function loadRatingStates(db: Db, process: Pick<ProcessSummary, "id" | "referentialVersionId">): Promise<ReadonlyMap<string, Readonly<RatingState>>> {
  return cachedRatingView(db, SELF_ASSESSMENT, process.id, "states", async () => {
    const frozen = await getFrozenVersion(db, process.referentialVersionId);
    const rows = await db
      .select({ criterionId: selfAssessmentRatings.criterionId, rating: selfAssessmentRatings.rating, version: selfAssessmentRatings.version, carriedOverFrom: selfAssessmentRatings.carriedOverFrom })
      .from(selfAssessmentRatings)
      .where(eq(selfAssessmentRatings.processId, process.id));
    const out = new Map<string, RatingState>();
    for (const row of rows) {
      const code = frozen.criterionCodes.get(row.criterionId);
      if (code) out.set(code, { rating: parseRating(row.rating) ?? null, version: row.version, carriedOverFrom: row.carriedOverFrom });
    }
    return out;
  });
}

/** The provisional result of the hospital's ratings (the scoring engine is the only place scores are computed). */
export function scoreSelfAssessment(frozen: FrozenVersion, ratings: ReadonlyMap<string, Readonly<SavedRating>>): ScoringResult {
  return scoreSavedRatings(frozen, ratings);
}

export type SaveRatingResult =
  | { status: "saved"; version: number }
  | { status: "unchanged"; version: number }
  | { status: "invalid"; problems: Partial<Record<"rating" | "justification", string>> }
  | { status: "conflict"; current: SavedRating };

/**
 * Saves a rating and its justification as one unit. `baseVersion` is the version the user started from (0 when
 * there was none): if a colleague saved meanwhile, nothing is overwritten and their value comes back.
 */
export async function saveRating(
  db: Db,
  actor: Actor,
  process: ProcessSummary,
  criterionCode: string,
  input: { rating: string; justification: string; baseVersion: number; idempotencyKey?: string },
): Promise<SaveRatingResult> {
  requireEditable(actor, process);
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const criterionId = frozen.criterionIds.get(criterionCode);
  const index = frozen.prepared.criterionIndex.get(criterionCode);
  const criterion = index === undefined ? undefined : frozen.prepared.criteria[index];
  if (!criterionId || !criterion) throw new ProcessError("not_found");

  const rating = parseRating(input.rating);
  const justification = normaliseJustification(input.justification);
  const problems = checkRating(rating, justification, {
    scaleValues: frozen.version.scale.values.map((v) => v.value),
    naAllowed: criterion.naAllowed,
    service: criterion.service,
  });
  if (Object.keys(problems).length > 0) return { status: "invalid", problems };
  const written = await db
    .transaction((tx) =>
      writeVersionedRating(
        tx,
        SELF_ASSESSMENT,
        actor,
        { processId: process.id, criterionId, criterionCode },
        { fields: { rating: ratingToText(rating ?? null), justification }, baseVersion: input.baseVersion, idempotencyKey: input.idempotencyKey },
        "rating.save",
      ),
    )
    .catch((error: unknown) => {
      throw error instanceof IdempotencyKeyReused ? new ProcessError("key_reused") : error;
    });
  return written.status === "conflict" ? { status: "conflict", current: savedRating(written.current) } : written;
}

// ─── Per-criterion counts and comments ──────────────────────────────────────────────────────────────────────

/** Open actions and linked evidence per criterion code (two queries, whatever the number of criteria). */
export async function loadCriterionCounts(db: Db, process: ProcessSummary) {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const actions = await db
    .select({ criterionId: actionItems.criterionId, open: sql<number>`count(*) filter (where ${actionItems.status} <> 'done')`.mapWith(Number), total: sql<number>`count(*)`.mapWith(Number) })
    .from(actionItems)
    .where(eq(actionItems.processId, process.id))
    .groupBy(actionItems.criterionId);
  const evidence = await db
    .select({ criterionId: evidenceLinks.criterionId, n: sql<number>`count(*)`.mapWith(Number) })
    .from(evidenceLinks)
    .where(and(eq(evidenceLinks.processId, process.id), isNull(evidenceLinks.removedAt)))
    .groupBy(evidenceLinks.criterionId);
  const out = new Map<string, { openActions: number; actions: number; evidence: number }>();
  const entry = (criterionId: string) => {
    const code = frozen.criterionCodes.get(criterionId) ?? criterionId;
    let e = out.get(code);
    if (!e) out.set(code, (e = { openActions: 0, actions: 0, evidence: 0 }));
    return e;
  };
  for (const a of actions) Object.assign(entry(a.criterionId), { openActions: a.open, actions: a.total });
  for (const e of evidence) entry(e.criterionId).evidence = e.n;
  return out;
}

export async function listComments(db: Db, process: ProcessSummary, criterionCode: string) {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const criterionId = frozen.criterionIds.get(criterionCode);
  if (!criterionId) throw new ProcessError("not_found");
  return db
    .select({ id: criterionComments.id, body: criterionComments.body, createdAt: criterionComments.createdAt, authorName: users.name })
    .from(criterionComments)
    .innerJoin(users, eq(users.id, criterionComments.authorUserId))
    .where(and(eq(criterionComments.processId, process.id), eq(criterionComments.criterionId, criterionId)))
    .orderBy(asc(criterionComments.createdAt));
}

/** A comment is its own record: adding one never conflicts with a colleague's rating. */
export async function addComment(db: Db, actor: Actor, process: ProcessSummary, criterionCode: string, body: string) {
  requireEditable(actor, process);
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const criterionId = frozen.criterionIds.get(criterionCode);
  if (!criterionId) throw new ProcessError("not_found");
  await db.insert(criterionComments).values({ processId: process.id, criterionId, authorUserId: actor.id, body: body.trim() });
}
