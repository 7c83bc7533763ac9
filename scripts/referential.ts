// npm run referential -- <command> … — validate, import, publish, retire and compare referential versions.
// Opens the database like scripts/migrate.ts (DATABASE_URL, or the PGlite folder PGLITE_DIR) and migrates it first.
// Never point it at the PGlite folder of a running server: only one process may open a PGlite folder.
import { eq } from "drizzle-orm";
import { readConfig } from "#app/config.server.ts";
import { diffVersions, type CriterionRef, type VersionDiff } from "#app/domain/referential/diff.ts";
import { contentHash } from "#app/services/referential/content-hash.server.ts";
import { allCriteria, type ReferentialVersion } from "#app/domain/referential/schema.ts";
import type { Language } from "#app/domain/language.ts";
import { formatProblem, type ReferentialProblem } from "#app/domain/referential/validate.ts";
import { isFile, listReferentialFiles, loadReferentialFile, type LoadedReferentialFile } from "#app/services/referential/referential-files.server.ts";
import {
  importParsedReferential,
  importReferential,
  listReferentialVersions,
  loadReferentialVersion,
  publishReferential,
  ReferentialError,
  retireReferential,
  type ImportResult,
} from "#app/services/referential/referentials.server.ts";
import { openDatabase, type Database } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { users } from "#db/schema.ts";

const HELP = `Referential versions (referentials/<code>/<version>.yaml; format in referentials/README.md)

Usage: npm run referential -- <command> [arguments]

  validate FILE...                    Check files without touching the database. Prints every problem with its
                                      path in the document (and line). When referentials/<code>/ holds an earlier
                                      version of the file's code, replaces is checked against it. Exit 1 on any problem.
  import FILE [--actor EMAIL]         Validate, then load the file as a draft, in one transaction (nothing is half
                                      imported). A draft of the same code and version is replaced; a published or
                                      retired one is never changed (same content: "unchanged"; other content: refused).
  publish CODE VERSION [--actor EMAIL]
                                      Publish a draft: its content is frozen for good (the database refuses changes).
  retire CODE VERSION [--actor EMAIL] Retire a published version.
  list                                The versions in the database.
  diff OLD NEW [--lang en|fr]         What changed from OLD to NEW (criteria added, removed, moved, reworded, tier
                                      changed…, following replaces). OLD and NEW are files or versions: CODE@VERSION,
                                      or just VERSION when the code is clear (the other side's, or the only one).
                                      A version is read from referentials/<code>/<version>.yaml, else from the database.

  --actor EMAIL   the DRI administrator the change is recorded under in the history (default: "system").

Database: DATABASE_URL (postgres://…) when set, otherwise the PGlite folder PGLITE_DIR (default .data/pglite).
It is migrated first.
WARNING: never point this command at the PGlite folder of a running server (npm start / npm run dev): only one
process may open a PGlite folder, and a second one corrupts it. Stop the server first, or use PostgreSQL.
`;

class UsageError extends Error {}

const argv = process.argv.slice(2);
const flags = new Map<string, string>();
const args: string[] = [];
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i]!;
  if (arg === "--help" || arg === "-h") flags.set("help", "");
  else if (arg.startsWith("--")) {
    const [name, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (value === undefined) {
      console.error(`--${name} needs a value\n\n${HELP}`);
      process.exit(1);
    }
    flags.set(name, value);
  } else args.push(arg);
}

let database: Database | undefined;
async function openDb(): Promise<Database> {
  if (database) return database;
  const config = readConfig();
  database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
  console.error(`Database: ${database.kind} (${database.location})`);
  await runMigrations(database, config.DATABASE_URL);
  return database;
}

async function actorId(db: Database["db"]): Promise<string | null> {
  const email = flags.get("actor");
  if (email === undefined) return null;
  const [user] = await db.select({ id: users.id, role: users.role, active: users.active }).from(users).where(eq(users.email, email.trim().toLowerCase()));
  if (!user) throw new UsageError(`--actor: no account with the e-mail address ${email}`);
  if (user.role !== "dri_admin" || !user.active) throw new UsageError(`--actor: ${email} is not an active DRI administrator`);
  return user.id;
}

function printProblems(file: string, problems: ReferentialProblem[]) {
  console.log(`${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"}`);
  for (const problem of problems) console.log(`  ${formatProblem(problem)}`);
}

function describe(version: ReferentialVersion): string {
  const criteria = allCriteria(version);
  const tiers = (tier: string) => criteria.filter((c) => c.tier === tier).length;
  const standards = version.chapters.reduce((n, c) => n + c.standards.length, 0);
  return (
    `${version.code} ${version.version}: ${version.chapters.length} chapters, ${standards} standards, ${criteria.length} criteria ` +
    `(${tiers("critical")} critical, ${tiers("core")} core, ${tiers("advanced")} advanced)`
  );
}

