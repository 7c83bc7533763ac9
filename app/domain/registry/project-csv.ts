// Projects to and from CSV/XLSX rows. Columns carry codes (themes, statuses, funding sources) so a file reads the
// same in any language; informative columns (establishment names, countries, regions) are ignored on import.
import { MAX_FUNDINGS } from "./codes.ts";
import { projectCountries, projectRegions, type ProjectRecord } from "./model.ts";
import { projectSchema, type ProjectInput, type SchemaOptions } from "./schemas.ts";
import type { Region } from "./codes.ts";

const FUNDING_COLUMNS = Array.from({ length: MAX_FUNDINGS }, (_, i) => [
  `funding_${i + 1}_source`,
  `funding_${i + 1}_call`,
  `funding_${i + 1}_year`,
  `funding_${i + 1}_amount_eur`,
]).flat();

export const PROJECT_COLUMNS = [
  "id",
  "title_fr",
  "title_en",
  "theme",
  "status",
  "start_year",
  "end_year",
  "establishment_ids",
  "establishments",
  "partner_institution",
  "partner_country",
  "partner_not_named",
  "ap_hp_sites",
  "ap_hp_lead",
  "partner_contact",
  ...FUNDING_COLUMNS,
  "summary",
  "sources",
  "notes",
  "countries",
  "regions",
] as const;
/** Columns written for reading only. */
export const INFORMATIVE_COLUMNS = new Set(["establishments", "countries", "regions"]);
export const REQUIRED_COLUMNS = PROJECT_COLUMNS.filter((c) => !INFORMATIVE_COLUMNS.has(c));

const LIST_SEPARATOR = " | ";

export function projectToRow(p: ProjectRecord, regionOf: (iso: string) => Region | undefined): string[] {
  const values: Record<string, string> = {
    id: p.id,
    title_fr: p.titleFr,
    title_en: p.titleEn,
    theme: p.theme,
    status: p.status,
    start_year: p.startYear?.toString() ?? "",
    end_year: p.endYear?.toString() ?? "",
    establishment_ids: p.establishments.map((e) => e.id).join(LIST_SEPARATOR),
    establishments: p.establishments.map((e) => `${e.name} (${e.city}, ${e.countryCode})`).join(LIST_SEPARATOR),
    partner_institution: p.partnerInstitution ?? "",
    partner_country: p.partnerCountryCode ?? "",
    partner_not_named: p.partnerNotNamed ? "yes" : "no",
    ap_hp_sites: p.sites.map((s) => s.name).join(LIST_SEPARATOR),
    ap_hp_lead: p.apHpLead ?? "",
    partner_contact: p.partnerContact ?? "",
    summary: p.summary ?? "",
    sources: p.sources ?? "",
    notes: p.notes ?? "",
    countries: projectCountries(p).join(LIST_SEPARATOR),
    regions: projectRegions(p, regionOf).join(LIST_SEPARATOR),
  };
  p.fundings.slice(0, MAX_FUNDINGS).forEach((f, i) => {
    values[`funding_${i + 1}_source`] = f.source;
    values[`funding_${i + 1}_call`] = f.call ?? "";
    values[`funding_${i + 1}_year`] = f.year?.toString() ?? "";
    values[`funding_${i + 1}_amount_eur`] = f.amountEur?.toString() ?? "";
  });
  return PROJECT_COLUMNS.map((c) => values[c] ?? "");
}

export interface ImportContext extends SchemaOptions {
  establishmentIds: ReadonlySet<string>;
  /** Site names (and short names), normalised, to ids. */
  siteIdByName: ReadonlyMap<string, string>;
  projectIds: ReadonlySet<string>;
  normalise: (text: string) => string;
}

export interface ImportRowError {
  line: number;
  column: string;
  message: string;
}

export interface ParsedImportRow {
  line: number;
  id: string | null;
  input: ProjectInput;
}

export type HeaderCheck = { ok: true; index: Map<string, number> } | { ok: false; missing: string[]; unknown: string[] };

export function checkHeader(header: string[]): HeaderCheck {
  const names = header.map((h) => h.trim().toLowerCase());
  const known = new Set<string>(PROJECT_COLUMNS);
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => n !== "" && !known.has(n));
  if (missing.length || unknown.length) return { ok: false, missing, unknown };
  return { ok: true, index: new Map(names.map((n, i) => [n, i])) };
}

