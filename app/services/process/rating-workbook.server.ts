// The self-assessment workbook (exceljs): the export (Ratings sheet — also the import template —, Action plan,
// hidden and protected About sheet) and the import of ratings prepared offline: read the uploaded file, check it
// (app/domain/process/rating-workbook.ts), stage the checked rows (table rating_imports, for this process and
// this user) until the user confirms, then apply them in one transaction with the same versioned write as a
// save in the app (writeVersionedRating).
//
// Confirmation is all or nothing: if the plan computed at confirmation differs from the one the user saw, or a
// row turns out to conflict while writing, nothing is written and the user gets the new preview.
import { randomBytes } from "node:crypto";
import type ExcelJS from "exceljs";
import { packageOnFirstUse } from "#app/services/platform/package-on-first-use.server.ts";
import type { TFunction } from "i18next";
import { and, eq, gt, isNull, lt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/client.ts";
import { ratingImports } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { ratingToText } from "#app/domain/process/rating-input.ts";
import { escapeFormula } from "#app/domain/registry/csv.ts";
import {
  ABOUT_KEYS,
  planDigest,
  planRatingImport,
  RATING_COLUMNS,
  ratingFingerprint,
  readRatingWorkbook,
  SHEETS,
  TEMPLATE_MARKER,
  TEMPLATE_VERSION,
  type AboutKey,
  type CurrentRating,
  type ImportPlan,
  type ImportRow,
  type RatingChange,
  type RawWorkbook,
  type SelfFields,
  type WorkbookError,
  type WorkbookProblem,
  type WorkbookReading,
} from "#app/domain/process/rating-workbook.ts";
import type { Language } from "#app/domain/language.ts";
import { discardStoredUpload, type StoredUpload } from "./evidence.server.ts";
import { readWhole, type EvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";
import { getFrozenVersion, type FrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { loadRatings, requireEditable, SELF_ASSESSMENT } from "./self-assessment.server.ts";
import { ProcessError } from "./process-error.ts";
import { writeVersionedRating } from "./versioned-rating.server.ts";
import type { ProcessSummary } from "./lifecycle.server.ts";
import { unpackZip, zipArchive } from "#app/services/platform/zip.server.ts";
import type { ReportChapter, ReportCriterion, SelfAssessmentReport } from "./self-assessment-report.server.ts";

export const exceljs = packageOnFirstUse<typeof ExcelJS>("exceljs");

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** The template of a 2024 self-assessment weighs about 30 kB: 5 MB leaves room and bounds the work. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
/** A staged import is offered for confirmation this long. */
const STAGED_FOR_MS = 24 * 60 * 60 * 1000;

// ─── Export ───────────────────────────────────────────────────────────────────────────────────────────────

/** A column of a ratings sheet: its key, its header in both languages, its width; hidden ones carry what an import needs. */
export interface SheetColumn {
  key: string;
  fr: string;
  en: string;
  width: number;
  hidden?: boolean;
}

/**
 * Every text cell escaped like the registry's CSV: text starting as a formula would (= + - @, tab, CR) gets an
 * apostrophe in front, so a spreadsheet shows it and never runs it; the import removes it again (cellText).
 */
function textCells<T extends Record<string, unknown> | unknown[]>(values: T): T {
  const escape = (v: unknown) => (typeof v === "string" ? escapeFormula(v) : v);
  return (Array.isArray(values) ? values.map(escape) : Object.fromEntries(Object.entries(values).map(([k, v]) => [k, escape(v)]))) as T;
}

export function newWorkbook(createdAt: Date): ExcelJS.Workbook {
  const workbook = new (exceljs().Workbook)();
  workbook.creator = "Label AP-HP";
  workbook.created = createdAt;
  return workbook;
}

export function workbookDateTime(lang: Language): (value: Date) => string {
  const locale = lang === "en" ? "en-GB" : "fr-FR";
  return (value) => new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: "UTC" }).format(value);
}

/** The hospital's side of a criterion's row, as every ratings sheet starts. */
function selfCells(chapter: ReportChapter, k: ReportCriterion, lang: Language, t: TFunction) {
  return {
    chapter: `${chapter.code}. ${chapter.title[lang]}`,
    code: k.code,
    tier: t(`process:tiers.${k.tier}`),
    criterion: k.text[lang],
    rating: k.rating ?? "",
    justification: k.justification,
  };
}

/**
 * A ratings sheet: one row per criterion, in referential order, starting with the hospital's side (chapter, code,
 * tier, criterion, rating, justification) and then the sheet's own cells; every rating column of `ratingColumns`
 * offers the scale as a list (N/A only where the criterion allows it). Header frozen and filtered; every text cell
 * escaped.
 */
export function addRatingsSheet(
  workbook: ExcelJS.Workbook,
  report: Pick<SelfAssessmentReport, "chapters" | "scale">,
  lang: Language,
  t: TFunction,
  sheet: {
    name: string;
    columns: readonly SheetColumn[];
    ratingColumns: readonly string[];
    cells: (k: ReportCriterion) => Record<string, ExcelJS.CellValue>;
    decorate?: (row: ExcelJS.Row, k: ReportCriterion) => void;
  },
): ExcelJS.Worksheet {
  const ratings = workbook.addWorksheet(sheet.name, { views: [{ state: "frozen", ySplit: 1, xSplit: 2 }] });
  ratings.columns = sheet.columns.map((c) => ({ header: c[lang], key: c.key, width: c.width, hidden: c.hidden ?? false }));
  ratings.getRow(1).font = { bold: true };
  const scaleList = report.scale.values.map((v) => `${v.value} = ${v.label[lang]}`).join(", ");
  for (const chapter of report.chapters) {
    for (const standard of chapter.standards) {
      for (const k of standard.criteria) {
        const row = ratings.addRow(textCells({ ...selfCells(chapter, k, lang, t), ...sheet.cells(k) }));
        row.alignment = { vertical: "top", wrapText: true };
        // The list offers the scale, and N/A only where the criterion allows it.
        const values = [...report.scale.values.map((v) => String(v.value)), ...(k.naAllowed ? ["NA"] : [])];
        for (const key of sheet.ratingColumns) {
          row.getCell(key).dataValidation = {
            type: "list",
            allowBlank: true,
            formulae: [`"${values.join(",")}"`],
            showInputMessage: true,
            promptTitle: t("reports:xlsx.ratingPromptTitle"),
            prompt: `${scaleList}${k.naAllowed ? `, NA = ${report.scale.not_applicable.label[lang]}` : ""}`.slice(0, 255),
            showErrorMessage: true,
            errorTitle: t("reports:xlsx.ratingErrorTitle"),
            error: t(k.naAllowed ? "reports:xlsx.ratingError" : "reports:xlsx.ratingErrorNoNa"),
          };
        }
        sheet.decorate?.(row, k);
      }
    }
  }
  ratings.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.filter((c) => !c.hidden).length } };
  return ratings;
}