function validate(files: string[]): number {
  if (files.length === 0) throw new UsageError("validate: give at least one FILE");
  let failed = 0;
  for (const file of files) {
    if (!isFile(file)) {
      console.log(`${file}: no such file`);
      failed++;
      continue;
    }
    const loaded = loadReferentialFile(file);
    if (!loaded.result.ok) {
      printProblems(loaded.path, loaded.result.problems);
      failed++;
      continue;
    }
    const against = loaded.previous ? `; replaces checked against ${loaded.previous.version} (${loaded.previous.path})` : "; no previous version";
    console.log(`${loaded.path}: valid — ${describe(loaded.result.version)}${against}; content hash ${contentHash(loaded.result.version).slice(0, 12)}`);
  }
  return failed > 0 ? 1 : 0;
}

async function importFile(file: string | undefined): Promise<number> {
  if (!file || args.length > 2) throw new UsageError("import: give exactly one FILE");
  if (!isFile(file)) throw new UsageError(`${file}: no such file`);
  const loaded = loadReferentialFile(file);
  // Files that only fail on `replaces` with no earlier file beside them may follow a version in the database.
  const lineageOnly = !loaded.result.ok && !loaded.previous && loaded.result.problems.every((p) => /\.replaces(\[\d+\])?$/.test(p.path));
  if (!loaded.result.ok && !lineageOnly) {
    printProblems(loaded.path, loaded.result.problems);
    return 1;
  }
  const { db } = await openDb();
  const actorUserId = await actorId(db);
  const result: ImportResult = loaded.result.ok
    ? await importParsedReferential(db, loaded.result.version, loaded.text, { actorUserId })
    : await importReferential(db, loaded.text, { actorUserId });
  if (!result.ok) {
    printProblems(loaded.path, result.problems);
    return 1;
  }
  const what = { created: "imported as a draft", replaced_draft: "replaced the draft", unchanged: "unchanged (same content already there)" }[result.status];
  console.log(`${result.code} ${result.version}: ${what}; status ${result.versionStatus}; content hash ${result.contentHash.slice(0, 12)}`);
  if (result.versionStatus === "draft") console.log(`Publish it with: npm run referential -- publish ${result.code} ${result.version}`);
  return 0;
}

async function lifecycle(step: "publish" | "retire"): Promise<number> {
  const [, code, version] = args;
  if (!code || !version || args.length > 3) throw new UsageError(`${step}: give CODE and VERSION, e.g. ${step} label-qss 2024`);
  const { db } = await openDb();
  const actorUserId = await actorId(db);
  if (step === "publish") {
    const done = await publishReferential(db, { code, version }, { actorUserId });
    console.log(`${code} ${version}: published; content hash ${done.contentHash}. Its content can no longer change.`);
  } else {
    await retireReferential(db, { code, version }, { actorUserId });
    console.log(`${code} ${version}: retired.`);
  }
  return 0;
}

async function list(): Promise<number> {
  const { db } = await openDb();
  const versions = await listReferentialVersions(db);
  if (versions.length === 0) console.log("No referential version in the database.");
  for (const v of versions) {
    const c = v.counts;
    console.log(
      `${v.code} ${v.version}  ${v.status.padEnd(9)}  effective ${v.effectiveDate}  ${c.chapters} chapters, ${c.standards} standards, ` +
        `${c.criteria} criteria (${c.critical} critical, ${c.advanced} advanced)  hash ${v.contentHash.slice(0, 12)}`,
    );
  }
  return 0;
}

// ─── diff ───────────────────────────────────────────────────────────────────────────────────────────────────────

async function resolveSide(spec: string, other: string): Promise<{ label: string; version: ReferentialVersion } | null> {
  if (isFile(spec)) {
    const loaded: LoadedReferentialFile = loadReferentialFile(spec);
    if (!loaded.result.ok) {
      printProblems(loaded.path, loaded.result.problems);
      return null;
    }
    return { label: loaded.path, version: loaded.result.version };
  }
  const match = /^(?:([a-z0-9-]+)@)?([0-9A-Za-z][0-9A-Za-z.-]*)$/.exec(spec);
  if (!match) throw new UsageError(`diff: ${spec} is neither a file nor a version (CODE@VERSION)`);
  const version = match[2]!;
  const code = match[1] ?? codeOf(other);
  const shipped = listReferentialFiles().find((f) => f.code === code && f.version === version);
  if (shipped) return resolveSide(shipped.path, other);
  const { db } = await openDb();
  const fromDb = await loadReferentialVersion(db, code, version);
  if (!fromDb) throw new UsageError(`diff: no version ${version} of ${code} under referentials/ or in the database`);
  return { label: `${code}@${version} (database)`, version: fromDb };
}

