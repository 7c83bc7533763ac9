// The referential pages (browse, search, coverage, rules, diff, downloads): which versions a user may read, the
// search over the normalised columns, and the version as the domain knows it. Every function takes the actor
// and answers null for what the actor may not see, so a draft is a 404 for anyone but the DRI.
//
// Search: the words typed are normalised with the domain's normaliser (the same one that filled
// referential_criteria.search_fr / search_en at import), then matched with LIKE, one condition per word. No
// `unaccent`, no engine-specific function: the same query runs on PGlite and PostgreSQL 15.
import { and, arrayContains, eq, inArray, like, type SQL } from "drizzle-orm";
import type { RouterContextProvider } from "react-router";
import { z } from "zod";
import type { Db } from "#db/client.ts";
import { referentialChapters, referentialCriteria, referentialStandards, referentialVersions } from "#db/schema.ts";
import { canReadReferentialVersion, likeContains, type ParsedFilters } from "#app/domain/referential/browse.ts";
import { diffVersions, type VersionDiff } from "#app/domain/referential/diff.ts";
import type { ReferentialVersion } from "#app/domain/referential/schema.ts";
import type { Language } from "#app/domain/language.ts";
import type { SessionUser } from "#app/context.ts";
import { getLocale } from "#app/middleware/i18next.ts";
import { getServices, notFound, requireUser } from "./guards.server.ts";
import { findReferentialVersion, listReferentialVersions, loadReferentialVersionById, type ReferentialVersionSummary } from "#app/services/referential/referentials.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";

export type Reader = Pick<SessionUser, "role" | "active">;

/** The versions this user may read, by code then version (oldest first). */
export async function listReadableVersions(db: Db, reader: Reader): Promise<ReferentialVersionSummary[]> {
  return (await listReferentialVersions(db)).filter((v) => canReadReferentialVersion(reader, v.status));
}

/** One version's summary (status, dates, counts), or null when it does not exist or the user may not read it. */
export async function findReadableVersion(db: Db, reader: Reader, code: string, version: string): Promise<ReferentialVersionSummary | null> {
  const found = await findReferentialVersion(db, code, version);
  return found && canReadReferentialVersion(reader, found.status) ? found : null;
}

/** The summary and the whole content, or null (unknown, or a draft for someone other than the DRI). */
export async function loadReadableVersion(
  db: Db,
  reader: Reader,
  code: string,
  version: string,
): Promise<{ summary: ReferentialVersionSummary; content: ReferentialVersion } | null> {
  const summary = await findReadableVersion(db, reader, code, version);
  if (!summary) return null;
  const content = await contentOf(db, summary);
  return content ? { summary, content } : null;
}

/**
 * A published version's content is read once per process lifetime (getFrozenVersion, as the scoring does); a draft's,
 * which the DRI may re-import, on each request.
 */
async function contentOf(db: Db, summary: ReferentialVersionSummary): Promise<ReferentialVersion | null> {
  if (summary.status === "draft") return loadReferentialVersionById(db, summary.id);
  return (await getFrozenVersion(db, summary.id)).version;
}

/**
 * Codes of the criteria of a version that match the filters, in the given language; null when no filter is
 * active (everything matches). Each word must appear in the criterion's search text (code, requirement, guidance,
 * expected evidence), accents and case ignored.
 */
export async function searchCriterionCodes(db: Db, versionId: string, language: Language, parsed: ParsedFilters): Promise<Set<string> | null> {
  if (!parsed.active) return null;
  const { filters, words } = parsed;
  const column = language === "en" ? referentialCriteria.searchEn : referentialCriteria.searchFr;
  const conditions: SQL[] = [eq(referentialCriteria.versionId, versionId)];
  for (const word of words) conditions.push(like(column, likeContains(word)));
  if (filters.tier) conditions.push(eq(referentialCriteria.tier, filters.tier));
  if (filters.method) conditions.push(arrayContains(referentialCriteria.methods, [filters.method]));
  if (filters.isqua !== null) conditions.push(arrayContains(referentialCriteria.isqua, [filters.isqua]));
  if (filters.chapter !== null) {
    const standardsOfChapter = db
      .select({ id: referentialStandards.id })
      .from(referentialStandards)
      .innerJoin(referentialChapters, eq(referentialChapters.id, referentialStandards.chapterId))
      .where(and(eq(referentialStandards.versionId, versionId), eq(referentialChapters.code, filters.chapter)));
    conditions.push(inArray(referentialCriteria.standardId, standardsOfChapter));
  }
  const rows = await db.select({ code: referentialCriteria.code }).from(referentialCriteria).where(and(...conditions));
  return new Set(rows.map((r) => r.code));
}