/**
 * The About sheet: what the file is (template and its version, process, version of the referential, export date,
 * language), for an import. Hidden and protected against accidental edits (not a secret).
 */
export async function addAboutSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  template: { marker: string; version: number },
  report: Pick<SelfAssessmentReport, "process" | "generatedAt">,
  lang: Language,
): Promise<void> {
  const values: Record<AboutKey, string> = {
    template: template.marker,
    templateVersion: String(template.version),
    processId: report.process.id,
    establishment: report.process.establishmentName,
    referential: report.process.referentialCode,
    referentialVersion: report.process.referentialVersion,
    exportedAt: report.generatedAt.toISOString(),
    language: lang,
  };
  const about = workbook.addWorksheet(name, { state: "hidden" });
  about.columns = [{ width: 22 }, { width: 50 }];
  for (const key of ABOUT_KEYS) about.addRow(textCells([key, values[key]]));
  await about.protect(randomBytes(12).toString("hex"), { selectLockedCells: true });
}

export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function selfAssessmentWorkbook(report: SelfAssessmentReport, lang: Language, t: TFunction): Promise<Buffer> {
  const workbook = newWorkbook(report.generatedAt);
  const dateTime = workbookDateTime(lang);

  addRatingsSheet(workbook, report, lang, t, {
    name: SHEETS.ratings[lang],
    columns: RATING_COLUMNS,
    ratingColumns: ["rating"],
    cells: (k) => ({
      changedAt: k.updatedAt ? dateTime(k.updatedAt) : "",
      changedBy: k.updatedByName ?? "",
      version: k.version,
      fingerprint: ratingFingerprint(k.rating, k.justification),
    }),
  });

  // Action plan.
  const actions = workbook.addWorksheet(SHEETS.actions[lang], { views: [{ state: "frozen", ySplit: 1 }] });
  actions.columns = [
    { header: t("workspace:actions.criterion"), key: "criterion", width: 10 },
    { header: t("workspace:actions.what"), key: "what", width: 60 },
    { header: t("workspace:actions.who"), key: "who", width: 30 },
    { header: t("workspace:actions.due"), key: "due", width: 12 },
    { header: t("workspace:actions.status"), key: "status", width: 16 },
    { header: t("workspace:actions.overdue"), key: "overdue", width: 12 },
  ];
  actions.getRow(1).font = { bold: true };
  for (const a of report.actions) {
    const row = actions.addRow(
      textCells({
        criterion: a.criterionCode,
        what: a.title,
        who: a.owner,
        due: a.dueDate ? new Date(`${a.dueDate}T00:00:00Z`) : "",
        status: t(`workspace:actions.statuses.${a.status}`),
        overdue: a.overdue ? t("reports:xlsx.yes") : "",
      }),
    );
    row.alignment = { vertical: "top", wrapText: true };
  }
  actions.getColumn("due").numFmt = "dd/mm/yyyy"; // both languages write dates as 22/11/2026 (UX.md)

  await addAboutSheet(workbook, SHEETS.about[lang], { marker: TEMPLATE_MARKER, version: TEMPLATE_VERSION }, report, lang);
  return workbookBytes(workbook);
}

