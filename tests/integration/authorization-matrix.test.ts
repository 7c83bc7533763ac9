// The authorization matrix (tests/support/authorization-matrix.ts) against the built app (PGlite, and PostgreSQL when
// configured), on the whole demo: every route of the app is declared with every method it answers (read from the
// server build, so a new route fails here until it has its line), and every cell holds — the page itself and the
// `.data` request React Router makes for it (with `_routes` naming the route alone, as a client may: only its own
// loader runs, its parents' do not protect it).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerBuild } from "react-router";
import type { Db } from "#db/client.ts";
import { actionItems, apHpSites, applications, auditRounds, cooperationProjects, evidenceFiles, frameworkAgreements, labellingProcesses, notifications, projectEstablishments, referentialVersions, users } from "#db/schema.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";
import { importReferential, importShippedReferentials, loadReferentialVersion } from "#app/services/referential/referentials.server.ts";
import { DEMO_PASSWORD } from "#scripts/seed/demo.ts";
import { seedDemoData } from "#scripts/seed/demo-data.ts";
import { SERVER_BUILD } from "#scripts/build-if-needed.ts";
import { REFERENTIALS_DIR } from "#app/services/referential/referential-files.server.ts";
import { AUTHORIZATION_MATRIX, MATRIX_ACTORS, type MatrixActor, type MatrixRow, type Method, type Scene } from "#tests/support/authorization-matrix.ts";
import { signedInAs, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-matrix-it-"));
let server: TestServer;
let db: Db;
const browsers = {} as Record<MatrixActor, TestBrowser>;
/** In the `unreleased` scene, Lomé's people stand for the process's hospital. */
const lomeBrowsers = {} as Pick<Record<MatrixActor, TestBrowser>, "coordinator" | "colleague">;
/** Route path (as in app/routes.ts) → its route id in the build and the methods it answers. */
const appRoutes = new Map<string, { id: string; methods: Method[]; resource: boolean }>();
/** Route parameter values: by name, and `:id` by what precedes it (its meaning depends on the route). */
let params: { byName: Record<string, string>; idAfter: Record<string, string>; scenes: Record<Exclude<Scene, "decided">, Record<string, string>> };

/** No public page may run out of its per-client allowance here: every cell comes from one address. */
const UNLIMITED = Object.fromEntries(
  ["RATE_LIMIT_PUBLIC_READS_PER_CLIENT", "RATE_LIMIT_PASSWORD_RESET_PER_CLIENT", "RATE_LIMIT_PASSWORD_RESET_PER_EMAIL", "RATE_LIMIT_APPLICATIONS_PER_CLIENT"].map((name) => [name, "1000000"]),
);

async function readAppRoutes() {
  const { serverBuild } = (await import(pathToFileURL(SERVER_BUILD).href)) as { serverBuild: () => Promise<ServerBuild> };
  const { routes } = await serverBuild();
  const fullPath = (id: string): string => {
    const route = routes[id]!;
    const own = route.path ?? "";
    const parent = route.parentId ? fullPath(route.parentId) : "";
    return [parent, own].filter(Boolean).join("/");
  };
  for (const route of Object.values(routes)) {
    // The root and the layouts answer no address of their own.
    if (!route || route.id === "root" || (route.path === undefined && !route.index)) continue;
    const methods: Method[] = [];
    if (route.module.loader || route.module.default) methods.push("GET");
    if (route.module.action) methods.push("POST");
    appRoutes.set(fullPath(route.id), { id: route.id, methods, resource: !route.module.default });
  }
}

async function one<T>(query: Promise<T[]>, what: string): Promise<T> {
  const [row] = await query;
  if (!row) throw new Error(`matrix fixture: no ${what} in the demo`);
  return row;
}

beforeAll(async () => {
  server = await startTestServer({ seed: false, env: { UPLOADS_DIR: uploadsDir, ...UNLIMITED } });
  db = server.database.db;
  await importShippedReferentials(db);
  const demo = await seedDemoData(db, { storage: folderStorage(uploadsDir), hashPassword });
  const touba = demo.touba!;
  const toubaProcess = await one(db.select({ establishmentId: labellingProcesses.establishmentId }).from(labellingProcesses).where(eq(labellingProcesses.id, touba.processId)), "Touba process");
  // Two people the demo lacks: a colleague of Touba's coordinator who is not coordinator, an auditor off every team.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const [colleague] = await db
    .insert(users)
    .values({ email: "collegue.touba@label.example.org", name: "Ibrahima Fall", role: "hospital", establishmentId: toubaProcess.establishmentId, isCoordinator: false, passwordHash })
    .returning({ id: users.id });
  const lome = await one(db.select({ id: labellingProcesses.id, establishmentId: labellingProcesses.establishmentId }).from(labellingProcesses).where(eq(labellingProcesses.id, demo.lome!.processId)), "Lomé process");
  await db.insert(users).values({ email: "collegue.lome@label.example.org", name: "Kossi Agbeko", role: "hospital", establishmentId: lome.establishmentId, isCoordinator: false, passwordHash });
  await db.insert(users).values({ email: "hors-equipe@audit.example.org", name: "Dr Jean Hors", role: "auditor", passwordHash });
  const coordinator = await one(db.select({ id: users.id }).from(users).where(eq(users.email, "touba@label.example.org")), "Touba coordinator");
  const evidence = await one(db.select({ id: evidenceFiles.id }).from(evidenceFiles).where(eq(evidenceFiles.processId, touba.processId)).limit(1), "Touba evidence");
  const action = await one(db.select({ id: actionItems.id }).from(actionItems).where(eq(actionItems.processId, touba.processId)).limit(1), "Touba action");
  const [notice] = await db.insert(notifications).values({ userId: coordinator.id, kind: "process_opened", processId: touba.processId }).returning({ id: notifications.id });
  // An earlier round of Touba's audit, released (as a revisit would leave it), for the round page.
  await db.insert(auditRounds).values({ processId: touba.processId, round: 1, startsOn: "2025-10-06", endsOn: "2025-10-08", summaryFr: "Tour 1", summaryEn: "Round 1", submittedAt: new Date(), releasedAt: new Date(), team: [], ratings: [] });
  // A draft version of the referential (the DRI's alone until published).
  const shipped = readFileSync(join(REFERENTIALS_DIR, "label-qss", "2026.yaml"), "utf8");
  // The 2026 text under another number, following 2024 as 2026 does (its criteria say what they replace there).
  const previous = await loadReferentialVersion(db, "label-qss", "2024");
  const draft = await importReferential(db, shipped.replace(/^version: "2026"$/m, 'version: "2099"'), { previous });
  if (!draft.ok) throw new Error(`matrix fixture: the draft referential was refused: ${JSON.stringify(draft.problems.slice(0, 3))}`);
  const version = await one(db.select({ hash: referentialVersions.contentHash }).from(referentialVersions).where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024"))), "label-qss 2024");
  // A registry project Touba takes part in (its staff read it, Fann's do not).
  const project = await one(db.select({ id: cooperationProjects.id }).from(cooperationProjects).limit(1), "cooperation project");
  await db.insert(projectEstablishments).values({ projectId: project.id, establishmentId: toubaProcess.establishmentId }).onConflictDoNothing();
  const site = await one(db.select({ id: apHpSites.id }).from(apHpSites).limit(1), "AP-HP site");
  const agreement = await one(db.select({ id: frameworkAgreements.id }).from(frameworkAgreements).limit(1), "framework agreement");
  await db.update(frameworkAgreements).set({ establishmentId: toubaProcess.establishmentId }).where(eq(frameworkAgreements.id, agreement.id)); // Touba's
  const [application] = await db
    .insert(applications)
    .values({ establishmentName: "Hôpital de la matrice", searchKey: "hopital de la matrice|kaolack", countryCode: "SN", city: "Kaolack", contactName: "Awa Sarr", contactEmail: "awa.sarr@example.sn", language: "fr", motivation: "Rejoindre le label.", clientAddress: "127.0.0.1" })
    .returning({ id: applications.id });
  params = {
    byName: {
      lng: "fr",
      token: "matrix-token-that-was-never-issued",
      number: touba.certificateNumber,
      processId: touba.processId,
      criterionCode: "9.2.3",
      fileId: evidence.id,
      actionId: action.id,
      round: "1",
      userId: colleague!.id,
      code: "label-qss",
      version: "2024",
      criterion: "1.1.1",
      file: `${version.hash}.json`,
    },
    idAfter: {
      notifications: notice!.id,
      "cooperations/projects": project.id,
      "cooperations/establishments": toubaProcess.establishmentId,
      "cooperations/sites": site.id,
      "cooperations/agreements": agreement.id,
      "admin/applications": application!.id,
    },
    scenes: {
      unreleased: { processId: lome.id },
      crossed: { processId: demo.fann!.processId },
      draft: { version: draft.version, file: `${draft.contentHash}.json` },
    },
  };
  await readAppRoutes();

  const anonymous = new TestBrowser(server.baseUrl);
  await anonymous.get("/login"); // its CSRF cookie
  const as = (email: string) => signedInAs(server.baseUrl, email);
  Object.assign(browsers, {
    anonymous,
    dri: await as("admin@label.example.org"),
    teamAuditor: await as("auditeur@label.example.org"),
    offTeamAuditor: await as("hors-equipe@audit.example.org"),
    coordinator: await as("touba@label.example.org"),
    colleague: await as("collegue.touba@label.example.org"),
    otherHospital: await as("fann@label.example.org"),
  });
  Object.assign(lomeBrowsers, { coordinator: await as("lome@label.example.org"), colleague: await as("collegue.lome@label.example.org") });
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

/** The address of a route with the fixture's values in place of its parameters. */
function addressOf({ path, scene }: MatrixRow): string {
  if (path === "*") return "/matrix/nowhere";
  const filled = path.replace(/:(\w+)\??/g, (_, name: string) => {
    const value =
      name === "id"
        ? params.idAfter[path.slice(0, path.indexOf("/:id"))]
        : ((scene === "decided" ? undefined : params.scenes[scene][name]) ?? params.byName[name]);
    if (value === undefined) throw new Error(`no value for :${name} of ${path}: add it to the matrix fixture`);
    return encodeURIComponent(value);
  });
  return `/${filled}`;
}

interface Cell {
  row: MatrixRow;
  actor: MatrixActor;
  variant: "page" | "data";
}

/** What the guard said, from the answer: a redirect to the login page, 403, 404, or through (`ok`); anything else as is. */
async function outcomeOf(response: Response, cell: Cell): Promise<string> {
  const status = response.status;
  const location = response.headers.get("Location") ?? "";
  const toLogin = (target: string) => /^\/login(\?redirectTo=|$)/.test(target);
  if (status >= 300 && status < 400 && toLogin(location)) return "login";
  // React Router answers a `.data` request's redirect with 202 and the target in its (turbo-stream) body.
  if (cell.variant === "data" && status === 202) {
    const body = await response.text();
    return /"\/login(\?redirectTo=[^"]*)?"/.test(body) ? "login" : "ok";
  }
  if (status === 401 || status >= 500) return `status ${status}`;
  if (status >= 400 && status === Number(cell.row.expected[cell.actor])) return String(status);
  if (status === 403 || status === 404) return String(status);
  // A page read answers 2xx/3xx; an action past the guard may refuse the probe's empty form (400, 409, 413…).
  if (cell.row.method === "GET" && status >= 400) return `status ${status}`;
  return "ok";
}

async function run(cell: Cell): Promise<{ cell: Cell; got: string }> {
  const { row, actor, variant } = cell;
  const route = appRoutes.get(row.path)!;
  const address = addressOf(row);
  const browser = row.scene === "unreleased" && (actor === "coordinator" || actor === "colleague") ? lomeBrowsers[actor] : browsers[actor];
  let response: Response;
  if (variant === "page") {
    response = row.method === "GET" ? await browser.get(address) : await browser.post(address, row.form ?? { intent: "matrix-probe" });
  } else {
    // The index route's data is `/_root.data`; `_routes` asks for this route's loader alone; an index action needs `?index`.
    const base = address === "/" ? "/_root.data" : `${address}.data`;
    response =
      row.method === "GET"
        ? await browser.get(`${base}?_routes=${encodeURIComponent(route.id)}`)
        : await browser.post(address === "/" ? `${base}?index` : base, row.form ?? { intent: "matrix-probe" });
  }
  const got = await outcomeOf(response, cell);
  if (!response.bodyUsed) await response.body?.cancel();
  return { cell, got };
}

/** Runs the cells a few at a time (one server, one event loop shared with the test). */
async function runAll(cells: Cell[], concurrency = 8) {
  const results: { cell: Cell; got: string }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < cells.length) results.push(await run(cells[next++]!));
    }),
  );
  return results;
}

