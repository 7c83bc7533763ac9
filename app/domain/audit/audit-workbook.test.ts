import { describe, expect, it } from "vitest";
import { planRatingImport, readTemplateWorkbook, type CurrentRating, type RawWorkbook } from "#app/domain/process/rating-workbook.ts";
import { AUDIT_EMPTY, AUDIT_RATING_COLUMNS, AUDIT_TEMPLATE_MARKER, auditFingerprint, auditTemplate, type AuditFields, type AuditRowRules } from "./audit-workbook.ts";

const PROCESS = "0b8f6f1e-7c1a-4a57-9d2a-3f1d2f0c9a11";
const context = {
  processId: PROCESS,
  referentialCode: "label-qss",
  referentialVersion: "2024",
  criteria: new Map<string, AuditRowRules>([
    ["1.1.1", { naAllowed: false, selfRating: 3 }],
    ["1.1.2", { naAllowed: true, selfRating: null }],
    // Critical, depends on the maternity: N/A allowed; the hospital rated it N/A.
    ["7.1.2", { naAllowed: true, service: "maternity", selfRating: "NA" }],
  ]),
};
const template = auditTemplate([3, 2, 1, 0], {
  classifications: { strength: ["Point fort", "Strength"], recommendation: ["Recommandation", "Recommendation"], non_conformity: ["Non-conformité", "Non-conformity"] },
  methods: { document: ["Revue documentaire", "Document review"], interview: ["Entretien", "Interview"], observation: ["Observation", "Observation"] },
});

type Row = { code: string; auditRating?: unknown; finding?: string; classification?: string; methods?: string; version?: number; fingerprint?: string };

/** The audit workbook as the export writes it, in one language, with the rows given. */
function workbook(rows: Row[], lang: "fr" | "en" = "fr", about: Record<string, string> = {}): RawWorkbook {
  const header = AUDIT_RATING_COLUMNS.map((c) => c[lang]);
  const col = (key: string) => AUDIT_RATING_COLUMNS.findIndex((c) => c.key === key);
  const aboutRows = { template: AUDIT_TEMPLATE_MARKER, templateVersion: "1", processId: PROCESS, referential: "label-qss", referentialVersion: "2024", ...about };
  return {
    sheets: [
      {
        name: lang === "fr" ? "Cotations de l'audit" : "Audit ratings",
        rows: [
          { line: 1, cells: header },
          ...rows.map((r, i) => {
            const cells: unknown[] = new Array(header.length).fill(null);
            cells[col("code")] = r.code;
            cells[col("rating")] = "3";
            cells[col("auditRating")] = r.auditRating ?? null;
            cells[col("finding")] = r.finding ?? "";
            cells[col("classification")] = r.classification ?? "";
            cells[col("methods")] = r.methods ?? "";
            cells[col("version")] = r.version ?? 0;
            cells[col("fingerprint")] = r.fingerprint ?? "";
            return { line: i + 2, cells };
          }),
        ],
      },
      { name: lang === "fr" ? "À propos" : "About", rows: Object.entries(aboutRows).map(([k, v], i) => ({ line: i + 1, cells: [k, v] })) },
    ],
  };
}

const read = (rows: Row[], lang: "fr" | "en" = "fr", about: Record<string, string> = {}) => readTemplateWorkbook(workbook(rows, lang, about), context, template);