// ─── Import ───────────────────────────────────────────────────────────────────────────────────────────────

/** Plain cell values of every sheet (exceljs stays in this module). Throws when the file is not a readable workbook. */
export async function readWorkbook(bytes: Uint8Array): Promise<RawWorkbook> {
  const workbook = new (exceljs().Workbook)();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return {
    sheets: workbook.worksheets.map((sheet) => {
      const rows: RawWorkbook["sheets"][number]["rows"] = [];
      sheet.eachRow({ includeEmpty: false }, (row, line) => {
        // row.values is 1-based (index 0 empty).
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        rows.push({ line, cells: values });
      });
      return { name: sheet.name, rows };
    }),
  };
}

/**
 * An .xlsx is a ZIP archive: at most this much unpacked in all (a filled-in 2024 template is well under 1 MB), judged
 * on what the archive declares and then on what inflating it really produces, so a small crafted file cannot fill
 * the memory.
 */
export const WORKBOOK_MAX_UNPACKED_BYTES = 40 * 1024 * 1024;

/**
 * The bytes of an uploaded workbook, read then deleted at once (only its checked rows are kept): every entry inflated
 * here with a cap (app/services/platform/zip.server.ts), and exceljs given the archive rebuilt from those bytes.
 */
export async function takeUploadedWorkbook(storage: EvidenceStorage, file: StoredUpload): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; code: "file_type_refused" | "file_unpacks_too_large" }> {
  try {
    if (file.mimeType !== XLSX_TYPE) return { ok: false, code: "file_type_refused" };
    const bytes = await readWhole(storage, file.storedName);
    if (!bytes) return { ok: false, code: "file_type_refused" };
    const unpacked = await unpackZip(bytes, WORKBOOK_MAX_UNPACKED_BYTES);
    if (!unpacked.ok) return { ok: false, code: unpacked.problem === "too_large" ? "file_unpacks_too_large" : "file_type_refused" };
    return { ok: true, bytes: zipArchive(unpacked.entries) };
  } finally {
    await discardStoredUpload(storage, file);
  }
}

/**
 * What a kind of rater provides to share the import (preview, staging, all-or-nothing confirmation): the self-
 * assessment below, the audit's in app/services/audit/audit-workbook.server.ts.
 */
export interface WorkbookImporter<F extends object, P extends string> {
  /** The rater's fields before a first save: their keys are the fields an import compares and writes. */
  empty: F;
  /** A staged row as it comes back from the jsonb column (strict: another rater's rows never parse). */
  rowSchema: z.ZodType<ImportRow<F>>;
  /** Throws the rater's refusal when this actor may not import into this process now. */
  requireEditable(db: Db, actor: Actor, process: ProcessSummary): Promise<void>;
  /** The file's rows checked against the version (and what else the rater's rules need). */
  read(db: Db, raw: RawWorkbook, process: ProcessSummary, frozen: FrozenVersion): Promise<WorkbookReading<F, P>>;
  /** The ratings as they are now, by criterion code. */
  loadCurrent(db: Db, process: ProcessSummary): Promise<ReadonlyMap<string, CurrentRating<F>>>;
  /** Changes of the plan this actor may not make (a colleague's audit rating), as row errors. */
  refuse?(db: Db, actor: Actor, process: ProcessSummary, plan: ImportPlan<F>): Promise<WorkbookError<P>[]>;
  /** One change, in the caller's transaction, through the rater's versioned write; "conflict" rolls everything back. */
  write(tx: Db, actor: Actor, process: ProcessSummary, frozen: FrozenVersion, change: RatingChange<F>): Promise<"written" | "conflict">;
}

