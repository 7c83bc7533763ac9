// The self-assessment workbook (export.xlsx) as a template for ratings prepared offline: its layout, and the pure
// reading of a filled-in copy — workbook cells → typed rows + row-by-row problems — then the plan of an import
// against the current ratings (changes, rows left as they are, conflicts). No exceljs here: the service reads the
// file into a RawWorkbook (plain cell values) and this module decides.
//
// Rules (docs/decisions/0010):
// - A file is the template when its About sheet carries TEMPLATE_MARKER; it must be for this process and for the
//   process's referential version. Headers are recognised in French and in English, whatever the reader's language.
// - Every row is checked like a save in the app (scale, N/A allowed, justification required / too long). Any
//   problem, in any row, and nothing is imported.
// - Each row carries, in hidden columns, the rating's version at export time and a fingerprint of the exported
//   rating + justification. A row whose values still match its fingerprint was not edited in the file: it is left
//   alone (the app's value stays, even if a colleague changed it since). An edited row whose rating changed in the
//   app since the export (version differs) is a conflict: shown side by side, refused for that row.
import type { Service } from "#app/domain/referential/schema.ts";
import { unescapeFormula } from "#app/domain/registry/csv.ts";
import { checkRating, normaliseJustification, parseRating, ratingToText, type RatingProblem, type RatingValue } from "./rating-input.ts";

export const TEMPLATE_MARKER = "label-aphp:self-assessment-ratings";
export const TEMPLATE_VERSION = 1;

/** Sheet names, in the two languages (a file exported in either is read). */
export const SHEETS = {
  ratings: { fr: "Cotations", en: "Ratings" },
  actions: { fr: "Plan d'actions", en: "Action plan" },
  about: { fr: "À propos", en: "About" },
} as const;

/** Columns of the Ratings sheet, in order; `hidden` ones carry what the import needs. */
export const RATING_COLUMNS = [
  { key: "chapter", fr: "Chapitre", en: "Chapter", width: 30 },
  { key: "code", fr: "Code", en: "Code", width: 9 },
  { key: "tier", fr: "Niveau d'exigence", en: "Tier", width: 13 },
  { key: "criterion", fr: "Critère", en: "Criterion", width: 60 },
  { key: "rating", fr: "Cotation", en: "Rating", width: 10 },
  { key: "justification", fr: "Justification", en: "Justification", width: 60 },
  { key: "changedAt", fr: "Dernière modification", en: "Last changed", width: 18 },
  { key: "changedBy", fr: "Modifiée par", en: "Changed by", width: 20 },
  { key: "version", fr: "version", en: "version", width: 8, hidden: true },
  { key: "fingerprint", fr: "empreinte", en: "fingerprint", width: 14, hidden: true },
] as const;
export type RatingColumn = (typeof RATING_COLUMNS)[number]["key"];

/** Columns the import cannot do without. */
const REQUIRED_COLUMNS: RatingColumn[] = ["rating", "justification"];

/** Keys of the About sheet (column A), values in column B. */
export const ABOUT_KEYS = ["template", "templateVersion", "processId", "establishment", "referential", "referentialVersion", "exportedAt", "language"] as const;
export type AboutKey = (typeof ABOUT_KEYS)[number];

export const IMPORT_ROWS_MAX = 2000;

// ─── Cells ──────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * A cell value as text, whatever the spreadsheet made of it (rich text, formula result, hyperlink, date, number),
 * with the export's formula escape undone (a justification "-3 % since 2024" was written "'-3 % since 2024").
 */
export function cellText(value: unknown): string {
  return unescapeFormula(plainCellText(value));
}

function plainCellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  // A date-formatted cell holding a number out of range (1e20) comes out of exceljs as an Invalid Date.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (typeof value === "object") {
    const v = value as { richText?: { text?: unknown }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => (typeof r.text === "string" ? r.text : "")).join("");
    if ("result" in v) return plainCellText(v.result);
    if (typeof v.text === "string") return v.text;
    if (typeof v.text === "object") return plainCellText(v.text);
  }
  return "";
}

/**
 * "3", 3, "3 · Conforme", "NA", "N/A", "na" → the rating; "" → null (not rated); anything else → undefined
 * (reported as off the scale).
 */