describe("reading the audit workbook", () => {
  it("reads rating, finding, classification and methods in French and in English, and tells an untouched row", () => {
    const exported: AuditFields = { rating: 2, finding: "Procédure affichée, non suivie la nuit.", classification: "recommendation", methods: ["interview", "observation"] };
    for (const [lang, classification, methods] of [
      ["fr", "Recommandation", "Entretien, Observation"],
      ["en", "Recommendation", "Observation; Interview"],
    ] as const) {
      const reading = read([{ code: "1.1.1", auditRating: "2 · Largement conforme", finding: exported.finding, classification, methods, version: 4, fingerprint: auditFingerprint(exported) }], lang);
      expect(reading).toEqual({ ok: true, errors: [], rows: [{ line: 2, code: "1.1.1", ...exported, baseVersion: 4, untouched: true }] });
    }
    const edited = read([{ code: "1.1.2", auditRating: 3, classification: "Point fort", fingerprint: auditFingerprint(null) }]);
    expect(edited.ok && edited.rows[0]).toMatchObject({ rating: 3, classification: "strength", methods: [], untouched: false });
  });

  it("lists every bad row with its number: unknown criterion, off the scale, N/A refused, finding, classification, method", () => {
    const reading = read([
      { code: "9.9.9", auditRating: 3 },
      { code: "1.1.1", auditRating: 5 },
      { code: "1.1.1" },
      { code: "1.1.2", auditRating: 1, classification: "Point fort", finding: "Rien." },
      { code: "1.1.2", auditRating: 2 },
    ]);
    expect(reading.ok && reading.errors.map((e) => [e.line, e.problem, e.value])).toEqual([
      [2, "unknown_criterion", "9.9.9"],
      [3, "rating_off_scale", "5"],
      [4, "duplicate_criterion", "1.1.1"],
      [5, "classification_too_mild", undefined],
      [6, "duplicate_criterion", "1.1.2"],
    ]);
    expect(reading.ok && reading.rows).toEqual([]);
    const more = read([
      { code: "1.1.1", auditRating: "NA", finding: "Pas de service." },
      { code: "1.1.2", auditRating: 1, classification: "Avis", finding: "x" },
      { code: "7.1.2", auditRating: 3, methods: "Entretien, Divination" },
    ]);
    expect(more.ok && more.errors.map((e) => [e.line, e.problem, e.value])).toEqual([
      [2, "na_not_allowed", "NA"],
      [3, "classification_unknown", "Avis"],
      [4, "na_refusal_reason_required", undefined],
      [4, "method_unknown", "Divination"],
    ]);
  });

  it("takes N/A on a critical criterion that depends on a service, and a refused N/A with its finding", () => {
    const confirmed = read([{ code: "7.1.2", auditRating: "N/A", finding: "Pas de maternité : confirmé sur place." }]);
    expect(confirmed.ok && confirmed.errors).toEqual([]);
    const refused = read([{ code: "7.1.2", auditRating: 2, finding: "Une salle de naissance existe.", classification: "Non-conformité" }]);
    expect(refused.ok && refused.rows[0]).toMatchObject({ rating: 2, classification: "non_conformity" });
    const noFinding = read([{ code: "1.1.2", auditRating: "NA" }]);
    expect(noFinding.ok && noFinding.errors.map((e) => e.problem)).toEqual(["finding_required"]);
  });

  it("refuses the self-assessment's workbook and the workbook of another process", () => {
    expect(read([{ code: "1.1.1" }], "fr", { template: "label-aphp:self-assessment-ratings" })).toEqual({ ok: false, errors: [{ line: null, code: null, problem: "not_template" }] });
    expect(read([{ code: "1.1.1" }], "fr", { processId: "another" })).toMatchObject({ ok: false, errors: [{ problem: "wrong_process" }] });
  });
});

describe("the plan of an audit import", () => {
  const now = (fields: Partial<AuditFields>, version: number): CurrentRating<AuditFields> => ({ ...AUDIT_EMPTY, ...fields, version, updatedByName: "Hélène", updatedAt: null });
  const row = (code: string, fields: Partial<AuditFields>, baseVersion: number, untouched = false) => ({ line: 2, code, ...AUDIT_EMPTY, ...fields, baseVersion, untouched });

  it("changes edited rows from their version, leaves untouched ones, and makes a row changed since the export a conflict", () => {
    const plan = planRatingImport(
      [row("1.1.1", { rating: 3 }, 0), row("1.1.2", { rating: 1, finding: "x" }, 1, true), row("7.1.2", { rating: "NA", finding: "Pas de maternité." }, 1)],
      new Map([
        ["1.1.2", now({ rating: 2, finding: "y" }, 1)],
        ["7.1.2", now({ rating: 2, finding: "Salle de naissance." }, 2)],
      ]),
      AUDIT_EMPTY,
    );
    expect(plan.changes.map((c) => [c.code, c.baseVersion, c.after.rating])).toEqual([["1.1.1", 0, 3]]);
    expect(plan.unchanged).toBe(1);
    expect(plan.conflicts.map((c) => [c.code, c.current.rating, c.mine.rating, c.fileVersion])).toEqual([["7.1.2", 2, "NA", 1]]);
  });

  it("compares methods by value", () => {
    const plan = planRatingImport([row("1.1.1", { rating: 3, methods: ["interview"] }, 1)], new Map([["1.1.1", now({ rating: 3, methods: ["interview"] }, 1)]]), AUDIT_EMPTY);
    expect(plan).toEqual({ changes: [], unchanged: 1, conflicts: [] });
  });
});
