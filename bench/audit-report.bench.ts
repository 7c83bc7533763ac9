// Audit report benchmark, on a complete 2024 self-assessment and a complete, submitted audit (136 criteria, built
// through the services by tests/support/audit-fixtures.ts): the audit report PDF (median of 20 after a warm-up, and
// its size, in both languages) and the XLSX export; then, through the built app, the comparison and report pages'
// server time, HTML size (gzip) and database queries (which must not grow with the number of criteria).
// Run: npx react-router build && npx tsx bench/audit-report.bench.ts
// (the local PostgreSQL when it answers, else in-memory PGlite; AUDIT_BENCH_OUT=dir keeps the PDFs)
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import i18next from "i18next";
import resources from "#app/locales/index.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { loadAuditReport } from "#app/services/audit/audit-report.server.ts";
import { renderAuditReportPdf } from "#app/services/audit/audit-report-pdf.server.ts";
import { auditWorkbook } from "#app/services/audit/audit-workbook.server.ts";
import { loadVisit } from "#app/services/audit/visits.server.ts";
import { getProcess } from "#app/services/process/lifecycle.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { serveApp } from "#tests/support/app-server.ts";
import { AUDIT_FIXTURE_PASSWORD, buildAuditedProcess } from "#tests/support/audit-fixtures.ts";
import { TestBrowser } from "#tests/support/server.ts";
import { kib, measurePage, openBenchDatabase, time } from "./support.ts";

const RUNS = 20;
const bench = await openBenchDatabase("audit");
const { db } = bench.database;
try {
  await seedDemo(db, hashPassword);
  const built = performance.now();
  const fixture = await buildAuditedProcess(db, { hashPassword });
  console.log(`Audited process built through the services in ${((performance.now() - built) / 1000).toFixed(1)} s (${bench.database.kind})`);
  const process = await getProcess(db, fixture.lead, fixture.processId);
  const visit = (await loadVisit(db, process))!;

  const i18n = i18next.createInstance();
  await i18n.init({ resources, lng: "fr", fallbackLng: false, interpolation: { escapeValue: false } });
  bench.resetQueries();
  const load = await time(RUNS, () => loadAuditReport(db, process, visit));
  const report = load.last;
  console.log(`Audit report data: ${load.median.toFixed(1)} ms median of ${RUNS}; ${report.criteria.length} criteria, ${report.findings.reduce((n, c) => n + c.groups.reduce((m, g) => m + g.findings.length, 0), 0)} findings; proposed level ${report.audit.level}, κw ${report.agreement.weightedKappa?.toFixed(3)}`);
  for (const lang of ["fr", "en"] as const) {
    const pdf = await time(RUNS, () => renderAuditReportPdf(report, lang, i18n.getFixedT(lang)));
    console.log(`Audit report PDF (${lang}): ${pdf.median.toFixed(0)} ms median of ${RUNS} (first ${pdf.first.toFixed(0)} ms), ${kib(pdf.last.length)}`);
    if (globalThis.process.env.AUDIT_BENCH_OUT) writeFileSync(join(globalThis.process.env.AUDIT_BENCH_OUT, `audit-report-${lang}.pdf`), pdf.last);
  }
  const xlsx = await time(RUNS, () => auditWorkbook(report, "fr", i18n.getFixedT("fr")));
  console.log(`Audit export.xlsx: ${xlsx.median.toFixed(0)} ms median of ${RUNS} (first ${xlsx.first.toFixed(0)} ms), ${kib(xlsx.last.length)}`);

  const app = await serveApp(db);
  try {
    const lead = new TestBrowser(app.baseUrl);
    await lead.login(fixture.lead.email, AUDIT_FIXTURE_PASSWORD);
    const base = `/processes/${fixture.processId}/audit`;
    console.log(`\nPages (label-qss 2024, ${report.criteria.length} criteria, audit submitted), ${bench.database.kind}:`);
    await measurePage(lead, bench, "comparison", `${base}/comparison`);
    await measurePage(lead, bench, "audit report (printable)", `${base}/report`);
    // The scoring list of the largest and of the smallest chapter: the same number of queries whatever its size.
    const frozen = await getFrozenVersion(db, process.referentialVersionId);
    const sizes = frozen.version.chapters.map((c) => ({ code: c.code, n: c.standards.reduce((k, st) => k + st.criteria.length, 0) })).sort((a, b) => b.n - a.n);
    for (const chapter of [sizes[0]!, sizes.at(-1)!]) {
      await measurePage(lead, bench, `scoring list, chapter ${chapter.code} (${chapter.n})`, `${base}/criteria?chapter=${chapter.code}`);
    }
    await measurePage(lead, bench, `scoring list, all ${report.criteria.length}`, `${base}/criteria`);
    const started = performance.now();
    const response = await lead.get(`${base}/report.pdf`);
    const bytes = (await response.arrayBuffer()).byteLength;
    console.log(`${"report.pdf over HTTP".padEnd(34)} ${(performance.now() - started).toFixed(0)} ms · ${kib(bytes)}`);
  } finally {
    await app.close();
  }
} finally {
  await bench.close();
}
