// npm run backup / npm run restore (ADR 0029): the demo (every table filled) backed up and restored into an empty
// database and storage, then every row of every table and every file compared with the source. On PGlite:
// PGlite → PGlite, into and from an S3 bucket (s3rver), a tampered and a truncated archive refused, a non-empty
// database or storage refused, a PGlite folder in use refused by the command. On PostgreSQL: PostgreSQL → PostgreSQL, PostgreSQL → PGlite and PGlite → PostgreSQL
// (PGlite is PostgreSQL 18, the server 15).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { gunzipSync, gzipSync } from "node:zlib";
import { eq, isNull, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database, type Db } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import * as schema from "#db/schema.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { BackupFileMissing, writeBackup } from "#app/services/backup/backup.server.ts";
import { appliedMigrations, sequenceValues, tableShapes } from "#app/services/backup/catalog.server.ts";
import { rowsOf } from "#db/client.ts";
import { restoreBackup, RestoreRefused, verifyArchive } from "#app/services/backup/restore.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { readConfig } from "#app/config.server.ts";
import { createEvidenceStorage, folderStorage, readWhole, type EvidenceStorage } from "#app/services/storage/evidence-storage.server.ts";
import { seedDemoData } from "#scripts/seed/demo-data.ts";
import { createTestDatabase } from "#tests/support/database.ts";
import { withDatabase } from "#tests/support/global-setup.ts";
import { startS3Server } from "#tests/support/s3-server.ts";

const onPostgres = process.env.TEST_DATABASE === "postgres";
const work = mkdtempSync(join(tmpdir(), "label-backup-it-"));
const opened: Database[] = [];
let source: Database;
let sourceStorage: EvidenceStorage;
let archive: string;
let made = 0;
/** A blank PGlite runs initdb (a few seconds, far more on a loaded machine). */
const BLANK_PGLITE_MS = 60_000;

/** A new folder storage under the test's temporary folder. */
const newStorage = () => folderStorage(join(work, `uploads-${++made}`));

/** A blank database (never migrated): an in-memory PGlite, or a new database on the PostgreSQL of DATABASE_URL. */
async function blankDatabase(kind: "pglite" | "postgres"): Promise<{ database: Database; url?: string }> {
  if (kind === "pglite") {
    const database = await openDatabase({ pgliteDir: "memory://" });
    opened.push(database);
    return { database };
  }
  const name = `label_bk_${process.pid}_${++made}`;
  const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(process.env.DATABASE_URL!, name);
  const database = await openDatabase({ url });
  opened.push({
    ...database,
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  });
  return { database, url };
}

