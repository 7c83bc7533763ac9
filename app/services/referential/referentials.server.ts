// Referential versions in the database: import (as a draft), publish (frozen by the database itself, see
// migration referential_freeze), retire, list, and rebuild the domain object from the tables.
//
// Transactions stay short: parsing, validation, hashing and the search texts are done before the transaction;
// inside it there are only a lock, a lookup and one insert per table. Every import, publication and retirement
// is recorded in the audit trail (entity type "referential_version").
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import {
  referentialChapters,
  referentialCriteria,
  referentialLevels,
  referentialScaleValues,
  referentialStandards,
  referentialVersions,
} from "#db/schema.ts";
import type { Language } from "#app/domain/language.ts";
import type { Criterion, Level, LevelCode, Method, ReferentialStatus, ReferentialVersion } from "#app/domain/referential/schema.ts";
import { normalizeForSearch } from "#app/domain/referential/search.ts";
import { parseReferentialYaml, type ReferentialProblem } from "#app/domain/referential/validate.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { AppError, type ErrorCode } from "#app/services/errors.ts";
import { contentHash } from "./content-hash.server.ts";
import { compareVersions, listReferentialFiles, loadReferentialFolder, peekIdentity, REFERENTIALS_DIR } from "./referential-files.server.ts";

export const REFERENTIAL_ENTITY = "referential_version";

/**
 * A lifecycle step refused (wrong status, unknown version, content altered behind the app's back): see
 * APP_ERRORS.referential. The message says it in full for the command line.
 */
export class ReferentialError extends AppError<"referential"> {
  constructor(code: ErrorCode<"referential">, message: string) {
    super("referential", code, { message });
  }
}

export type VersionRef = { id: string } | { code: string; version: string };

/** Finds the version a new one follows (to check its `replaces`). */
export type PreviousLookup = (code: string, version: string) => Promise<ReferentialVersion | undefined>;

export interface ImportOptions {
  actorUserId?: string | null;
  /**
   * The version this one follows: a version, a lookup, or null for none. Default: the closest earlier version of
   * the same code in the database.
   */
  previous?: ReferentialVersion | PreviousLookup | null;
  /** Publish in the same transaction (shipped versions at startup). */
  publish?: boolean;
}

export type ImportResult =
  | { ok: false; problems: ReferentialProblem[] }
  | {
      ok: true;
      versionId: string;
      code: string;
      version: string;
      contentHash: string;
      /** `unchanged`: the same code, version and content hash were already there; nothing was written. */
      status: "created" | "replaced_draft" | "unchanged";
      versionStatus: ReferentialStatus;
    };

/** Serialises imports on PostgreSQL (several instances starting together); harmless on PGlite. */
const IMPORT_LOCK_ID = 7_415_202_6;
/** Rows per insert statement, well under PostgreSQL's 65 535 parameters. */
const BATCH = 500;

// ─── Import ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** Validates a version file and loads it as a draft, in one transaction: either all of it or nothing. */
export async function importReferential(db: Db, yamlText: string, options: ImportOptions = {}): Promise<ImportResult> {
  const previous = await resolvePrevious(db, yamlText, options.previous);
  const parsed = parseReferentialYaml(yamlText, previous ? { previous } : {});
  if (!parsed.ok) return parsed;
  return importParsedReferential(db, parsed.version, yamlText, options);
}