/** The self-assessment's import: the hospital's team, while the self-assessment is editable. */
export const SELF_ASSESSMENT_IMPORT: WorkbookImporter<SelfFields, WorkbookProblem> = {
  empty: { rating: null, justification: "" },
  rowSchema: z.strictObject({
    line: z.number().int().positive(),
    code: z.string().min(1).max(40),
    rating: z.union([z.number().int().nonnegative(), z.literal("NA"), z.null()]),
    justification: z.string().max(20_000),
    baseVersion: z.number().int().nonnegative(),
    untouched: z.boolean(),
  }),
  requireEditable: async (_db, actor, process) => requireEditable(actor, process),
  read: async (_db, raw, process, frozen) =>
    readRatingWorkbook(raw, {
      processId: process.id,
      referentialCode: process.referentialCode,
      referentialVersion: process.referentialVersion,
      criteria: new Map(frozen.prepared.criteria.map((c) => [c.code, { naAllowed: c.naAllowed, service: c.service }])),
      scaleValues: frozen.version.scale.values.map((v) => v.value),
    }),
  loadCurrent: (db, process) => loadRatings(db, process),
  async write(tx, actor, process, frozen, change) {
    const written = await writeVersionedRating(
      tx,
      SELF_ASSESSMENT,
      actor,
      { processId: process.id, criterionId: frozen.criterionIds.get(change.code)!, criterionCode: change.code },
      { fields: { rating: ratingToText(change.after.rating), justification: change.after.justification }, baseVersion: change.baseVersion },
      "rating.import",
    );
    return written.status === "conflict" ? "conflict" : "written";
  },
};

export type ImportPreview<F = SelfFields, P extends string = WorkbookProblem> =
  | { ok: false; errors: WorkbookError<P>[] }
  | { ok: true; plan: ImportPlan<F>; errors: WorkbookError<P>[]; rows: ImportRow<F>[] };

/** Reads and checks a file against the process; says row by row what importing it would do. */
export async function previewImport<F extends object, P extends string>(
  db: Db,
  importer: WorkbookImporter<F, P>,
  actor: Actor,
  process: ProcessSummary,
  bytes: Uint8Array,
): Promise<ImportPreview<F, P>> {
  let raw: RawWorkbook;
  try {
    raw = await readWorkbook(bytes);
  } catch {
    return { ok: false, errors: [{ line: null, code: null, problem: "not_template" }] };
  }
  const reading = await importer.read(db, raw, process, await getFrozenVersion(db, process.referentialVersionId));
  if (!reading.ok) return reading;
  const plan = planRatingImport(reading.rows, await importer.loadCurrent(db, process), importer.empty);
  const refused = (await importer.refuse?.(db, actor, process, plan)) ?? [];
  return { ok: true, plan, errors: [...reading.errors, ...refused].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)), rows: reading.rows };
}

/** Keeps checked rows until the user confirms (only a file without any error is staged). */
export async function stageImport<F extends object>(db: Db, importer: WorkbookImporter<F, string>, actor: Actor, process: ProcessSummary, fileName: string, rows: ImportRow<F>[]): Promise<string> {
  await importer.requireEditable(db, actor, process);
  const [staged] = await db.insert(ratingImports).values({ processId: process.id, userId: actor.id, fileName, rows }).returning({ id: ratingImports.id });
  return staged!.id;
}

export interface StagedImport<F = SelfFields> {
  id: string;
  fileName: string;
  createdAt: Date;
  appliedAt: Date | null;
  rows: ImportRow<F>[];
}

/**
 * Forgets the uploads that were previewed but never confirmed and have expired (applied ones stay: they say which
 * file brought which changes). Idempotent, so every instance may run it. Returns how many were removed.
 */
export async function discardExpiredImports(db: Db, now = new Date()): Promise<number> {
  const removed = await db
    .delete(ratingImports)
    .where(and(isNull(ratingImports.appliedAt), lt(ratingImports.createdAt, new Date(now.getTime() - STAGED_FOR_MS))))
    .returning({ id: ratingImports.id });
  return removed.length;
}