function codeOf(other: string): string {
  const explicit = /^([a-z0-9-]+)@/.exec(other)?.[1];
  if (explicit) return explicit;
  if (isFile(other)) {
    const loaded = loadReferentialFile(other);
    if (loaded.code !== "?") return loaded.code;
  }
  const codes = [...new Set(listReferentialFiles().map((f) => f.code))];
  if (codes.length === 1) return codes[0]!;
  throw new UsageError("diff: say which referential, as CODE@VERSION");
}

async function diff(): Promise<number> {
  const [, olderSpec, newerSpec] = args;
  if (!olderSpec || !newerSpec || args.length > 3) throw new UsageError("diff: give OLD and NEW, e.g. diff label-qss@2019 referentials/label-qss/2024.yaml");
  const lang = (flags.get("lang") ?? "en") as Language;
  if (lang !== "en" && lang !== "fr") throw new UsageError("--lang: en or fr");
  const older = await resolveSide(olderSpec, newerSpec);
  const newer = await resolveSide(newerSpec, olderSpec);
  if (!older || !newer) return 1;
  printDiff(older.label, newer.label, diffVersions(older.version, newer.version), lang);
  return 0;
}

function printDiff(olderLabel: string, newerLabel: string, d: VersionDiff, lang: Language) {
  const s = d.summary;
  const ref = (r: CriterionRef) => `${r.code} [${r.tier}]`;
  const text = (r: CriterionRef) => r.text[lang];
  console.log(`${olderLabel} (${d.olderVersion}) → ${newerLabel} (${d.newerVersion})`);
  console.log(`Criteria: ${s.olderCriteria} → ${s.newerCriteria}`);
  const counts: [string, number][] = [
    ["added", s.added],
    ["removed", s.removed],
    ["moved", s.moved],
    ["reworded", s.reworded],
    ["tier changed", s.tierChanged],
    ["details changed", s.detailsChanged],
    ["merged", s.merged],
    ["split", s.split],
    ["regrouped", s.regrouped],
    ["unchanged", s.unchanged],
  ];
  for (const [label, n] of counts) console.log(`  ${label.padEnd(16)}${String(n).padStart(5)}`);
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    console.log(`\n${title} (${lines.length})`);
    for (const line of lines) console.log(line);
  };
  section("Added", d.added.map((r) => `  + ${ref(r)} ${text(r)}`));
  section("Removed", d.removed.map((r) => `  - ${ref(r)} ${text(r)}`));
  section(
    "Moved",
    d.moved.map((m) => {
      const what = [m.codeChanged && "code", m.standardChanged && `standard ${m.older.standardCode} → ${m.newer.standardCode}`, m.chapterChanged && `chapter ${m.older.chapterCode} → ${m.newer.chapterCode}`];
      return `  ${m.older.code} → ${m.newer.code} (${what.filter(Boolean).join(", ")})`;
    }),
  );
  section(
    "Reworded",
    d.reworded.map((r) => `  ${r.olderCode} → ${r.newerCode} [${r.languages.join(", ")}]\n    was: ${r.old[lang]}\n    now: ${r.new[lang]}`),
  );
  section("Tier changed", d.tierChanged.map((t) => `  ${t.olderCode} → ${t.newerCode}: ${t.old} → ${t.new}`));
  section("Details changed", d.detailsChanged.map((c) => `  ${c.olderCode} → ${c.newerCode}: ${c.fields.join(", ")}`));
  section("Merged", d.merged.map((m) => `  ${m.older.map((r) => r.code).join(" + ")} → ${ref(m.newer)} ${text(m.newer)}`));
  section("Split", d.split.map((m) => `  ${ref(m.older)} → ${m.newer.map((r) => r.code).join(" + ")}`));
  section("Regrouped", d.regrouped.map((m) => `  ${m.older.map((r) => r.code).join(" + ")} → ${m.newer.map((r) => r.code).join(" + ")}`));
}

// ─── main ───────────────────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<number> {
  const command = args[0];
  if (flags.has("help") || !command || command === "help") {
    console.log(HELP);
    return command || flags.has("help") ? 0 : 1;
  }
  switch (command) {
    case "validate":
      return validate(args.slice(1));
    case "import":
      return importFile(args[1]);
    case "publish":
    case "retire":
      return lifecycle(command);
    case "list":
      return list();
    case "diff":
      return diff();
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

let code: number;
try {
  code = await main();
} catch (error) {
  if (error instanceof UsageError) console.error(`${error.message}\n\nnpm run referential -- help   for the commands`);
  else if (error instanceof ReferentialError) console.error(error.message);
  else console.error(error);
  code = 1;
} finally {
  await database?.close();
}
process.exit(code!);