/** Imports an already validated version (the caller validated it against its previous version). */
export async function importParsedReferential(
  db: Db,
  version: ReferentialVersion,
  yamlText: string,
  options: Pick<ImportOptions, "actorUserId" | "publish"> = {},
): Promise<ImportResult> {
  const hash = contentHash(version);
  const rows = buildRows(version, randomUUID());
  const actor = options.actorUserId ?? null;

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(IMPORT_LOCK_ID))})`);
    const [existing] = await tx
      .select({ id: referentialVersions.id, status: referentialVersions.status, contentHash: referentialVersions.contentHash })
      .from(referentialVersions)
      .where(and(eq(referentialVersions.code, version.code), eq(referentialVersions.version, version.version)))
      .for("update");
    const done = (versionId: string, status: "created" | "replaced_draft" | "unchanged", versionStatus: ReferentialStatus): ImportResult => ({
      ok: true,
      versionId,
      code: version.code,
      version: version.version,
      contentHash: hash,
      status,
      versionStatus,
    });

    if (existing && existing.status !== "draft") {
      if (existing.contentHash === hash) return done(existing.id, "unchanged", existing.status);
      return {
        ok: false,
        problems: [
          {
            path: "version",
            message:
              `${version.code} ${version.version} is already ${existing.status} with different content ` +
              `(content hash ${short(existing.contentHash)} in the database, ${short(hash)} in this file): ` +
              `a published version never changes; give the new content a new version number`,
          },
        ],
      };
    }

    let versionId: string;
    let status: "created" | "replaced_draft" | "unchanged";
    if (existing && existing.contentHash === hash) {
      versionId = existing.id;
      status = "unchanged";
    } else if (existing) {
      versionId = existing.id;
      status = "replaced_draft";
      // Children first: each delete is one statement; the freeze triggers allow it because the version is a draft.
      await tx.delete(referentialCriteria).where(eq(referentialCriteria.versionId, versionId));
      await tx.delete(referentialStandards).where(eq(referentialStandards.versionId, versionId));
      await tx.delete(referentialChapters).where(eq(referentialChapters.versionId, versionId));
      await tx.delete(referentialLevels).where(eq(referentialLevels.versionId, versionId));
      await tx.delete(referentialScaleValues).where(eq(referentialScaleValues.versionId, versionId));
      const { id: _id, ...fields } = rows.version;
      await tx
        .update(referentialVersions)
        .set({ ...fields, contentHash: hash, sourceYaml: yamlText, importedBy: actor, importedAt: new Date() })
        .where(eq(referentialVersions.id, versionId));
      await insertContent(tx, withVersionId(rows, versionId));
      await recordInAuditTrail(tx, {
        actorUserId: actor,
        action: "referential_version.replace_draft",
        entityType: REFERENTIAL_ENTITY,
        entityId: versionId,
        changes: { contentHash: { from: existing.contentHash, to: hash }, criteria: { from: null, to: rows.criteria.length } },
      });
    } else {
      versionId = rows.version.id;
      status = "created";
      await tx.insert(referentialVersions).values({ ...rows.version, contentHash: hash, sourceYaml: yamlText, importedBy: actor });
      await insertContent(tx, rows);
      await recordInAuditTrail(tx, {
        actorUserId: actor,
        action: "referential_version.import",
        entityType: REFERENTIAL_ENTITY,
        entityId: versionId,
        changes: {
          code: { from: null, to: version.code },
          version: { from: null, to: version.version },
          contentHash: { from: null, to: hash },
          criteria: { from: null, to: rows.criteria.length },
        },
      });
    }

    if (options.publish) {
      await publishLocked(tx, versionId, actor);
      return done(versionId, status, "published");
    }
    return done(versionId, status, "draft");
  });
}

async function resolvePrevious(db: Db, yamlText: string, previous: ImportOptions["previous"]): Promise<ReferentialVersion | undefined> {
  if (previous === null) return undefined;
  if (previous !== undefined && typeof previous !== "function") return previous;
  const identity = peekIdentity(yamlText);
  if (!identity) return undefined;
  return (previous ?? previousFromDatabase(db))(identity.code, identity.version);
}

/** The closest earlier version of the same code in the database (any status). */
export function previousFromDatabase(db: Db): PreviousLookup {
  return async (code, version) => {
    const rows = await db
      .select({ version: referentialVersions.version })
      .from(referentialVersions)
      .where(eq(referentialVersions.code, code));
    const earlier = rows
      .map((r) => r.version)
      .filter((v) => compareVersions(v, version) < 0)
      .sort(compareVersions)
      .at(-1);
    return earlier === undefined ? undefined : ((await loadReferentialVersion(db, code, earlier)) ?? undefined);
  };
}

type VersionRow = typeof referentialVersions.$inferInsert & { id: string };
interface Rows {
  version: Omit<VersionRow, "contentHash" | "sourceYaml">;
  scale: (typeof referentialScaleValues.$inferInsert)[];
  levels: (typeof referentialLevels.$inferInsert)[];
  chapters: (typeof referentialChapters.$inferInsert & { id: string })[];
  standards: (typeof referentialStandards.$inferInsert & { id: string })[];
  criteria: (typeof referentialCriteria.$inferInsert & { id: string })[];
}

/** Every row of a version, ids generated here, so the transaction only inserts. */
function buildRows(version: ReferentialVersion, versionId: string): Rows {
  const rows: Rows = {
    version: {
      id: versionId,
      code: version.code,
      version: version.version,
      status: "draft",
      illustrative: version.illustrative,
      title: version.title,
      description: version.description,
      effectiveDate: version.effective_date,
      reviewBy: version.review_by,
      approvalBody: version.approval_body,
      developmentNotes: version.development_notes,
      changelog: version.changelog,
      glossary: version.glossary ?? null,
      referenceList: version.references ?? null,
      tierRationale: version.tier_rationale ?? null,
      rulesRationale: version.rules_rationale ?? null,
      development: version.development ?? null,
      validityYears: version.validity_years,
      notApplicableLabel: version.scale.not_applicable.label,
      notApplicableDescription: version.scale.not_applicable.description,
    },
    scale: version.scale.values.map((v, position) => ({ versionId, position, value: v.value, label: v.label, description: v.description, weight: v.weight })),
    levels: version.levels.map((level, rank) => ({
      versionId,
      code: level.code,
      rank,
      name: level.name,
      colour: level.colour,
      criticalMinValue: level.conditions.critical_min_value,
      globalMinPercent: level.conditions.global_min_percent,
      chapterMinPercent: level.conditions.chapter_min_percent,
      coreMinPercent: level.conditions.tier_min_percent?.core ?? null,
      advancedMinPercent: level.conditions.tier_min_percent?.advanced ?? null,
    })),
    chapters: [],
    standards: [],
    criteria: [],
  };
  version.chapters.forEach((chapter, chapterPosition) => {
    const chapterId = randomUUID();
    rows.chapters.push({ id: chapterId, versionId, code: chapter.code, position: chapterPosition, title: chapter.title });
    chapter.standards.forEach((standard, standardPosition) => {
      const standardId = randomUUID();
      rows.standards.push({ id: standardId, versionId, chapterId, code: standard.code, position: standardPosition, title: standard.title, intent: standard.intent });
      standard.criteria.forEach((criterion, position) => {
        rows.criteria.push({
          id: randomUUID(),
          versionId,
          standardId,
          code: criterion.code,
          position,
          tier: criterion.tier,
          text: criterion.text,
          guidance: criterion.guidance,
          methods: criterion.methods,
          evidence: criterion.evidence,
          naAllowed: criterion.na_allowed,
          service: criterion.service ?? null,
          isqua: criterion.isqua,
          replaces: criterion.replaces ?? null,
          ratingGuidance: criterion.rating_guidance ?? null,
          searchFr: searchText(criterion, "fr"),
          searchEn: searchText(criterion, "en"),
        });
      });
    });
  });
  return rows;
}

/** What accent-insensitive search looks in: code, requirement, guidance and expected evidence, in one language. */
export function searchText(criterion: Criterion, language: Language): string {
  return normalizeForSearch([criterion.code, criterion.text[language], criterion.guidance[language], ...criterion.evidence.map((e) => e[language])].join(" "));
}

function withVersionId(rows: Rows, versionId: string): Rows {
  const set = <T extends { versionId: string }>(list: T[]) => list.map((row) => ({ ...row, versionId }));
  return {
    version: { ...rows.version, id: versionId },
    scale: set(rows.scale),
    levels: set(rows.levels),
    chapters: set(rows.chapters),
    standards: set(rows.standards),
    criteria: set(rows.criteria),
  };
}

async function insertContent(tx: Db, rows: Rows): Promise<void> {
  const insertAll = async <T>(rowsToInsert: T[], insert: (batch: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rowsToInsert.length; i += BATCH) await insert(rowsToInsert.slice(i, i + BATCH));
  };
  await insertAll(rows.scale, (batch) => tx.insert(referentialScaleValues).values(batch));
  await insertAll(rows.levels, (batch) => tx.insert(referentialLevels).values(batch));
  await insertAll(rows.chapters, (batch) => tx.insert(referentialChapters).values(batch));
  await insertAll(rows.standards, (batch) => tx.insert(referentialStandards).values(batch));
  await insertAll(rows.criteria, (batch) => tx.insert(referentialCriteria).values(batch));
}

// ─── Lifecycle ──────────────────────────────────────────────────────────────────────────────────────────────────

const versionColumns = {
  id: referentialVersions.id,
  code: referentialVersions.code,
  version: referentialVersions.version,
  status: referentialVersions.status,
  contentHash: referentialVersions.contentHash,
};

async function lockVersion(tx: Db, ref: VersionRef) {
  const where = "id" in ref ? eq(referentialVersions.id, ref.id) : and(eq(referentialVersions.code, ref.code), eq(referentialVersions.version, ref.version));
  const [row] = await tx.select(versionColumns).from(referentialVersions).where(where).for("update");
  if (!row) throw new ReferentialError("not_found", "id" in ref ? `no referential version with id ${ref.id}` : `no version ${ref.version} of referential ${ref.code}`);
  return row;
}

/**
 * Publishes a draft: its content is rebuilt from the tables and hashed again (it must still be what was imported),
 * then the version is frozen for good.
 */
export async function publishReferential(db: Db, ref: VersionRef, options: { actorUserId?: string | null } = {}) {
  return db.transaction(async (tx) => {
    const row = await lockVersion(tx, ref);
    return publishLocked(tx, row.id, options.actorUserId ?? null);
  });
}

async function publishLocked(tx: Db, versionId: string, actor: string | null) {
  const [row] = await tx.select(versionColumns).from(referentialVersions).where(eq(referentialVersions.id, versionId)).for("update");
  if (!row) throw new ReferentialError("not_found", `no referential version with id ${versionId}`);
  if (row.status !== "draft") throw new ReferentialError("not_draft", `${row.code} ${row.version} is ${row.status}: only a draft can be published`);
  const content = await loadContent(tx, row.id);
  const hash = contentHash(content);
  if (hash !== row.contentHash) {
    throw new ReferentialError(
      "hash_mismatch",
      `${row.code} ${row.version}: the content in the database (hash ${short(hash)}) is not what was imported (${short(row.contentHash)}); import the file again`,
    );
  }
  await tx
    .update(referentialVersions)
    .set({ status: "published", publishedAt: new Date(), publishedBy: actor, contentHash: hash })
    .where(eq(referentialVersions.id, row.id));
  await recordInAuditTrail(tx, {
    actorUserId: actor,
    action: "referential_version.publish",
    entityType: REFERENTIAL_ENTITY,
    entityId: row.id,
    changes: { status: { from: "draft", to: "published" }, contentHash: { from: null, to: hash } },
  });
  return { versionId: row.id, code: row.code, version: row.version, contentHash: hash };
}

/** Retires a published version: it stays readable (labels awarded on it keep pointing to it), but no new process uses it. */
export async function retireReferential(db: Db, ref: VersionRef, options: { actorUserId?: string | null } = {}) {
  return db.transaction(async (tx) => {
    const row = await lockVersion(tx, ref);
    if (row.status !== "published") {
      throw new ReferentialError("not_published", `${row.code} ${row.version} is ${row.status}: only a published version can be retired`);
    }
    const actor = options.actorUserId ?? null;
    await tx.update(referentialVersions).set({ status: "retired", retiredAt: new Date(), retiredBy: actor }).where(eq(referentialVersions.id, row.id));
    await recordInAuditTrail(tx, {
      actorUserId: actor,
      action: "referential_version.retire",
      entityType: REFERENTIAL_ENTITY,
      entityId: row.id,
      changes: { status: { from: "published", to: "retired" } },
    });
    return { versionId: row.id, code: row.code, version: row.version };
  });
}

// ─── Reading ────────────────────────────────────────────────────────────────────────────────────────────────────

export interface ReferentialVersionSummary {
  id: string;
  code: string;
  version: string;
  status: ReferentialStatus;
  illustrative: boolean;
  title: { fr: string; en: string };
  effectiveDate: string;
  reviewBy: string;
  contentHash: string;
  importedAt: Date;
  publishedAt: Date | null;
  retiredAt: Date | null;
  counts: { chapters: number; standards: number; criteria: number; critical: number; advanced: number };
}

const summaryColumns = {
  id: referentialVersions.id,
  code: referentialVersions.code,
  version: referentialVersions.version,
  status: referentialVersions.status,
  illustrative: referentialVersions.illustrative,
  title: referentialVersions.title,
  effectiveDate: referentialVersions.effectiveDate,
  reviewBy: referentialVersions.reviewBy,
  contentHash: referentialVersions.contentHash,
  importedAt: referentialVersions.importedAt,
  publishedAt: referentialVersions.publishedAt,
  retiredAt: referentialVersions.retiredAt,
};

/** Every version with its counts, by code then version (oldest first). */
export async function listReferentialVersions(db: Db): Promise<ReferentialVersionSummary[]> {
  const [versions, chapters, standards, criteria] = await Promise.all([
    db.select(summaryColumns).from(referentialVersions),
    db.select({ versionId: referentialChapters.versionId, n: count() }).from(referentialChapters).groupBy(referentialChapters.versionId),
    db.select({ versionId: referentialStandards.versionId, n: count() }).from(referentialStandards).groupBy(referentialStandards.versionId),
    db
      .select({
        versionId: referentialCriteria.versionId,
        n: count(),
        critical: sql<number>`count(*) filter (where ${referentialCriteria.tier} = 'critical')`.mapWith(Number),
        advanced: sql<number>`count(*) filter (where ${referentialCriteria.tier} = 'advanced')`.mapWith(Number),
      })
      .from(referentialCriteria)
      .groupBy(referentialCriteria.versionId),
  ]);
  const byVersion = <T extends { versionId: string }>(list: T[]) => new Map(list.map((r) => [r.versionId, r]));
  const chapterCounts = byVersion(chapters);
  const standardCounts = byVersion(standards);
  const criterionCounts = byVersion(criteria);
  return versions
    .map((v) => ({
      ...v,
      counts: {
        chapters: chapterCounts.get(v.id)?.n ?? 0,
        standards: standardCounts.get(v.id)?.n ?? 0,
        criteria: criterionCounts.get(v.id)?.n ?? 0,
        critical: criterionCounts.get(v.id)?.critical ?? 0,
        advanced: criterionCounts.get(v.id)?.advanced ?? 0,
      },
    }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : compareVersions(a.version, b.version)));
}

/** One version with its counts, or null: one query counting that version's rows only (a version page's header). */
export async function findReferentialVersion(db: Db, code: string, version: string): Promise<ReferentialVersionSummary | null> {
  const counted = (table: typeof referentialChapters | typeof referentialStandards | typeof referentialCriteria, filter?: SQL) =>
    sql<number>`(select count(*) from ${table} where ${table.versionId} = "referential_versions"."id"${filter ? sql` and ${filter}` : sql``})`.mapWith(Number); // qualified by hand: drizzle leaves a lone table's columns bare
  const [row] = await db
    .select({
      ...summaryColumns,
      chapters: counted(referentialChapters),
      standards: counted(referentialStandards),
      criteria: counted(referentialCriteria),
      critical: counted(referentialCriteria, sql`${referentialCriteria.tier} = 'critical'`),
      advanced: counted(referentialCriteria, sql`${referentialCriteria.tier} = 'advanced'`),
    })
    .from(referentialVersions)
    .where(and(eq(referentialVersions.code, code), eq(referentialVersions.version, version)));
  if (!row) return null;
  const { chapters, standards, criteria, critical, advanced, ...summary } = row;
  return { ...summary, counts: { chapters, standards, criteria, critical, advanced } };
}

/** The version as the domain knows it (same shape as the file), or null. Its contentHash equals the imported one. */
export async function loadReferentialVersion(db: Db, code: string, version: string): Promise<ReferentialVersion | null> {
  const [row] = await db
    .select({ id: referentialVersions.id })
    .from(referentialVersions)
    .where(and(eq(referentialVersions.code, code), eq(referentialVersions.version, version)));
  return row ? loadContent(db, row.id) : null;
}

export async function loadReferentialVersionById(db: Db, id: string): Promise<ReferentialVersion | null> {
  const [row] = await db.select({ id: referentialVersions.id }).from(referentialVersions).where(eq(referentialVersions.id, id));
  return row ? loadContent(db, row.id) : null;
}

async function loadContent(db: Db, versionId: string): Promise<ReferentialVersion> {
  // Sequential on purpose: `db` may be a transaction (one connection).
  const [v] = await db.select().from(referentialVersions).where(eq(referentialVersions.id, versionId));
  if (!v) throw new ReferentialError("not_found", `no referential version with id ${versionId}`);
  const scale = await db.select().from(referentialScaleValues).where(eq(referentialScaleValues.versionId, versionId)).orderBy(asc(referentialScaleValues.position));
  const levels = await db.select().from(referentialLevels).where(eq(referentialLevels.versionId, versionId)).orderBy(asc(referentialLevels.rank));
  const chapters = await db.select().from(referentialChapters).where(eq(referentialChapters.versionId, versionId)).orderBy(asc(referentialChapters.position));
  const standards = await db
    .select()
    .from(referentialStandards)
    .where(eq(referentialStandards.versionId, versionId))
    .orderBy(asc(referentialStandards.chapterId), asc(referentialStandards.position));
  const criteria = await db
    .select()
    .from(referentialCriteria)
    .where(eq(referentialCriteria.versionId, versionId))
    .orderBy(asc(referentialCriteria.standardId), asc(referentialCriteria.position));

  const criteriaByStandard = groupBy(criteria, (c) => c.standardId);
  const standardsByChapter = groupBy(standards, (s) => s.chapterId);
  return {
    code: v.code,
    version: v.version,
    illustrative: v.illustrative,
    title: v.title,
    description: v.description,
    effective_date: v.effectiveDate,
    review_by: v.reviewBy,
    approval_body: v.approvalBody,
    development_notes: v.developmentNotes,
    // Left out when null, as in a file without them, so the rebuilt version hashes like the file.
    ...(v.glossary === null ? {} : { glossary: v.glossary }),
    ...(v.referenceList === null ? {} : { references: v.referenceList }),
    ...(v.tierRationale === null ? {} : { tier_rationale: v.tierRationale }),
    ...(v.rulesRationale === null ? {} : { rules_rationale: v.rulesRationale }),
    ...(v.development === null ? {} : { development: v.development }),
    changelog: v.changelog,
    validity_years: v.validityYears,
    scale: {
      values: scale.map((s) => ({ value: s.value, label: s.label, description: s.description, weight: s.weight })),
      not_applicable: { label: v.notApplicableLabel, description: v.notApplicableDescription },
    },
    levels: levels.map(
      (l): Level => ({
        code: l.code as LevelCode,
        name: l.name,
        colour: l.colour,
        conditions: {
          critical_min_value: l.criticalMinValue,
          global_min_percent: l.globalMinPercent,
          chapter_min_percent: l.chapterMinPercent,
          ...tierFloors(l),
        },
      }),
    ),
    chapters: chapters.map((chapter) => ({
      code: chapter.code,
      title: chapter.title,
      standards: (standardsByChapter.get(chapter.id) ?? []).map((standard) => ({
        code: standard.code,
        title: standard.title,
        intent: standard.intent,
        criteria: (criteriaByStandard.get(standard.id) ?? []).map(
          (c): Criterion => ({
            code: c.code,
            tier: c.tier,
            text: c.text,
            guidance: c.guidance,
            methods: c.methods as Method[],
            evidence: c.evidence,
            na_allowed: c.naAllowed,
            ...(c.service === null ? {} : { service: c.service }),
            isqua: c.isqua,
            ...(c.replaces === null ? {} : { replaces: c.replaces }),
            ...(c.ratingGuidance === null ? {} : { rating_guidance: c.ratingGuidance }),
          }),
        ),
      })),
    })),
  };
}

/** A level's tier floors as the file writes them (`tier_min_percent`, tiers in order), or nothing when it has none. */
function tierFloors(level: { coreMinPercent: number | null; advancedMinPercent: number | null }): Pick<Level["conditions"], "tier_min_percent"> {
  const floors: NonNullable<Level["conditions"]["tier_min_percent"]> = {};
  if (level.coreMinPercent !== null) floors.core = level.coreMinPercent;
  if (level.advancedMinPercent !== null) floors.advanced = level.advancedMinPercent;
  return Object.keys(floors).length > 0 ? { tier_min_percent: floors } : {};
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

// ─── Shipped versions ───────────────────────────────────────────────────────────────────────────────────────────

export interface ShippedImportSummary {
  imported: { code: string; version: string; path: string }[];
  unchanged: { code: string; version: string; path: string }[];
}

/**
 * Shipped versions are product data: at every start, the versions under `dir` that the database lacks are imported
 * and published; one already there with the same content hash is left alone; one with different content, or a
 * file that does not validate, stops the start with an error naming the file.
 */
export async function importShippedReferentials(
  db: Db,
  dir: string = REFERENTIALS_DIR,
  options: { log?: (line: string) => void } = {},
): Promise<ShippedImportSummary> {
  // Fast path for every start after the first: files identical to what was imported need no parsing.
  const listed = listReferentialFiles(dir).map((f) => ({ ...f, text: readFileSync(f.path, "utf8") }));
  if (listed.length === 0) return { imported: [], unchanged: [] };
  const stored = await db
    .select({ code: referentialVersions.code, version: referentialVersions.version, sourceYaml: referentialVersions.sourceYaml })
    .from(referentialVersions)
    .where(inArray(referentialVersions.code, [...new Set(listed.map((f) => f.code))]));
  const sameText = (f: (typeof listed)[number]) => stored.some((r) => r.code === f.code && r.version === f.version && r.sourceYaml === f.text);
  if (listed.every(sameText)) return { imported: [], unchanged: listed.map(({ code, version, path }) => ({ code, version, path })) };

  const files = loadReferentialFolder(dir);
  const invalid = files.filter((f) => !f.result.ok);
  if (invalid.length > 0) {
    const lines = invalid.flatMap((f) => [
      `${f.path}:`,
      ...(f.result.ok ? [] : f.result.problems.slice(0, 20).map((p) => `  ${p.path ? `${p.path}: ` : ""}${p.message}${p.line ? ` (line ${p.line})` : ""}`)),
    ]);
    throw new Error(`Shipped referential files do not validate (npm run referential -- validate FILE):\n${lines.join("\n")}`);
  }
  const existing = await db
    .select({ code: referentialVersions.code, version: referentialVersions.version, status: referentialVersions.status, contentHash: referentialVersions.contentHash })
    .from(referentialVersions);
  const summary: ShippedImportSummary = { imported: [], unchanged: [] };
  for (const file of files) {
    if (!file.result.ok) continue;
    const version = file.result.version;
    const entry = { code: version.code, version: version.version, path: file.path };
    const row = existing.find((r) => r.code === version.code && r.version === version.version);
    const hash = contentHash(version);
    if (row) {
      if (row.contentHash !== hash) {
        throw new Error(
          `${file.path}: ${version.code} ${version.version} is already in the database (${row.status}) with different content ` +
            `(content hash ${short(row.contentHash)} in the database, ${short(hash)} in the file). A published version never changes: ` +
            `restore the file, or ship the new content under a new version number. If the file was corrected in place by an ` +
            `update of the platform, reset this local database: see "Reset local data after a referential correction" in README.md.`,
        );
      }
      summary.unchanged.push(entry);
      continue;
    }
    const result = await importParsedReferential(db, version, file.text, { actorUserId: null, publish: true });
    if (!result.ok) throw new Error(`${file.path}: ${result.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    summary.imported.push(entry);
    options.log?.(`Referential ${version.code} ${version.version} imported and published from ${file.path}.`);
  }
  return summary;
}

function short(hash: string): string {
  return hash.slice(0, 12);
}