/** The file as it was imported (byte for byte), for download. */
export async function readableSource(db: Db, reader: Reader, code: string, version: string): Promise<string | null> {
  const summary = await findReadableVersion(db, reader, code, version);
  if (!summary) return null;
  const [row] = await db.select({ yaml: referentialVersions.sourceYaml }).from(referentialVersions).where(eq(referentialVersions.id, summary.id));
  return row?.yaml ?? null;
}

export interface DiffResult {
  older: ReferentialVersionSummary;
  newer: ReferentialVersionSummary;
  /** True when the two were given newest first and put back in order. */
  swapped: boolean;
  diff: VersionDiff;
}

/**
 * What changed between two versions the user may read (the older one first, whatever order they were given in;
 * the diff follows the newer version's `replaces`). Null when either is unknown or not readable.
 */
export async function diffReadableVersions(
  db: Db,
  reader: Reader,
  from: { code: string; version: string },
  to: { code: string; version: string },
): Promise<DiffResult | null> {
  const readable = await listReadableVersions(db, reader);
  const find = (ref: { code: string; version: string }) => readable.find((v) => v.code === ref.code && v.version === ref.version);
  let older = find(from);
  let newer = find(to);
  if (!older || !newer) return null;
  const index = (v: ReferentialVersionSummary) => readable.indexOf(v);
  const swapped = older.code === newer.code && index(older) > index(newer);
  if (swapped) [older, newer] = [newer, older];
  // Sequential: PGlite has one connection.
  const olderContent = await loadReferentialVersionById(db, older.id);
  const newerContent = await loadReferentialVersionById(db, newer.id);
  if (!olderContent || !newerContent) return null;
  return { older, newer, swapped, diff: diffVersions(olderContent, newerContent) };
}

// ─── Route helpers ──────────────────────────────────────────────────────────────────────────────────────────────

const versionParamsSchema = z.object({
  code: z.string().regex(/^[a-z0-9-]{1,60}$/),
  version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.-]{0,39}$/),
});

/** The `:code/:version` of a referential URL; anything malformed is a 404 like an unknown version. */
export function versionParams(params: Record<string, string | undefined>): { code: string; version: string } {
  const parsed = versionParamsSchema.safeParse(params);
  if (!parsed.success) notFound();
  return parsed.data;
}

type Context = Readonly<RouterContextProvider>;

/**
 * For the loaders of the version pages: the signed-in user, the page language and the version they may read,
 * or the 404 page (unknown version, or a draft for someone other than the DRI).
 */
export async function requireReadableVersion(context: Context, request: Request, params: Record<string, string | undefined>) {
  const user = requireUser(context, request);
  const { code, version } = versionParams(params);
  const { db } = getServices(context);
  const loaded = await loadReadableVersion(db, user, code, version);
  if (!loaded) notFound();
  const language: Language = getLocale(context) === "en" ? "en" : "fr";
  return { user, db, language, ...loaded };
}

/** What every version page shows in its header: status, dates, counts (no content). */
export function versionHeader(summary: ReferentialVersionSummary, language: Language) {
  return {
    code: summary.code,
    version: summary.version,
    status: summary.status,
    illustrative: summary.illustrative,
    title: summary.title[language],
    effectiveDate: summary.effectiveDate,
    reviewBy: summary.reviewBy,
    publishedAt: summary.publishedAt,
    retiredAt: summary.retiredAt,
    counts: { ...summary.counts, core: summary.counts.criteria - summary.counts.critical - summary.counts.advanced },
  };
}
export type VersionHeader = ReturnType<typeof versionHeader>;