// Once, on PGlite: the guards are the app's code, the same whatever the engine (and the matrix is a minute or two of
// requests; `npm test` must stay well under 20 minutes).
describe.skipIf(process.env.TEST_DATABASE === "postgres")("authorization matrix", () => {
  it("declares every route of the app and every method it answers, and nothing else", () => {
    const answered = [...appRoutes].flatMap(([path, { methods }]) => methods.map((m) => `${m} ${path}`)).sort();
    const keys = AUTHORIZATION_MATRIX.map((r) => `${r.method} ${r.path} ${r.scene}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i), "lines declared twice").toEqual([]);
    const declared = AUTHORIZATION_MATRIX.filter((r) => r.scene === "decided").map((r) => `${r.method} ${r.path}`).sort();
    const elsewhere = AUTHORIZATION_MATRIX.map((r) => `${r.method} ${r.path}`);
    expect(answered.filter((x) => !declared.includes(x)), "routes missing from tests/support/authorization-matrix.ts").toEqual([]);
    expect(elsewhere.filter((x) => !answered.includes(x)), "lines for routes or methods the app does not have").toEqual([]);
  });

  it("holds in every cell, for the page and its .data request", async () => {
    // React Router asks for the `.data` of pages only: a resource route's (file, JSON) is a 404 whoever asks.
    const variants = (row: MatrixRow) => (appRoutes.get(row.path)!.resource ? (["page"] as const) : (["page", "data"] as const));
    const cells = (rows: MatrixRow[]) => rows.flatMap((row) => MATRIX_ACTORS.flatMap((actor) => variants(row).map((variant) => ({ row, actor, variant }))));
    const started = Date.now();
    // The server runs in this process: its CPU time is what the cells cost on a machine with nothing else to do.
    const cpu0 = process.cpuUsage();
    const rows = AUTHORIZATION_MATRIX.filter((r) => appRoutes.has(r.path));
    // Signing out ends the session the other cells use: last.
    const results = [...(await runAll(cells(rows.filter((r) => !r.endsSession)))), ...(await runAll(cells(rows.filter((r) => r.endsSession))))];
    const tally = new Map<string, number>();
    for (const { cell } of results) tally.set(cell.row.expected[cell.actor], (tally.get(cell.row.expected[cell.actor]) ?? 0) + 1);
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `authorization matrix: ${results.length} cells (${rows.length} lines × ${MATRIX_ACTORS.length} actors × the page, and its .data for pages) in ${((Date.now() - started) / 1000).toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s) — ` +
        [...new Set(AUTHORIZATION_MATRIX.flatMap((r) => Object.values(r.expected)))].map((o) => `${o}: ${tally.get(o) ?? 0}`).join(", "),
    );
    const wrong = results
      .filter(({ cell, got }) => got !== cell.row.expected[cell.actor])
      .map(({ cell, got }) => `${cell.row.method} ${addressOf(cell.row)}${cell.variant === "data" ? " (.data)" : ""} as ${cell.actor}: expected ${cell.row.expected[cell.actor]}, got ${got}`)
      .sort();
    expect(wrong).toEqual([]);
  }, 600_000);
});