export function readRatingCell(raw: string): RatingValue | null | undefined {
  const text = raw.trim();
  if (text === "") return null;
  if (/^n\s*\/?\s*a\b/i.test(text)) return "NA";
  const match = /^(\d+)(?:[.,]0+)?(?:\s*[·:\-–—]\s*.*)?$/s.exec(text);
  return match ? parseRating(match[1]) : undefined;
}

/**
 * A short fingerprint of a rating and its justification (cyrb53: deterministic, no crypto needed — it detects an
 * edit in the file, it does not protect anything).
 */
export function ratingFingerprint(rating: RatingValue | null, justification: string): string {
  const text = `${ratingToText(rating) ?? ""}\u0000${normaliseJustification(justification)}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

// ─── Reading a filled-in template ──────────────────────────────────────────────────────────────────────────

/** Excel's last row: a row numbered past it (or not a whole number from 1) comes from no real workbook. */
export const SHEET_ROWS_MAX = 1_048_576;

/** A workbook as plain values: sheet name → rows (1-based row numbers) of cell values (column A first). */
export interface RawWorkbook {
  sheets: { name: string; rows: { line: number; cells: unknown[] }[] }[];
}

export interface WorkbookContext {
  processId: string;
  referentialCode: string;
  referentialVersion: string;
  /** Every criterion of the version: N/A allowed or not, and the service it depends on. */
  criteria: ReadonlyMap<string, { naAllowed: boolean; service?: Service | null }>;
  scaleValues: number[];
}

/** Problems with the whole file, or with a row whatever the template. */
export type FileProblem =
  | "not_template"
  | "template_too_new"
  | "wrong_process"
  | "wrong_version"
  | "missing_columns"
  | "no_rows"
  | "too_many_rows"
  | "code_missing"
  | "unknown_criterion"
  | "duplicate_criterion"
  | "version_invalid";

export type WorkbookProblem = FileProblem | RatingProblem;

export interface WorkbookError<P extends string = WorkbookProblem> {
  /** The row number in the Ratings sheet; null for a problem with the whole file. */
  line: number | null;
  code: string | null;
  problem: FileProblem | P;
  /** What the cell said, for the message (e.g. the rating off the scale). */
  value?: string;
}

/** Where a row of the file stands: its line, its criterion, the version it was exported at, whether it was edited. */
export interface RowKey {
  line: number;
  code: string;
  /** The rating's version when the file was exported (0: not rated then). */
  baseVersion: number;
  /** The row still holds what was exported (its fingerprint matches): it was not edited in the file. */
  untouched: boolean;
}

/** What a rater's row says (the self-assessment's: a rating and its justification). */
export interface SelfFields {
  rating: RatingValue | null;
  justification: string;
}

/** One checked row of the file. */
export type ImportRow<F = SelfFields> = RowKey & F;

export type WorkbookReading<F = SelfFields, P extends string = WorkbookProblem> =
  | { ok: false; errors: WorkbookError<P>[] }
  | { ok: true; rows: ImportRow<F>[]; errors: WorkbookError<P>[] };

/**
 * What makes a workbook a given rater's import template: its About marker, its ratings sheet and columns, and the
 * reading of one row's own cells against its criterion (C: what the rules need to know of it).
 */
export interface WorkbookTemplate<F, C, P extends string> {
  marker: string;
  version: number;
  sheet: { fr: string; en: string };
  columns: readonly { key: string; fr: string; en: string }[];
  /** Columns the import cannot do without (code, version and fingerprint are always required). */
  required: readonly string[];
  /** The row's fields and their fingerprint, or what is wrong with them (`value`: what the cell said). */
  readRow(at: (key: string) => string, criterion: C): { fields: F; fingerprint: string } | { problems: { problem: P; value?: string }[] };
}

export interface TemplateContext<C> {
  processId: string;
  referentialCode: string;
  referentialVersion: string;
  criteria: ReadonlyMap<string, C>;
}

const fold = (text: string) => text.normalize("NFC").trim().toLowerCase();

function findSheet(workbook: RawWorkbook, names: { fr: string; en: string }) {
  const wanted = new Set([fold(names.fr), fold(names.en)]);
  return workbook.sheets.find((s) => wanted.has(fold(s.name)));
}

function readAbout(workbook: RawWorkbook, marker: string): Partial<Record<AboutKey, string>> | null {
  const sheet = findSheet(workbook, SHEETS.about);
  if (!sheet) return null;
  const about: Partial<Record<AboutKey, string>> = {};
  for (const row of sheet.rows) {
    const key = cellText(row.cells[0]).trim();
    if ((ABOUT_KEYS as readonly string[]).includes(key)) about[key as AboutKey] = cellText(row.cells[1]).trim();
  }
  return about.template === marker ? about : null;
}

/** A filled-in template's rows, checked against the version and the process; every problem is reported, row by row. */
export function readTemplateWorkbook<F, C, P extends string>(workbook: RawWorkbook, context: TemplateContext<C>, template: WorkbookTemplate<F, C, P>): WorkbookReading<F, P> {
  const about = readAbout(workbook, template.marker);
  const sheet = findSheet(workbook, template.sheet);
  const realLine = (line: number) => Number.isInteger(line) && line >= 1 && line <= SHEET_ROWS_MAX;
  if (!about || !sheet || !sheet.rows.every((row) => realLine(row.line))) return { ok: false, errors: [{ line: null, code: null, problem: "not_template" }] };
  if (Number(about.templateVersion) > template.version) return { ok: false, errors: [{ line: null, code: null, problem: "template_too_new" }] };
  if (about.processId !== context.processId) return { ok: false, errors: [{ line: null, code: null, problem: "wrong_process" }] };
  if (about.referential !== context.referentialCode || about.referentialVersion !== context.referentialVersion) {
    return { ok: false, errors: [{ line: null, code: null, problem: "wrong_version", value: `${about.referential ?? ""} ${about.referentialVersion ?? ""}`.trim() }] };
  }

  // The header row: the first row naming the code column, in either language.
  const labels = new Map<string, string>();
  for (const c of template.columns) {
    labels.set(fold(c.fr), c.key);
    labels.set(fold(c.en), c.key);
  }
  const headerAt = sheet.rows.findIndex((r) => r.cells.some((cell) => labels.get(fold(cellText(cell))) === "code"));
  const header = sheet.rows[headerAt];
  const index = new Map<string, number>();
  header?.cells.forEach((cell, i) => {
    const key = labels.get(fold(cellText(cell)));
    if (key && !index.has(key)) index.set(key, i);
  });
  const missing = ["code", ...template.required, "version", "fingerprint"].filter((k) => !index.has(k));
  if (!header || missing.length) return { ok: false, errors: [{ line: header?.line ?? null, code: null, problem: "missing_columns", value: missing.join(", ") }] };

  const body = sheet.rows.slice(headerAt + 1).filter((r) => r.cells.some((c) => cellText(c).trim() !== ""));
  if (body.length === 0) return { ok: false, errors: [{ line: null, code: null, problem: "no_rows" }] };
  if (body.length > IMPORT_ROWS_MAX) return { ok: false, errors: [{ line: null, code: null, problem: "too_many_rows" }] };

  const rows: ImportRow<F>[] = [];
  const errors: WorkbookError<P>[] = [];
  const seen = new Set<string>();
  for (const row of body) {
    const at = (key: string) => (index.has(key) ? cellText(row.cells[index.get(key)!]) : "");
    const code = at("code").trim();
    const fail = (problem: FileProblem | P, value?: string) => errors.push({ line: row.line, code: code || null, problem, ...(value === undefined ? {} : { value }) });
    if (!code) {
      fail("code_missing");
      continue;
    }
    const criterion = context.criteria.get(code);
    if (!criterion) {
      fail("unknown_criterion", code);
      continue;
    }
    if (seen.has(code)) {
      fail("duplicate_criterion", code);
      continue;
    }
    seen.add(code);
    const versionText = at("version").trim();
    const baseVersion = versionText === "" ? 0 : Number(versionText);
    if (!Number.isSafeInteger(baseVersion) || baseVersion < 0) {
      fail("version_invalid", versionText);
      continue;
    }
    const read = template.readRow(at, criterion);
    if ("problems" in read) {
      for (const p of read.problems) fail(p.problem, p.value);
      continue;
    }
    rows.push({ line: row.line, code, baseVersion, untouched: read.fingerprint === at("fingerprint").trim(), ...read.fields });
  }
  return { ok: true, rows, errors };
}

/** The self-assessment's template: a rating and its justification, checked like a save in the app. */
function selfTemplate(scaleValues: number[]): WorkbookTemplate<SelfFields, { naAllowed: boolean; service?: Service | null }, RatingProblem> {
  return {
    marker: TEMPLATE_MARKER,
    version: TEMPLATE_VERSION,
    sheet: SHEETS.ratings,
    columns: RATING_COLUMNS,
    required: REQUIRED_COLUMNS,
    readRow(at, criterion) {
      const ratingText = at("rating");
      const rating = readRatingCell(ratingText);
      const justification = normaliseJustification(at("justification"));
      const problems = checkRating(rating, justification, { scaleValues, naAllowed: criterion.naAllowed, service: criterion.service });
      const found: { problem: RatingProblem; value?: string }[] = [];
      if (problems.rating) found.push({ problem: problems.rating, value: ratingText.trim() });
      if (problems.justification) found.push({ problem: problems.justification });
      if (found.length || rating === undefined) return { problems: found };
      return { fields: { rating, justification }, fingerprint: ratingFingerprint(rating, justification) };
    },
  };
}

/** The self-assessment file's rows, checked against the version and the process. */
export function readRatingWorkbook(workbook: RawWorkbook, context: WorkbookContext): WorkbookReading {
  return readTemplateWorkbook(workbook, context, selfTemplate(context.scaleValues));
}

// ─── The plan of an import ─────────────────────────────────────────────────────────────────────────────────

/** A rating as the app holds it now: the rater's fields, their version, who saved them last and when. */
export type CurrentRating<F = SelfFields> = F & {
  version: number;
  updatedByName: string | null;
  updatedAt: Date | string | null;
};

export interface RatingChange<F = SelfFields> {
  line: number;
  code: string;
  before: CurrentRating<F>;
  after: F;
  baseVersion: number;
}

export interface RatingConflict<F = SelfFields> {
  line: number;
  code: string;
  /** What the app holds now (changed since the export). */
  current: CurrentRating<F>;
  /** What the file says. */
  mine: F;
  fileVersion: number;
}

export interface ImportPlan<F = SelfFields> {
  changes: RatingChange<F>[];
  /** Rows that change nothing: same as the app, or not edited in the file. */
  unchanged: number;
  conflicts: RatingConflict<F>[];
}

const SELF_EMPTY: SelfFields = { rating: null, justification: "" };

/**
 * What importing the rows would do to the current ratings (criterion code → rating). `empty` is the rater's fields
 * before a first save; its keys are the fields compared.
 */
export function planRatingImport<F extends object = SelfFields>(rows: readonly ImportRow<F>[], current: ReadonlyMap<string, CurrentRating<F>>, empty: F = SELF_EMPTY as F): ImportPlan<F> {
  const names = Object.keys(empty) as (keyof F)[];
  const pick = (from: F): F => Object.fromEntries(names.map((n) => [n, from[n]])) as F;
  const notRated = { ...empty, version: 0, updatedByName: null, updatedAt: null } as CurrentRating<F>;
  const plan: ImportPlan<F> = { changes: [], unchanged: 0, conflicts: [] };
  for (const row of rows) {
    const now = current.get(row.code) ?? notRated;
    const same = names.every((n) => JSON.stringify(now[n]) === JSON.stringify(row[n]));
    if (same || row.untouched) {
      plan.unchanged++;
      continue;
    }
    const mine = pick(row);
    if (now.version !== row.baseVersion) plan.conflicts.push({ line: row.line, code: row.code, current: now, mine, fileVersion: row.baseVersion });
    else plan.changes.push({ line: row.line, code: row.code, before: now, after: mine, baseVersion: row.baseVersion });
  }
  return plan;
}

/**
 * What the user confirmed, in a few characters: the rows that would change and the versions they start from.
 * At confirmation the plan is computed again; a different digest means something changed meanwhile.
 */
export function planDigest(plan: ImportPlan<unknown>): string {
  return ratingFingerprint(null, plan.changes.map((c) => `${c.code}@${c.baseVersion}`).join("|") + "#" + plan.conflicts.map((c) => `${c.code}@${c.current.version}`).join("|"));
}
