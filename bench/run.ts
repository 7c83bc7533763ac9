// `npm run bench`: the figures of issue 18 ("Performance and reach") on a synthetic database the script builds
// (bench/synthetic-database.ts), each beside its ratio to a baseline measured in the same run, so that two runs on
// different or busy machines compare by their ratios. In-memory PGlite by default; a new database on the PostgreSQL
// of DATABASE_URL when it is set (dropped at the end). BENCH_SECONDS: how long each page is loaded in a round
// (default 4); BENCH_ROUNDS: how many rounds (default 3).
// The app is the built bundle `npm start` serves (built first when the sources are newer), served in this process.
process.env.NODE_ENV ??= "production";
import i18next from "i18next";
import resources from "#app/locales/index.ts";
import { prepareVersion, scoreRatings, type Rating } from "#app/domain/scoring/engine.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { renderCertificatePdf } from "#app/services/label/certificate-pdf.server.ts";
import { certificateOf, findLabelByNumber } from "#app/services/label/labels.server.ts";
import { renderPdf } from "#app/services/platform/pdfmake.server.ts";
import { getProcess } from "#app/services/process/lifecycle.server.ts";
import { renderReportPdf } from "#app/services/process/report-pdf.server.ts";
import { loadSelfAssessmentReport } from "#app/services/process/self-assessment-report.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { selfAssessmentRatings, users } from "#db/schema.ts";
import { buildIfNeeded } from "#scripts/build-if-needed.ts";
import { serveApp } from "#tests/support/app-server.ts";
import { signedInAs } from "#tests/support/server.ts";
import { eq } from "drizzle-orm";
import { addEstablishments, buildSyntheticDatabase } from "./synthetic-database.ts";
import { kib, loadPage, median, openBenchDatabase, pageBytes, time, type PageBytes } from "./support.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENTS = 8;
const ADMIN = "admin@label.example.org";

const times = (ratio: number) => `×${ratio.toFixed(ratio < 10 ? 2 : 1)}`;
const ratio = (value: number, baseline: number) => times(value / baseline);
const cell = (text: string, width: number) => text.padStart(width);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (from: number) => `${((performance.now() - from) / 1000).toFixed(0)} s`;

const runStarted = performance.now();
buildIfNeeded();
const bench = await openBenchDatabase("run", process.env.DATABASE_URL ?? null);
const { db } = bench.database;
console.log(`Label benchmark: ${bench.database.kind === "postgres" ? "PostgreSQL (DATABASE_URL)" : "in-memory PGlite"}; ${(await import("node:os")).cpus().length} CPUs, load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)} at the start.`);
console.log("Building the synthetic database:");
const synthetic = await buildSyntheticDatabase(db, { log: console.log });
const { counts } = synthetic;
console.log(
  `  ${counts.establishments} establishments, ${counts.processes} processes, ${counts.selfRatings} self-assessment and ${counts.auditRatings} audit ratings, ` +
    `${counts.trailEvents} history events; larger version ${synthetic.largeVersion.code} ${synthetic.largeVersion.version}: ${synthetic.largeVersion.criteria} criteria (built in ${seconds(runStarted)})`,
);