const splitList = (value: string) =>
  value
    .split(/\s*\|\s*/)
    .map((v) => v.trim())
    .filter(Boolean);

function toNumber(value: string): number | string | undefined {
  const v = value.trim().replace(/\s/g, "");
  if (v === "") return undefined;
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

function toBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (["yes", "oui", "true", "1", "on"].includes(v)) return true;
  if (["no", "non", "false", "0", ""].includes(v)) return false;
  return undefined;
}

const CAMEL_TO_COLUMN: Record<string, string> = {
  titleFr: "title_fr",
  titleEn: "title_en",
  startYear: "start_year",
  endYear: "end_year",
  establishmentIds: "establishment_ids",
  partnerInstitution: "partner_institution",
  partnerCountryCode: "partner_country",
  partnerNotNamed: "partner_not_named",
  siteIds: "ap_hp_sites",
  apHpLead: "ap_hp_lead",
  partnerContact: "partner_contact",
};

/** Reads and validates every data row; errors name the line and the column. */
export function parseProjectRows(rows: { line: number; cells: string[] }[], index: Map<string, number>, ctx: ImportContext) {
  const schema = projectSchema(ctx);
  const parsed: ParsedImportRow[] = [];
  const errors: ImportRowError[] = [];
  const seenIds = new Set<string>();
  for (const { line, cells } of rows) {
    const get = (column: string) => (cells[index.get(column) ?? -1] ?? "").trim();
    const rowErrors: ImportRowError[] = [];
    const id = get("id") || null;
    if (id !== null) {
      if (!ctx.projectIds.has(id)) rowErrors.push({ line, column: "id", message: "import_unknown_id" });
      else if (seenIds.has(id)) rowErrors.push({ line, column: "id", message: "import_duplicate_id" });
      seenIds.add(id);
    }
    const establishmentIds = splitList(get("establishment_ids"));
    for (const e of establishmentIds) if (!ctx.establishmentIds.has(e)) rowErrors.push({ line, column: "establishment_ids", message: "establishment_unknown" });
    const siteIds: string[] = [];
    for (const name of splitList(get("ap_hp_sites"))) {
      const siteId = ctx.siteIdByName.get(ctx.normalise(name));
      if (siteId) siteIds.push(siteId);
      else rowErrors.push({ line, column: "ap_hp_sites", message: "site_unknown" });
    }
    const partnerNotNamed = toBoolean(get("partner_not_named"));
    if (partnerNotNamed === undefined) rowErrors.push({ line, column: "partner_not_named", message: "boolean_invalid" });
    const fundings = Array.from({ length: MAX_FUNDINGS }, (_, i) => ({
      source: get(`funding_${i + 1}_source`) || undefined,
      call: get(`funding_${i + 1}_call`) || undefined,
      year: toNumber(get(`funding_${i + 1}_year`)),
      amountEur: toNumber(get(`funding_${i + 1}_amount_eur`)),
    }));
    const candidate = {
      titleFr: get("title_fr"),
      titleEn: get("title_en"),
      summary: get("summary") || undefined,
      theme: get("theme"),
      status: get("status"),
      startYear: toNumber(get("start_year")),
      endYear: toNumber(get("end_year")),
      establishmentIds,
      partnerInstitution: get("partner_institution") || undefined,
      partnerCountryCode: get("partner_country") || undefined,
      partnerNotNamed: partnerNotNamed ?? false,
      siteIds: rowErrors.some((e) => e.column === "ap_hp_sites") ? ["00000000-0000-4000-8000-000000000000"] : siteIds,
      apHpLead: get("ap_hp_lead") || undefined,
      partnerContact: get("partner_contact") || undefined,
      fundings,
      sources: get("sources") || undefined,
      notes: get("notes") || undefined,
    };
    const result = schema.safeParse(candidate);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const [first, second, third] = issue.path.map(String);
        const column =
          first === "fundings" ? `funding_${Number(second) + 1}_${third === "amountEur" ? "amount_eur" : (third ?? "source")}` : (CAMEL_TO_COLUMN[first ?? ""] ?? first ?? "");
        rowErrors.push({ line, column, message: issue.message });
      }
    }
    errors.push(...rowErrors);
    if (rowErrors.length === 0 && result.success) parsed.push({ line, id, input: result.data });
  }
  return { parsed, errors };
}
