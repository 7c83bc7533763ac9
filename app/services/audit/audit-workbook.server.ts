// The audit ratings beside the hospital's in the self-assessment workbook's format (its builder: one row per
// criterion, the scale as a list, text cells escaped, a hidden About sheet), for reading and for working offline;
// and its import (a fallback for an auditor without a modern browser: fill the workbook in offline, upload it),
// through the self-assessment's import (preview, row errors, conflicts, all or nothing) with the audit's rules.
import type { TFunction } from "i18next";
import { z } from "zod";
import type { Db } from "#db/client.ts";
import {
  AUDIT_EMPTY,
  AUDIT_RATING_COLUMNS,
  AUDIT_SHEETS,
  AUDIT_TEMPLATE_MARKER,
  AUDIT_TEMPLATE_VERSION,
  auditFingerprint,
  auditTemplate,
  type AuditFields,
  type AuditImportProblem,
} from "#app/domain/audit/audit-workbook.ts";
import { auditEditRefusal, FINDING_CLASSIFICATIONS, mayChangeAuditRating } from "#app/domain/audit/visit.ts";
import type { Language } from "#app/domain/language.ts";
import { ratingToText } from "#app/domain/process/rating-input.ts";
import { readTemplateWorkbook } from "#app/domain/process/rating-workbook.ts";
import { METHODS } from "#app/domain/referential/schema.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { addAboutSheet, addRatingsSheet, newWorkbook, workbookBytes, workbookDateTime, type WorkbookImporter } from "#app/services/process/rating-workbook.server.ts";
import type { ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import { loadRatings } from "#app/services/process/self-assessment.server.ts";
import { currentStoredRating, writeVersionedRating } from "#app/services/process/versioned-rating.server.ts";
import { AUDIT, loadAuditRatings, startVisit } from "./audit-ratings.server.ts";
import { AuditError } from "./audit-error.ts";
import { loadVisit, teamRoleOf } from "./visits.server.ts";
import type { AuditReport } from "./audit-report.server.ts";

export async function auditWorkbook(report: AuditReport, lang: Language, t: TFunction): Promise<Buffer> {
  const workbook = newWorkbook(report.generatedAt);
  const dateTime = workbookDateTime(lang);
  const audits = new Map(report.criteria.map((c) => [c.code, c.audit]));
  const classifications = FINDING_CLASSIFICATIONS.map((c) => t(`audit:report.classification.${c}`));

  addRatingsSheet(workbook, report.self, lang, t, {
    name: AUDIT_SHEETS.ratings[lang],
    columns: AUDIT_RATING_COLUMNS,
    ratingColumns: ["auditRating"],
    cells: (k) => {
      const audit = audits.get(k.code) ?? null;
      return {
        auditRating: audit?.rating ?? "",
        finding: audit?.finding ?? "",
        classification: audit?.classification ? t(`audit:report.classification.${audit.classification}`) : "",
        methods: (audit?.methods ?? []).map((m) => t(`process:methods.${m}`)).join(", "),
        changedAt: audit?.updatedAt ? dateTime(audit.updatedAt) : "",
        changedBy: audit?.updatedByName ?? "",
        version: audit?.version ?? 0,
        fingerprint: auditFingerprint(audit),
      };
    },
    decorate: (row) => {
      row.getCell("classification").dataValidation = {
        type: "list",
        allowBlank: true,
        formulae: [`"${classifications.join(",")}"`],
        showInputMessage: true,
        promptTitle: t("audit:report.xlsx.classificationPromptTitle"),
        prompt: t("audit:report.xlsx.classificationPrompt").slice(0, 255),
      };
    },
  });

  await addAboutSheet(workbook, AUDIT_SHEETS.about[lang], { marker: AUDIT_TEMPLATE_MARKER, version: AUDIT_TEMPLATE_VERSION }, report, lang);
  return workbookBytes(workbook);
}

/** Classifications and methods as the export words them, in both languages (a file in either is read). */
function exportedWords() {
  const both = (key: string) => (["fr", "en"] as const).map((lng) => translate(lng, key));
  return {
    classifications: Object.fromEntries(FINDING_CLASSIFICATIONS.map((c) => [c, both(`audit:report.classification.${c}`)])) as Record<(typeof FINDING_CLASSIFICATIONS)[number], string[]>,
    methods: Object.fromEntries(METHODS.map((m) => [m, both(`process:methods.${m}`)])),
  };
}

async function teamRole(db: Db, actorId: string, process: ProcessSummary) {
  return teamRoleOf(await loadVisit(db, process), actorId);
}

/**
 * The audit's import: a member of the visit's team, while the audit is open for scoring (as a save in the app);
 * a co-auditor's file may not change a rating a colleague saved (the lead's to consolidate). Each row is written
 * through the audit's versioned write and recorded as "audit_rating.import"; the first one starts the visit.
 */
export const AUDIT_IMPORT: WorkbookImporter<AuditFields, AuditImportProblem> = {
  empty: AUDIT_EMPTY,
  rowSchema: z.strictObject({
    line: z.number().int().positive(),
    code: z.string().min(1).max(40),
    rating: z.union([z.number().int().nonnegative(), z.literal("NA"), z.null()]),
    finding: z.string().max(20_000),
    classification: z.enum(FINDING_CLASSIFICATIONS).nullable(),
    methods: z.array(z.enum(METHODS)).max(METHODS.length),
    baseVersion: z.number().int().nonnegative(),
    untouched: z.boolean(),
  }),
  async requireEditable(db, actor, process) {
    const refusal = auditEditRefusal(actor, process.state, await teamRole(db, actor.id, process));
    if (refusal) throw new AuditError(refusal);
  },
  async read(db, raw, process, frozen) {
    const self = await loadRatings(db, process);
    return readTemplateWorkbook(
      raw,
      {
        processId: process.id,
        referentialCode: process.referentialCode,
        referentialVersion: process.referentialVersion,
        criteria: new Map(frozen.prepared.criteria.map((c) => [c.code, { naAllowed: c.naAllowed, service: c.service, selfRating: self.get(c.code)?.rating ?? null }])),
      },
      auditTemplate(frozen.version.scale.values.map((v) => v.value), exportedWords()),
    );
  },
  loadCurrent: (db, process) => loadAuditRatings(db, process),
  async refuse(db, actor, process, plan) {
    const role = await teamRole(db, actor.id, process);
    const current = await loadAuditRatings(db, process);
    return plan.changes
      .filter((c) => !mayChangeAuditRating(role, actor.id, current.get(c.code)?.updatedBy ?? null))
      .map((c) => ({ line: c.line, code: c.code, problem: "rated_by_colleague" as const, value: current.get(c.code)?.updatedByName ?? "" }));
  },
  async write(tx, actor, process, frozen, change) {
    const key = { processId: process.id, criterionId: frozen.criterionIds.get(change.code)!, criterionCode: change.code };
    const role = await teamRole(tx, actor.id, process);
    if (!mayChangeAuditRating(role, actor.id, (await currentStoredRating(tx, AUDIT, key)).updatedBy)) return "conflict";
    const { rating, finding, classification, methods } = change.after;
    const written = await writeVersionedRating(tx, AUDIT, actor, key, { fields: { rating: ratingToText(rating), finding, classification, methods }, baseVersion: change.baseVersion }, "audit_rating.import");
    if (written.status === "conflict") return "conflict";
    if (written.status === "saved" && process.state === "audit_scheduled") await startVisit(tx, actor, process, role);
    return "written";
  },
};
