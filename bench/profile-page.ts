// Profile pages under load: `BENCH_PAGE=decision,criteria npx tsx bench/profile-page.ts` writes
// /tmp/prof/<page>.cpuprofile (BENCH_PROFILE_DIR), one per page, covering only its load (open in Chrome DevTools).
process.env.NODE_ENV ??= "production";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { buildIfNeeded } from "#scripts/build-if-needed.ts";
import { serveApp } from "#tests/support/app-server.ts";
import { signedInAs } from "#tests/support/server.ts";
import { buildSyntheticDatabase } from "./synthetic-database.ts";
import { loadPage, openBenchDatabase } from "./support.ts";

buildIfNeeded();
const bench = await openBenchDatabase("prof", null);
const synthetic = await buildSyntheticDatabase(bench.database.db, { log: () => {} });
const app = await serveApp(bench.database.db, { withStatic: true });
const browsers = await Promise.all(Array.from({ length: 8 }, () => signedInAs(app.baseUrl, "admin@label.example.org")));
const id = synthetic.copiedProcessId;
const paths: Record<string, string> = {
  account: "/account",
  criteria: `/processes/${id}/criteria`,
  comparison: `/processes/${id}/audit/comparison`,
  decision: `/processes/${id}/decision`,
  version: `/referentials/label-qss/2024`,
  dashboard: `/cooperations/dashboard`,
};
const which = (process.env.BENCH_PAGE ?? "decision").split(",");
for (const w of which) await loadPage(browsers, paths[w]!, 1);
const session = new Session();
session.connect();
for (const w of which) {
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  const cpu = process.cpuUsage();
  const load = await loadPage(browsers, paths[w]!, Number(process.env.BENCH_SECONDS ?? 6));
  const used = process.cpuUsage(cpu);
  const { profile } = await session.post("Profiler.stop");
  writeFileSync(`${process.env.BENCH_PROFILE_DIR ?? "/tmp/prof"}/${w}.cpuprofile`, JSON.stringify(profile));
  const pages = load.requests;
  console.log(w, load.perSecond.toFixed(1), "pages/s, p95", load.p95.toFixed(0), "ms; CPU per page (server and clients)", ((used.user + used.system) / 1000 / pages).toFixed(1), "ms");
}
await app.close?.();
process.exit(0);
