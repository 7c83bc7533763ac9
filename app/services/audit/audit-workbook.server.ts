// The audit ratings beside the hospital's in the self-assessment workbook's format (its builder: one row per
// criterion, the scale as a list, text cells escaped, a hidden About sheet), for reading and for working offline.
import type { TFunction } from "i18next";
import { AUDIT_RATING_COLUMNS, AUDIT_SHEETS, AUDIT_TEMPLATE_MARKER, AUDIT_TEMPLATE_VERSION, auditFingerprint } from "#app/domain/audit/audit-workbook.ts";
import { FINDING_CLASSIFICATIONS } from "#app/domain/audit/visit.ts";
import type { Language } from "#app/domain/language.ts";
import { addAboutSheet, addRatingsSheet, newWorkbook, workbookBytes, workbookDateTime } from "#app/services/process/rating-workbook.server.ts";
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
