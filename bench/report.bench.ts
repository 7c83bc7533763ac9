// Self-assessment report benchmark: PDF report and XLSX export of a COMPLETE 2024 self-assessment (every one of
// the 136 criteria rated with a justification, the demo's evidence and action plan), generation time (median of
// 20, after one warm-up) and size; also the time to load the report data from the database, and to read the
// exported workbook back for an import preview.
// Run: npx tsx bench/report.bench.ts     (fresh in-memory PGlite; no build needed; REPORT_BENCH_OUT=dir keeps the PDFs)
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import i18next from "i18next";
import resources from "#app/locales/index.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { getProcess } from "#app/services/process/lifecycle.server.ts";
import { previewImport, SELF_ASSESSMENT_IMPORT, selfAssessmentWorkbook } from "#app/services/process/rating-workbook.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { renderReportPdf } from "#app/services/process/report-pdf.server.ts";
import { loadSelfAssessmentReport } from "#app/services/process/self-assessment-report.server.ts";
import { openDatabase } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { selfAssessmentRatings, users } from "#db/schema.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";
import { kib, time } from "./support.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";

const RUNS = 20;

const uploadsDir = mkdtempSync(join(tmpdir(), "label-report-bench-"));
const database = await openDatabase({ pgliteDir: "memory://" });
try {
  await runMigrations(database);
  const db = database.db;
  await importShippedReferentials(db);
  await seedDemo(db, hashPassword);
  const { processId } = (await seedDemoProcess(db, { storage: folderStorage(uploadsDir) }))!;
  const [coordinator] = await db.select().from(users).where(eq(users.email, "fann@label.example.org"));
  const process = await getProcess(db, { ...coordinator!, establishmentId: coordinator!.establishmentId }, processId);
  const frozen = await getFrozenVersion(db, process.referentialVersionId);

  // Complete the self-assessment: every criterion rated, every rating justified (realistic lengths).
  const sentence =
    "La procédure est rédigée, validée par la commission qualité et diffusée dans les services ; l'audit interne de mars a relevé quelques écarts de traçabilité, suivis par l'équipe opérationnelle. ";
  await db.delete(selfAssessmentRatings).where(eq(selfAssessmentRatings.processId, processId));
  await db.insert(selfAssessmentRatings).values(
    frozen.prepared.criteria.map((c, i) => ({
      processId,
      criterionId: frozen.criterionIds.get(c.code)!,
      rating: c.naAllowed && i % 2 === 0 ? "NA" : String([3, 3, 2, 3, 1, 2][i % 6]),
      justification: sentence.repeat(1 + (i % 3)).trim(),
      version: 1,
      updatedBy: coordinator!.id,
    })),
  );

  const i18n = i18next.createInstance();
  await i18n.init({ resources, lng: "fr", fallbackLng: false, interpolation: { escapeValue: false } });
  const load = await time(RUNS, () => loadSelfAssessmentReport(db, process));
  const report = load.last;
  console.log(`Complete 2024 self-assessment: ${report.result.completeness.rated} rated + ${report.result.completeness.notApplicable} N/A of ${report.result.completeness.total} criteria, final: ${report.result.final}, ${report.actions.length} actions`);
  console.log(`Report data loaded from PGlite: ${load.median.toFixed(1)} ms median of ${RUNS}`);

  for (const lang of ["fr", "en"] as const) {
    const pdf = await time(RUNS, () => renderReportPdf(report, lang, i18n.getFixedT(lang)));
    console.log(`PDF report (${lang}): ${pdf.median.toFixed(0)} ms median of ${RUNS} (first, with font loading, ${pdf.first.toFixed(0)} ms), ${kib(pdf.last.length)}`);
    // REPORT_BENCH_OUT=folder keeps the PDFs, to look at them.
    if (globalThis.process.env.REPORT_BENCH_OUT) writeFileSync(join(globalThis.process.env.REPORT_BENCH_OUT, `report-${lang}.pdf`), pdf.last);
  }
  const xlsx = await time(RUNS, () => selfAssessmentWorkbook(report, "fr", i18n.getFixedT("fr")));
  console.log(`export.xlsx: ${xlsx.median.toFixed(0)} ms median of ${RUNS} (first ${xlsx.first.toFixed(0)} ms), ${kib(xlsx.last.length)}`);
  const read = await time(RUNS, () => previewImport(db, SELF_ASSESSMENT_IMPORT, { ...coordinator!, establishmentId: coordinator!.establishmentId }, process, new Uint8Array(xlsx.last)));
  const plan = read.last.ok ? read.last.plan : null;
  console.log(`Import preview of that workbook (read + check + plan): ${read.median.toFixed(0)} ms median of ${RUNS} (changes: ${plan?.changes.length}, unchanged: ${plan?.unchanged})`);
} finally {
  await database.close();
  rmSync(uploadsDir, { recursive: true, force: true });
}