const app = await serveApp(db, { withStatic: true });
const rssAtStart = process.memoryUsage().rss;
try {
  const browsers = await Promise.all(Array.from({ length: CLIENTS }, () => signedInAs(app.baseUrl, ADMIN)));
  const browser = browsers[0]!;

  const pagesOf = (processId: string, version: { code: string; version: string }) =>
    [
      { name: "all criteria of a process", path: `/processes/${processId}/criteria` },
      { name: "one chapter (chapter 9)", path: `/processes/${processId}/criteria?chapter=9` },
      { name: "audit comparison", path: `/processes/${processId}/audit/comparison` },
      { name: "decision page", path: `/processes/${processId}/decision` },
      { name: "whole version page", path: `/referentials/${version.code}/${version.version}` },
    ] as const;
  const baseline = { name: "/account (baseline)", path: "/account" };
  const dashboard = { name: "cooperation dashboard", path: "/cooperations/dashboard" };
  // A process copied in SQL, not the one made through the services: the copies must serve as well as the original.
  const pages = [baseline, ...pagesOf(synthetic.copiedProcessId, { code: "label-qss", version: "2024" }), dashboard];
  const largePages = [baseline, ...pagesOf(synthetic.largeProcessId, synthetic.largeVersion), dashboard];

  // 1. Throughput and p95 under 8 clients, in ROUNDS rounds of every page in turn: each ratio is taken against the
  // baseline of its own round and the median of the rounds is shown, so a machine whose speed drifts during the run
  // (another process, the CPU's clock) moves both sides of a ratio alike.
  console.log(`\n1. Pages under load: ${CLIENTS} signed-in clients (DRI administrator), ${ROUNDS} rounds of ${SECONDS} s per page; medians of the rounds, ratios to /account in the same round`);
  console.log(`   ${"page".padEnd(28)} ${cell("pages/s", 9)} ${cell("ratio", 7)} ${cell("p95 ms", 9)} ${cell("ratio", 7)}`);
  // A first round, not counted: the JIT compiles the pages' code and the database's caches fill.
  for (const page of pages) await loadPage(browsers, page.path, 1);
  const rounds: Map<string, Awaited<ReturnType<typeof loadPage>>>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const loads = new Map<string, Awaited<ReturnType<typeof loadPage>>>();
    for (const page of pages) loads.set(page.path, await loadPage(browsers, page.path, SECONDS));
    rounds.push(loads);
  }
  const ofRounds = (path: string, figure: (load: Awaited<ReturnType<typeof loadPage>>, base: Awaited<ReturnType<typeof loadPage>>) => number) =>
    median(rounds.map((loads) => figure(loads.get(path)!, loads.get(baseline.path)!)));
  const underLoad = new Map(
    pages.map((page) => [
      page.path,
      {
        perSecond: ofRounds(page.path, (load) => load.perSecond),
        p95: ofRounds(page.path, (load) => load.p95),
        perSecondRatio: ofRounds(page.path, (load, base) => load.perSecond / base.perSecond),
        p95Ratio: ofRounds(page.path, (load, base) => load.p95 / base.p95),
      },
    ]),
  );
  for (const page of pages) {
    const figures = underLoad.get(page.path)!;
    console.log(`   ${page.name.padEnd(28)} ${cell(figures.perSecond.toFixed(1), 9)} ${cell(times(figures.perSecondRatio), 7)} ${cell(figures.p95.toFixed(0), 9)} ${cell(times(figures.p95Ratio), 7)}`);
  }

  // 2. Queries per page as the data grows.
  const queriesOf = async (path: string) => {
    await (await browser.get(path)).arrayBuffer();
    bench.resetQueries();
    const response = await browser.get(path);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    return bench.queries();
  };
  const before: number[] = [];
  const larger: number[] = [];
  for (const [i, page] of pages.entries()) {
    before.push(await queriesOf(page.path));
    larger.push(await queriesOf(largePages[i]!.path));
  }
  const added = await addEstablishments(db, "Hôpital supplémentaire", counts.establishments * 9, await hashPassword("bench-unused-password"));
  const more: number[] = [];
  for (const page of pages) more.push(await queriesOf(page.path));
  console.log(`\n2. Database queries per page: 2024 version (${counts.establishments} establishments); ×10 criteria (${synthetic.largeVersion.criteria}); ×10 establishments (${counts.establishments + added.length}). Must not grow.`);
  console.log(`   ${"page".padEnd(28)} ${cell("2024", 6)} ${cell("×10 crit.", 10)} ${cell("×10 estab.", 11)}`);
  const growing: string[] = [];
  for (const [i, page] of pages.entries()) {
    const flag = (n: number, what: string) => {
      if (n === before[i]) return "";
      if (n > before[i]!) growing.push(`${page.name} (${what})`);
      return n > before[i]! ? "  GROWS" : "  fewer";
    };
    const flags = `${flag(larger[i]!, "criteria")}${flag(more[i]!, "establishments")}`;
    console.log(`   ${page.name.padEnd(28)} ${cell(String(before[i]), 6)} ${cell(String(larger[i]), 10)} ${cell(String(more[i]), 11)}${flags}`);
  }

  // 3. PDFs against a one-line document.
  const RUNS = 10;
  const admin = (await db.select().from(users).where(eq(users.email, ADMIN)))[0]!;
  const processSummary = await getProcess(db, admin, synthetic.copiedProcessId);
  const i18n = i18next.createInstance();
  await i18n.init({ resources, lng: "fr", fallbackLng: false, interpolation: { escapeValue: false } });
  const oneLine = await time(RUNS, () => renderPdf({ content: ["Label qualité et sécurité des soins"] }));
  const certificate = await time(RUNS, async () => renderCertificatePdf(await certificateOf(db, (await findLabelByNumber(db, synthetic.certificateNumber))!, "https://label.example.org")));
  const report = await time(RUNS, async () => renderReportPdf(await loadSelfAssessmentReport(db, processSummary), "fr", i18n.getFixedT("fr")));
  console.log(`\n3. PDF (median of ${RUNS}, after a warm-up; data loaded from the database included); ratio to a one-line pdfmake document`);
  for (const [name, run] of [["one-line document (baseline)", oneLine], ["certificate", certificate], ["self-assessment report (136)", report]] as const) {
    console.log(`   ${name.padEnd(30)} ${cell(run.median.toFixed(1), 8)} ms ${cell(ratio(run.median, oneLine.median), 7)}   ${kib(run.last.length)}`);
  }

  // 4. Scoring engine on a full 2024 process.
  const frozen = await getFrozenVersion(db, processSummary.referentialVersionId);
  const prepared = prepareVersion(frozen.version);
  const codeOf = new Map([...frozen.criterionIds].map(([code, id]) => [id, code]));
  const ratings: Record<string, Rating> = {};
  for (const row of await db.select().from(selfAssessmentRatings).where(eq(selfAssessmentRatings.processId, synthetic.copiedProcessId))) {
    if (row.rating !== null) ratings[codeOf.get(row.criterionId)!] = row.rating === "NA" ? "NA" : Number(row.rating);
  }
  const perSecond = (work: () => unknown) => {
    let n = 0;
    const started = performance.now();
    while (performance.now() - started < 1500) {
      for (let i = 0; i < 100; i++) work();
      n += 100;
    }
    return n / ((performance.now() - started) / 1000);
  };
  let sink = 0;
  const plain = perSecond(() => {
    for (const value of Object.values(ratings)) sink += value === "NA" ? 0 : value;
  });
  const scored = perSecond(() => void (sink += scoreRatings(prepared, ratings).level?.length ?? 0));
  console.log(`\n4. Scoring engine: assessments of ${Object.keys(ratings).length} criteria scored to a level per second; baseline a plain sum over the same ratings`);
  console.log(`   plain sum (baseline)            ${cell(Math.round(plain).toLocaleString("en"), 12)}/s`);
  console.log(`   scoreRatings (level)            ${cell(Math.round(scored).toLocaleString("en"), 12)}/s ${cell(ratio(scored, plain), 8)}`);

  // 5. Bytes per page.
  console.log(`\n5. Bytes per page, first visit (KiB, raw / gzip); ratio of the gzip total to /account`);
  console.log(`   ${"page".padEnd(28)} ${cell("HTML", 15)} ${cell("CSS", 13)} ${cell("JS", 15)} ${cell("gzip total", 11)} ${cell("ratio", 7)}`);
  const both = (b: { raw: number; gzip: number }) => `${(b.raw / 1024).toFixed(0)} / ${(b.gzip / 1024).toFixed(0)}`;
  const total = (b: PageBytes) => b.html.gzip + b.css.gzip + b.js.gzip;
  let baseBytes: PageBytes | null = null;
  const heaviest = { name: "", bytes: 0 };
  for (const page of pages) {
    const bytes = await pageBytes(browser, page.path);
    baseBytes ??= bytes;
    if (total(bytes) > heaviest.bytes) Object.assign(heaviest, { name: page.name, bytes: total(bytes) });
    console.log(`   ${page.name.padEnd(28)} ${cell(both(bytes.html), 15)} ${cell(both(bytes.css), 13)} ${cell(both(bytes.js), 15)} ${cell((total(bytes) / 1024).toFixed(0), 11)} ${cell(ratio(total(bytes), total(baseBytes)), 7)}`);
  }

  // 6. Memory.
  const rss = process.memoryUsage().rss;
  console.log(`\n6. Server RSS after the run: ${mib(rss)} (${ratio(rss, rssAtStart)} of ${mib(rssAtStart)} when it started serving; the database and the load's clients share this process)`);

  const heavy = pages.filter((p) => p !== baseline);
  const worst = heavy.reduce((a, b) => (underLoad.get(b.path)!.p95Ratio > underLoad.get(a.path)!.p95Ratio ? b : a));
  const slowest = heavy.reduce((a, b) => (underLoad.get(b.path)!.perSecondRatio < underLoad.get(a.path)!.perSecondRatio ? b : a));
  console.log(
    `\nSummary: worst p95 ${worst.name} ${underLoad.get(worst.path)!.p95.toFixed(0)} ms (${times(underLoad.get(worst.path)!.p95Ratio)} /account); ` +
      `lowest throughput ${slowest.name} ${underLoad.get(slowest.path)!.perSecond.toFixed(1)}/s (${times(underLoad.get(slowest.path)!.perSecondRatio)}); ` +
      `queries ${growing.length ? `GROW on ${growing.join(", ")}` : "constant"}; report PDF ${ratio(report.median, oneLine.median)}, certificate ${ratio(certificate.median, oneLine.median)} of one line; ` +
      `scoring ${Math.round(scored).toLocaleString("en")}/s; heaviest ${heaviest.name} ${(heaviest.bytes / 1024).toFixed(0)} KiB gzip (${ratio(heaviest.bytes, total(baseBytes!))}); RSS ${mib(rss)}; ${seconds(runStarted)} in all`,
  );
} finally {
  await app.close();
  await bench.close();
}
