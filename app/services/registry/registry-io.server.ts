// CSV / XLSX export of the (filtered) project list, and CSV import of projects with a preview.
// Import is all or nothing: one invalid row and nothing is written. Exporting then importing changes nothing
// (rows are matched by id and compared with what is stored; identical rows are left alone).
import { isNull } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { apHpSites, countries, establishments } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { exceljs } from "#app/services/process/rating-workbook.server.ts";
import { normalizeForSearch } from "#app/domain/referential/search.ts";
import type { Region } from "#app/domain/registry/codes.ts";
import { CsvSyntaxError, decodeCsv, decodeUtf8, encodeCsv, escapeFormula } from "#app/domain/registry/csv.ts";
import type { ProjectRecord } from "#app/domain/registry/model.ts";
import { canEditRegistry } from "#app/domain/registry/permissions.ts";
import { checkHeader, parseProjectRows, PROJECT_COLUMNS, projectToRow, type ImportRowError } from "#app/domain/registry/project-csv.ts";
import { applyProjectUpdate, comparableInput, insertProject, loadProjects, projectInputOf, RegistryError } from "./registry.server.ts";

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export function projectsToCsv(projects: ProjectRecord[], regionOf: (iso: string) => Region | undefined): string {
  return encodeCsv([[...PROJECT_COLUMNS], ...projects.map((p) => projectToRow(p, regionOf))]);
}

export async function projectsToXlsx(projects: ProjectRecord[], regionOf: (iso: string) => Region | undefined, sheetName: string): Promise<Buffer> {
  const workbook = new (exceljs().Workbook)();
  workbook.creator = "Label AP-HP";
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = PROJECT_COLUMNS.map((c) => ({ header: c, key: c, width: c.startsWith("title") || c === "summary" || c === "establishments" ? 40 : 16 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  for (const p of projects) {
    // Text cells stay text (a spreadsheet never evaluates them); numbers are numbers.
    sheet.addRow(
      projectToRow(p, regionOf).map((cell, i) => {
        const column = PROJECT_COLUMNS[i]!;
        if (/year|amount/.test(column) && /^\d+$/.test(cell)) return Number(cell);
        return escapeFormula(cell);
      }),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export type ImportOutcome =
  | { ok: false; error: "too_large" | "encoding" | "empty" | "syntax"; line?: number }
  | { ok: false; error: "columns"; missing: string[]; unknown: string[] }
  | {
      ok: true;
      rows: { line: number; action: "create" | "update" | "unchanged"; id: string | null; titleFr: string; changed: string[] }[];
      errors: ImportRowError[];
    };

async function importContext(db: Db) {
  const [ests, sites, countryRows, projects] = await Promise.all([
    db.select({ id: establishments.id }).from(establishments).where(isNull(establishments.mergedIntoId)),
    db.select({ id: apHpSites.id, name: apHpSites.name, shortName: apHpSites.shortName }).from(apHpSites),
    db.select({ iso: countries.iso }).from(countries),
    loadProjects(db, null),
  ]);
  const siteIdByName = new Map<string, string>();
  for (const s of sites) {
    siteIdByName.set(normalizeForSearch(s.shortName), s.id);
    siteIdByName.set(normalizeForSearch(s.name), s.id);
  }
  return {
    establishmentIds: new Set(ests.map((e) => e.id)),
    siteIdByName,
    projectIds: new Set(projects.map((p) => p.id)),
    countryCodes: new Set(countryRows.map((c) => c.iso)),
    normalise: normalizeForSearch,
    projects: new Map(projects.map((p) => [p.id, p])),
  };
}

/** Reads and checks a CSV file of projects; says, row by row, what importing it would do and what is wrong. */
export async function analyseImport(db: Db, bytes: Uint8Array) {
  if (bytes.byteLength > IMPORT_MAX_BYTES) return { outcome: { ok: false, error: "too_large" } as ImportOutcome, plan: [] };
  const text = decodeUtf8(bytes);
  if (text === null) return { outcome: { ok: false, error: "encoding" } as ImportOutcome, plan: [] };
  let table;
  try {
    table = decodeCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { outcome: { ok: false, error: "syntax", line: error.line } as ImportOutcome, plan: [] };
    throw error;
  }
  const [header, ...rows] = table;
  if (!header) return { outcome: { ok: false, error: "empty" } as ImportOutcome, plan: [] };
  const check = checkHeader(header.cells);
  if (!check.ok) return { outcome: { ok: false, error: "columns", missing: check.missing, unknown: check.unknown } as ImportOutcome, plan: [] };
  if (rows.length === 0) return { outcome: { ok: false, error: "empty" } as ImportOutcome, plan: [] };
  const ctx = await importContext(db);
  const { parsed, errors } = parseProjectRows(rows, check.index, ctx);
  const plan = parsed.map((row) => {
    const before = row.id ? ctx.projects.get(row.id)! : null;
    if (!before) return { ...row, action: "create" as const, changed: [] as string[], before: null };
    const a = comparableInput(projectInputOf(before));
    const b = comparableInput(row.input);
    const changed = Object.keys(a).filter((k) => JSON.stringify(a[k as keyof typeof a]) !== JSON.stringify(b[k as keyof typeof b]));
    return { ...row, action: changed.length ? ("update" as const) : ("unchanged" as const), changed, before };
  });
  const outcome: ImportOutcome = {
    ok: true,
    rows: plan.map((p) => ({ line: p.line, action: p.action, id: p.id, titleFr: p.input.titleFr, changed: p.changed })),
    errors,
  };
  return { outcome, plan };
}

/** Imports the file: nothing at all when any row is invalid. Returns what was done. */
export async function applyImport(db: Db, actor: Actor, bytes: Uint8Array) {
  if (!canEditRegistry(actor)) throw new RegistryError("forbidden");
  const { outcome, plan } = await analyseImport(db, bytes);
  if (!outcome.ok || outcome.errors.length) return { outcome, created: 0, updated: 0, unchanged: 0 };
  let created = 0;
  let updated = 0;
  await db.transaction(async (tx) => {
    for (const row of plan) {
      if (row.action === "create") {
        await insertProject(tx, actor.id, row.input, { action: "project.import_create" });
        created++;
      } else if (row.action === "update" && row.before) {
        if (await applyProjectUpdate(tx, actor.id, row.before, row.input, "project.import_update")) updated++;
      }
    }
  });
  return { outcome, created, updated, unchanged: plan.length - created - updated };
}
