// Cooperation registry benchmark: time to answer the dashboard (its loader's data, the map SVG, and the whole
// HTTP page through the built app) with the seeded registry, then with a synthetic registry of 5,000 projects.
// In-memory PGlite. Run: npx react-router build && npx tsx bench/registry.bench.ts
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { readConfig } from "#app/config.server.ts";
import { THEMES, FUNDING_SOURCES } from "#app/domain/registry/codes.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { dashboardData } from "#app/services/registry/registry-dashboard.server.ts";
import { ensureRegistry } from "#app/services/registry/registry-seed.server.ts";
import { listCountries } from "#app/services/registry/registry.server.ts";
import { renderWorldMapSvg } from "#app/services/registry/world-map.server.ts";
import { openDatabase } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { apHpSites, cooperationProjects, establishments, projectEstablishments, projectFundings, projectSites } from "#db/schema.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { SERVER_BUILD } from "#scripts/build-if-needed.ts";

const RUNS = Number(process.env.RUNS ?? 15);
const SYNTHETIC = Number(process.env.SYNTHETIC ?? 5000);

const database = await openDatabase({ pgliteDir: "memory://" });
await runMigrations(database);
await seedDemo(database.db, hashPassword);
await ensureRegistry(database.db);
const db = database.db;
const actor = { id: "00000000-0000-4000-8000-000000000000", role: "dri_admin" as const, establishmentId: null, isCoordinator: false, active: true };

const { createApp } = (await import(pathToFileURL(SERVER_BUILD).href)) as typeof import("#server/app.ts");
const app = createApp({ db, config: readConfig({ NODE_ENV: "production" }) });
const server = createServer((req, res) => void app(req, res));
server.keepAliveTimeout = 120_000; // idle gaps between the measured series must not drop the keep-alive socket
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function login(): Promise<string> {
  const first = await fetch(`${base}/login`);
  const csrf = first.headers.getSetCookie().map((c) => c.split(";")[0]!).join("; ");
  const response = await fetch(`${base}/login`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, Cookie: csrf },
    body: new URLSearchParams({ email: "admin@label.example.org", password: "demo-label-2025" }),
    redirect: "manual",
  });
  return [csrf, ...response.headers.getSetCookie().map((c) => c.split(";")[0]!)].join("; ");
}
const cookie = await login();

async function time(label: string, fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  const p90 = samples[Math.floor(samples.length * 0.9)]!;
  console.log(`  ${label.padEnd(44)} median ${median.toFixed(1).padStart(7)} ms   p90 ${p90.toFixed(1).padStart(7)} ms`);
}

async function page(path: string) {
  const response = await fetch(base + path, { headers: { Cookie: cookie } });
  if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
  await response.arrayBuffer();
}

async function measure(title: string) {
  const [{ n }] = (await db.$count(cooperationProjects).then((n) => [{ n }])) as [{ n: number }];
  console.log(`\n${title} (${n} projects)`);
  await time("dashboardData() (service, every documented project)", () => dashboardData(db, actor, undefined));
  await time("dashboardData() (service, year 2025)", () => dashboardData(db, actor, 2025));
  const countries = await listCountries(db);
  const figures = await dashboardData(db, actor, undefined);
  await time("world map SVG (render only)", async () =>
    renderWorldMapSvg({
      counts: new Map(figures.byCountry.map((c) => [c.key, c.count])),
      title: "t",
      description: "d",
      countryLabel: (iso, c) => `${countries.find((x) => x.iso === iso)?.nameFr}: ${c}`,
      legendTitle: "Projets",
      noProjectLabel: "aucun",
    }),
  );
  await time("GET /cooperations/dashboard (HTTP, full page)", () => page("/cooperations/dashboard"));
  await time("GET /cooperations/dashboard/map.svg (HTTP)", () => page("/cooperations/dashboard/map.svg"));
  await time("GET /cooperations?country=SN&theme=… (HTTP)", () => page("/cooperations?country=SN&theme=paediatrics"));
}

await measure("Seeded registry");

// Synthetic registry: 5,000 more projects over the seeded establishments and sites, in bulk.
let seed = 7;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
const ests = await db.select({ id: establishments.id }).from(establishments);
const sites = await db.select({ id: apHpSites.id }).from(apHpSites);
const insertStart = performance.now();
for (let batch = 0; batch < SYNTHETIC / 500; batch++) {
  const rows = await db
    .insert(cooperationProjects)
    .values(
      Array.from({ length: 500 }, (_, i) => {
        const start = 2010 + Math.floor(random() * 16);
        return {
          titleFr: `Projet synthétique ${batch * 500 + i}`,
          titleEn: `Synthetic project ${batch * 500 + i}`,
          theme: pick(THEMES),
          status: pick(["active", "active", "closed", "unknown"] as const),
          startYear: start,
          endYear: random() < 0.5 ? null : start + Math.floor(random() * 5),
          search: `projet synthetique ${batch * 500 + i}`,
        };
      }),
    )
    .returning({ id: cooperationProjects.id });
  await db.insert(projectEstablishments).values(rows.map((r) => ({ projectId: r.id, establishmentId: pick(ests).id })));
  await db.insert(projectSites).values(rows.map((r) => ({ projectId: r.id, siteId: pick(sites).id })));
  await db.insert(projectFundings).values(rows.map((r) => ({ projectId: r.id, position: 0, source: pick(FUNDING_SOURCES), call: "Synthétique", year: 2020 })));
}
console.log(`\n(${SYNTHETIC} synthetic projects inserted in ${Math.round(performance.now() - insertStart)} ms)`);
await measure("Synthetic registry");

server.close();
await database.close();