/** Rows in the tables the demo leaves empty, so that every table is backed up with something in it. */
async function fillEveryTable(db: Db) {
  const [admin] = await db.select().from(schema.users).where(eq(schema.users.email, "admin@label.example.org"));
  const [labelling] = await db.select().from(schema.labellingProcesses).limit(1);
  const [decision] = await db.select().from(schema.labellingDecisions).limit(1);
  const [label] = await db.select().from(schema.labels).limit(1);
  const at = new Date("2026-01-05T09:12:34.567Z");
  await db.insert(schema.sessions).values({ id: "a".repeat(64), userId: admin!.id, expiresAt: at, rememberMe: true, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0", ipPrefix: "10.1.2.0/24", lastSeenAt: at });
  await db.insert(schema.pendingSignIns).values({ id: "9".repeat(64), userId: admin!.id, rememberMe: false, redirectTo: "/processes", expiresAt: at });
  await db.insert(schema.recoveryCodes).values({ userId: admin!.id, codeHash: "8".repeat(64), usedAt: at });
  await db.insert(schema.userTokens).values({ userId: admin!.id, kind: "password_reset", tokenHash: "b".repeat(64), expiresAt: at });
  await db.insert(schema.loginThrottles).values({ key: "someone@example.org|*", failures: 3, lastFailureAt: at });
  await db.insert(schema.rateLimitEvents).values([{ bucket: "public_reads", keyHash: "c".repeat(64) }, { bucket: "public_reads", keyHash: "d".repeat(64) }]);
  await db.insert(schema.idempotentSaves).values({ key: "k-1", userId: admin!.id, entity: "audit_rating:x:1.1.1", result: { status: 200, version: 3, note: "« é » \n\u2028" } });
  await db.insert(schema.jobRuns).values({ job: "daily_reminders", runOn: "2026-01-05", instance: "it", finishedAt: at, result: { sent: 2, ratio: 0.1 + 0.2 } });
  await db.insert(schema.ratingImports).values({ processId: labelling!.id, userId: admin!.id, fileName: "évaluation.xlsx", rows: [{ code: "1.1.1", rating: null }, "text", 12.5] });
  await db.insert(schema.applications).values({
    establishmentName: "Hôpital d'essai",
    searchKey: "hopital d'essai|dakar",
    countryCode: "SN",
    city: "Dakar",
    contactName: "Awa Ndiaye",
    contactEmail: "awa@example.org",
    language: "fr",
    motivation: "Deux lignes\nde motivation.",
    clientAddress: "203.0.113.7",
  });
  await db.insert(schema.auditRounds).values({
    processId: labelling!.id,
    round: 1,
    startsOn: "2025-10-14",
    endsOn: "2025-10-16",
    summaryFr: "Résumé",
    summaryEn: "Summary",
    team: [],
    ratings: [{ code: "1.1.1", rating: null, finding: "", classification: null, methods: ["interview"], updatedByName: null }],
  });
  await db.insert(schema.labelEvents).values({ labelId: label!.id, kind: "suspended", reason: "Essai", actorUserId: admin!.id, at });
  await db.insert(schema.decisionAnnulments).values({ decisionId: decision!.id, reason: "Erreur matérielle", annulledBy: admin!.id, annulledAt: at });
}

/** Every row of every table as PostgreSQL's JSON (timestamps in UTC), sorted; the sequences; the migrations. */
async function contentsOf(db: Db) {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw("set local timezone = 'UTC'"));
    const tables: Record<string, string[]> = {};
    for (const table of await tableShapes(tx)) {
      const rows = await rowsOf<{ row: string }>(tx, `select row_to_json(t)::text as "row" from public."${table.name}" t`);
      tables[table.name] = rows.map((r) => r.row).sort();
    }
    return { tables, sequences: await sequenceValues(tx), migrations: await appliedMigrations(tx) };
  });
}

/** The evidence files of the source's library, byte for byte, as the target's storage holds them. */
async function expectSameFiles(target: EvidenceStorage) {
  const files = await source.db.select({ key: schema.evidenceFiles.storedName }).from(schema.evidenceFiles).where(isNull(schema.evidenceFiles.deletedAt));
  expect(files.length).toBeGreaterThan(0);
  const keys: string[] = [];
  for await (const key of target.keys()) keys.push(key);
  expect(keys.sort()).toEqual(files.map((f) => f.key).sort());
  for (const { key } of files) expect((await readWhole(target, key))!.equals((await readWhole(sourceStorage, key))!)).toBe(true);
}

async function expectSameAsSource(target: Database, storage: EvidenceStorage) {
  const [expected, actual] = [await contentsOf(source.db), await contentsOf(target.db)];
  expect(Object.keys(actual.tables)).toEqual(Object.keys(expected.tables));
  for (const [table, rows] of Object.entries(expected.tables)) {
    expect(rows.length, `rows of ${table}`).toBeGreaterThan(0);
    expect(actual.tables[table], table).toEqual(rows);
  }
  expect(actual.sequences).toEqual(expected.sequences);
  expect(actual.migrations).toEqual(expected.migrations);
  await expectSameFiles(storage);
}