/** A staged import of this process by this user, of this rater's rows (others' and expired ones do not exist). */
export async function getStagedImport<F extends object>(db: Db, importer: WorkbookImporter<F, string>, actor: Actor, process: ProcessSummary, importId: string): Promise<StagedImport<F>> {
  if (!z.uuid().safeParse(importId).success) throw new ProcessError("not_found");
  const [row] = await db
    .select()
    .from(ratingImports)
    .where(
      and(
        eq(ratingImports.id, importId),
        eq(ratingImports.processId, process.id),
        eq(ratingImports.userId, actor.id),
        gt(ratingImports.createdAt, new Date(Date.now() - STAGED_FOR_MS)),
      ),
    );
  const rows = row ? z.array(importer.rowSchema).safeParse(row.rows) : null;
  if (!row || !rows?.success) throw new ProcessError("not_found");
  return { id: row.id, fileName: row.fileName, createdAt: row.createdAt, appliedAt: row.appliedAt, rows: rows.data };
}

/** The plan of a staged import against the ratings as they are now. */
export async function planStagedImport<F extends object>(db: Db, importer: WorkbookImporter<F, string>, process: ProcessSummary, staged: StagedImport<F>): Promise<ImportPlan<F>> {
  return planRatingImport(staged.rows, await importer.loadCurrent(db, process), importer.empty);
}

export type ApplyResult = { status: "applied"; changed: number; conflicts: number } | { status: "changed_meanwhile" } | { status: "already_applied" };

class ChangedMeanwhile extends Error {}

/**
 * Applies a staged import the user confirmed after seeing the plan with `digest`. One transaction: the staged
 * import is marked applied (at most once) and every change is written with the version it started from.
 */
export async function applyStagedImport<F extends object>(
  db: Db,
  importer: WorkbookImporter<F, string>,
  actor: Actor,
  process: ProcessSummary,
  staged: StagedImport<F>,
  digest: string,
): Promise<ApplyResult> {
  await importer.requireEditable(db, actor, process);
  if (staged.appliedAt) return { status: "already_applied" };
  const plan = await planStagedImport(db, importer, process, staged);
  if (planDigest(plan) !== digest) return { status: "changed_meanwhile" };
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  try {
    return await db.transaction(async (tx) => {
      const claimed = await tx
        .update(ratingImports)
        .set({ appliedAt: new Date() })
        .where(and(eq(ratingImports.id, staged.id), eq(ratingImports.processId, process.id), eq(ratingImports.userId, actor.id), isNull(ratingImports.appliedAt)))
        .returning({ id: ratingImports.id });
      if (claimed.length === 0) return { status: "already_applied" as const };
      for (const change of plan.changes) {
        // A colleague saved this criterion after the plan was computed: roll everything back.
        if ((await importer.write(tx, actor, process, frozen, change)) === "conflict") throw new ChangedMeanwhile();
      }
      return { status: "applied" as const, changed: plan.changes.length, conflicts: plan.conflicts.length };
    });
  } catch (error) {
    if (error instanceof ChangedMeanwhile) return { status: "changed_meanwhile" };
    throw error;
  }
}

// ─── What the import page shows ───────────────────────────────────────────────────────────────────────────

export interface ImportView<F = SelfFields, P extends string = WorkbookProblem> {
  errors: WorkbookError<P>[];
  changes: ImportPlan<F>["changes"];
  conflicts: ImportPlan<F>["conflicts"];
  unchanged: number;
  /** Criterion code → text in the reader's language, for the rows shown. */
  texts: Record<string, string>;
  scale: Awaited<ReturnType<typeof getFrozenVersion>>["version"]["scale"];
  digest: string;
}

/** The preview of a plan (and of the file's errors) as the import page renders it. */
export async function importView<F, P extends string>(db: Db, process: ProcessSummary, plan: ImportPlan<F> | null, errors: WorkbookError<P>[], lang: Language): Promise<ImportView<F, P>> {
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const shown = new Set([...(plan?.changes ?? []), ...(plan?.conflicts ?? [])].map((r) => r.code));
  const texts: Record<string, string> = {};
  for (const chapter of frozen.version.chapters) {
    for (const standard of chapter.standards) for (const c of standard.criteria) if (shown.has(c.code)) texts[c.code] = c.text[lang];
  }
  return {
    errors,
    changes: plan?.changes ?? [],
    conflicts: plan?.conflicts ?? [],
    unchanged: plan?.unchanged ?? 0,
    texts,
    scale: frozen.version.scale,
    digest: plan ? planDigest(plan) : "",
  };
}