beforeAll(async () => {
  source = await createTestDatabase();
  sourceStorage = newStorage();
  await importShippedReferentials(source.db);
  await seedDemoData(source.db, { storage: sourceStorage, hashPassword });
  await fillEveryTable(source.db);
  archive = join(work, "source.tar.gz");
  await writeBackup(source, sourceStorage, archive);
});

afterAll(async () => {
  for (const database of opened) await database.close();
  await source?.close();
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(onPostgres)("backup and restore on PGlite", () => {
  it("restores every row of every table and every file into a blank database, at the same schema version", async () => {
    const { database } = await blankDatabase("pglite");
    const storage = newStorage();
    const summary = await restoreBackup(database, storage, archive);
    expect(summary.manifest.schemaVersion?.tag).toMatch(/^\d{4}_/);
    expect(summary.manifest.files.length).toBe(summary.files);
    await expectSameAsSource(database, storage);
    // `npm start` finds nothing to migrate (and, with users present, nothing to seed).
    const before = (await appliedMigrations(database.db)).length;
    await runMigrations(database);
    expect((await appliedMigrations(database.db)).length).toBe(before);
    // The sequences go on after the restored ids.
    const [event] = await database.db.insert(schema.rateLimitEvents).values({ bucket: "x", keyHash: "e".repeat(64) }).returning();
    const highest = await source.db.select({ id: schema.rateLimitEvents.id }).from(schema.rateLimitEvents);
    expect(event!.id).toBeGreaterThan(Math.max(...highest.map((r) => r.id)));
  }, BLANK_PGLITE_MS);

  it("refuses an altered or truncated archive, or a storage that is not empty, and changes nothing", async () => {
    const tar = gunzipSync(readFileSync(archive));
    // One byte changed in a table's rows ("Dakar" → "Dakaz").
    const at = tar.indexOf("Dakar");
    expect(at).toBeGreaterThan(0);
    const altered = Buffer.from(tar);
    altered[at + 4] = "z".charCodeAt(0);
    const alteredFile = join(work, "altered.tar.gz");
    writeFileSync(alteredFile, gzipSync(altered));
    const truncatedFile = join(work, "truncated.tar.gz");
    writeFileSync(truncatedFile, readFileSync(archive));
    truncateSync(truncatedFile, Math.floor(readFileSync(archive).length / 2));

    // A migrated, empty database (only the countries its migrations load): what `createdb` + `npm run db:migrate` give.
    const database = await createTestDatabase();
    opened.push(database);
    const before = await contentsOf(database.db);
    const storage = newStorage();
    await expect(restoreBackup(database, storage, alteredFile)).rejects.toThrow(/does not match its manifest \(the SHA-256 of tables\/.+ differs\)/);
    await expect(restoreBackup(database, storage, truncatedFile)).rejects.toThrow(/damaged or truncated/);
    const filled = newStorage();
    await filled.put("f".repeat(32), Readable.from([Buffer.from("x")]), { maxBytes: 10 });
    await expect(restoreBackup(database, filled, archive)).rejects.toThrow(RestoreRefused);
    await expect(restoreBackup(database, filled, archive)).rejects.toThrow(/evidence storage .* is not empty/);
    expect(await contentsOf(database.db)).toEqual(before);
    for await (const key of storage.keys()) expect.fail(`nothing written, yet ${key}`);

    // The same database then takes the archive itself.
    await restoreBackup(database, storage, archive);
    await expectSameAsSource(database, storage);
  });

  it("a backup fails, leaving no archive, when an evidence file of the snapshot is missing from the storage", async () => {
    const partial = newStorage();
    const keys: string[] = [];
    for await (const key of sourceStorage.keys()) keys.push(key);
    for (const key of keys.slice(1)) await partial.put(key, (await sourceStorage.get(key))!.body, { maxBytes: 1e9 });
    const file = join(work, "missing.tar.gz");
    await expect(writeBackup(source, partial, file)).rejects.toThrow(new BackupFileMissing([keys[0]!]));
    expect(existsSync(file) || existsSync(`${file}.partial`)).toBe(false);
  });

  it("refuses a database that is not empty", async () => {
    await expect(restoreBackup(source, newStorage(), archive)).rejects.toThrow(/The database is not empty \(rows in .+\)\. A backup is restored only into an empty database/);
  });

  it("restores the files into an S3 bucket, and backs up from it the same files", async () => {
    const s3 = await startS3Server();
    try {
      const bucket = createEvidenceStorage(readConfig({ S3_URL: s3.url }));
      const database = await createTestDatabase();
      opened.push(database);
      await restoreBackup(database, bucket, archive);
      await expectSameFiles(bucket);
      const again = join(work, "from-bucket.tar.gz");
      const summary = await writeBackup(database, bucket, again);
      expect((await verifyArchive(again)).files).toEqual(summary.manifest.files);
      expect(summary.manifest.files).toEqual((await verifyArchive(archive)).files);
    } finally {
      await s3.close();
    }
  });

  it("npm run backup refuses a PGlite folder open in another process", () => {
    // What an open PGlite keeps in its folder until it closes (opening a real one here would cost an initdb).
    const dir = join(work, "pglite-in-use");
    mkdirSync(dir);
    writeFileSync(join(dir, "postmaster.pid"), "-42\n/pglite/data\n");
    const result = spawnSync("npx", ["tsx", "scripts/backup.ts", join(work, "never.tar.gz")], {
      env: { ...process.env, DATABASE_URL: "", PGLITE_DIR: dir, UPLOADS_DIR: join(work, "none"), NODE_ENV: "production" },
      encoding: "utf8",
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`The PGlite folder ${dir} is open in another process (a running \`npm start\`?)`);
    expect(result.stderr).toContain("Stop the server");
  });
});

describe.skipIf(!onPostgres)("backup and restore across PostgreSQL 15 and PGlite", () => {
  let pgliteCopy: Database;
  let pgliteCopyStorage: EvidenceStorage;

  it("PostgreSQL → PostgreSQL", async () => {
    const { database, url } = await blankDatabase("postgres");
    const storage = newStorage();
    await restoreBackup(database, storage, archive, { postgresUrl: url });
    await expectSameAsSource(database, storage);
  });

  it("PostgreSQL → PGlite", async () => {
    ({ database: pgliteCopy } = await blankDatabase("pglite"));
    pgliteCopyStorage = newStorage();
    await restoreBackup(pgliteCopy, pgliteCopyStorage, archive);
    await expectSameAsSource(pgliteCopy, pgliteCopyStorage);
  }, BLANK_PGLITE_MS);

  it("PGlite → PostgreSQL", async () => {
    const fromPglite = join(work, "from-pglite.tar.gz");
    await writeBackup(pgliteCopy, pgliteCopyStorage, fromPglite);
    const { database, url } = await blankDatabase("postgres");
    const storage = newStorage();
    await restoreBackup(database, storage, fromPglite, { postgresUrl: url });
    await expectSameAsSource(database, storage);
  });

  // Last: it leaves a row (and a sequence step) in the source.
  it("backs up a running PostgreSQL as of one instant: a row written meanwhile by another connection is not in it", async () => {
    const count = async () => (await source.db.select({ id: schema.rateLimitEvents.id }).from(schema.rateLimitEvents)).length;
    const before = await count();
    let written = false;
    // After the first table (action_items), before rate_limit_events: another connection of the pool writes and commits.
    const summary = await writeBackup(source, sourceStorage, join(work, "during.tar.gz"), {
      log: async () => {
        if (written) return;
        written = true;
        await source.db.insert(schema.rateLimitEvents).values({ bucket: "during", keyHash: "f".repeat(64) });
      },
    });
    expect(await count()).toBe(before + 1);
    expect(summary.manifest.tables.find((t) => t.name === "rate_limit_events")!.rows).toBe(before);
  });
});
