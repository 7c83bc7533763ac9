// Two app instances on one PostgreSQL database (issue 20, docs/deployment.md): two HTTP servers of the built app,
// each with its own connection pool, as behind a load balancer. They migrate at once under the advisory lock, share
// sessions, run the daily and hourly jobs once, never send an outbox message twice, and keep concurrent saves of
// one criterion apart (the second is a conflict, nothing is lost), and share the evidence files through one S3 bucket
// (s3rver on loopback). Runs only on PostgreSQL (DATABASE_URL).
import { readFileSync } from "node:fs";
import { and, asc, eq, sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "#app/config.server.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { startBackgroundJobs } from "#app/services/platform/background-jobs.server.ts";
import { deliverPendingMessages, enqueueMessage } from "#app/services/platform/outbox.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { openDatabase, type Database } from "#db/client.ts";
import { MIGRATIONS_FOLDER, runMigrations } from "#db/migrate.ts";
import { auditTrailEvents, establishments, evidenceFiles, jobRuns, labellingProcesses, outbox, referentialVersions, selfAssessmentRatings, users } from "#db/schema.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { serveApp } from "../support/app-server.ts";
import { withDatabase } from "../support/global-setup.ts";
import { signedInAs, TestBrowser } from "../support/server.ts";
import { startSmtpServer } from "../support/smtp.ts";
import { minimalPdf, uploadEvidence } from "../support/evidence-fixtures.ts";
import { startS3Server, type TestS3Server } from "../support/s3-server.ts";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const onPostgres = process.env.TEST_DATABASE === "postgres";

describe.skipIf(!onPostgres)("two instances on one PostgreSQL", () => {
  const name = `label_t_2i_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let admin: postgres.Sql;
  let url: string;
  let one: Database;
  let two: Database;
  const servers: { baseUrl: string; close(): Promise<void> }[] = [];
  let s3: TestS3Server;
  // Each instance's own folder, which must stay empty: the files are in the bucket.
  const folders = [mkdtempSync(join(tmpdir(), "label-2i-one-")), mkdtempSync(join(tmpdir(), "label-2i-two-"))];

  beforeAll(async () => {
    admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`); // empty: both instances migrate it
    url = withDatabase(process.env.DATABASE_URL!, name);
    one = await openDatabase({ url });
    two = await openDatabase({ url });
    s3 = await startS3Server();
  }, 60_000);
  afterAll(async () => {
    for (const server of servers) await server.close();
    await one?.close();
    await two?.close();
    await admin?.unsafe(`drop database if exists ${name} with (force)`);
    await admin?.end();
    await s3?.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it("migrates once when both start at the same moment (the advisory lock of db/migrate.ts)", { timeout: 60_000 }, async () => {
    await Promise.all([runMigrations(one, url), runMigrations(two, url)]);
    const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, "utf8")) as { entries: unknown[] };
    const applied = (await one.db.execute(sql`select count(*)::int as n, count(distinct hash)::int as distinct_hashes from drizzle.__drizzle_migrations`)) as unknown as unknown[];
    expect(applied[0]).toEqual({ n: journal.entries.length, distinct_hashes: journal.entries.length });

    // Then the data a first start loads, and the two HTTP servers.
    await importShippedReferentials(one.db);
    await seedDemo(one.db, hashPassword);
    for (const [i, database] of [one, two].entries()) servers.push(await serveApp(database.db, { env: { S3_URL: s3.url, UPLOADS_DIR: folders[i]! } }));
  });

  it("accepts on one instance a session opened on the other", async () => {
    const onOne = await signedInAs(servers[0]!.baseUrl, "admin@label.example.org");
    const onTwo = new TestBrowser(servers[1]!.baseUrl);
    for (const cookie of ["label_session", "label_csrf"]) onTwo.setCookie(cookie, onOne.cookie(cookie)!);
    const page = await onTwo.get("/admin/outbox");
    expect(page.status).toBe(200);
    // A form posted to the other instance with the first one's CSRF token passes too.
    const [fann] = await one.db.select({ id: establishments.id }).from(establishments).where(eq(establishments.shortName, "CNHU Fann"));
    const [v2024] = await one.db.select({ id: referentialVersions.id }).from(referentialVersions).where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024")));
    const opened = await onTwo.post("/processes/new", { establishmentId: fann!.id, referentialVersionId: v2024!.id, selfAssessmentDue: "2027-03-01" });
    expect(opened.status).toBe(302);
    // Signing out on one ends the session on both.
    expect((await onOne.post("/logout", {})).status).toBe(302);
    expect((await onTwo.get("/admin/outbox")).status).toBe(302);
  });

  it("runs the daily reminders and the hourly maintenance once when both instances start their jobs together", async () => {
    const config = readConfig({ NODE_ENV: "test" });
    const logs: string[] = [];
    const jobs = [
      startBackgroundJobs({ db: one.db, config }, (m) => logs.push(`one: ${m}`), { instance: "instance-one" }),
      startBackgroundJobs({ db: two.db, config }, (m) => logs.push(`two: ${m}`), { instance: "instance-two" }),
    ];
    await Promise.all(jobs.map((j) => j.stop())); // each started its first run at once; stop waits for it
    const runs = await one.db.select().from(jobRuns).orderBy(asc(jobRuns.job));
    expect(runs.map((r) => r.job)).toEqual(["maintenance " + String(new Date().getUTCHours()).padStart(2, "0") + "h", "reminders"]);
    for (const run of runs) expect(run.finishedAt).not.toBeNull();
    expect(logs.filter((l) => l.includes("Daily reminders of")), logs.join("\n")).toHaveLength(1);
    expect(logs.filter((l) => l.includes("failed")), logs.join("\n")).toEqual([]);
  });

  it("never sends an outbox message twice when both instances deliver at once", { timeout: 60_000 }, async () => {
    await one.db.update(outbox).set({ sentAt: new Date() }).where(sql`${outbox.sentAt} is null`);
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push(await enqueueMessage(one.db, { toEmail: `person${i}@label.example.org`, language: "fr", kind: "notification.process_opened", subject: `Message ${i}`, body: "{link}", link: "/processes" }));
    }
    const smtp = await startSmtpServer();
    try {
      const config = { SMTP_URL: smtp.url, SMTP_FROM: "no-reply@label.example.org", PUBLIC_URL: "https://label.example.org" };
      const [byOne, byTwo] = await Promise.all([deliverPendingMessages(one.db, config), deliverPendingMessages(two.db, config)]);
      expect(byOne + byTwo).toBe(30);
      expect(smtp.received).toHaveLength(30);
      const messageIds = smtp.received.map((m) => /^Message-ID:\s*(\S+)/im.exec(m.data)?.[1]);
      expect(new Set(messageIds).size).toBe(30);
      expect(new Set(smtp.received.map((m) => m.to[0])).size).toBe(30);
    } finally {
      await smtp.close();
    }
    const rows = await one.db.select({ sentAt: outbox.sentAt, attempts: outbox.attempts }).from(outbox).where(sql`${outbox.id} in ${ids}`);
    expect(rows.every((r) => r.sentAt !== null && r.attempts === 1)).toBe(true);
  });

  it("detects concurrent saves of one criterion through both instances as a conflict, and loses nothing", async () => {
    const [fann] = await one.db.select({ id: establishments.id }).from(establishments).where(eq(establishments.shortName, "CNHU Fann"));
    await one.db.insert(users).values({ email: "aissatou@fann.example.sn", name: "Aïssatou Diop", role: "hospital", establishmentId: fann!.id, passwordHash: await hashPassword("demo-label-2025") });
    const [process] = await one.db.select({ id: labellingProcesses.id }).from(labellingProcesses).where(eq(labellingProcesses.establishmentId, fann!.id));
    const processId = process!.id;
    const a = await signedInAs(servers[0]!.baseUrl, "fann@label.example.org");
    const b = await signedInAs(servers[1]!.baseUrl, "aissatou@fann.example.sn");
    const save = (browser: TestBrowser, fields: Record<string, string>) =>
      browser.request(`/processes/${processId}/criteria/4.1.1/rating`, { method: "POST", body: new URLSearchParams(fields), headers: { "Content-Type": "application/x-www-form-urlencoded" } });

    // Each instance has read the report before (and keeps what it derived from its ratings, while unchanged).
    const reportPage = async (browser: TestBrowser) => (await browser.get(`/processes/${processId}/report`)).text();
    for (const browser of [a, b]) expect(await reportPage(browser)).not.toContain("Bracelets");

    const answers = await Promise.all([
      save(a, { rating: "3", justification: "Bracelets posés à l'admission.", baseVersion: "0" }),
      save(b, { rating: "1", justification: "Bracelets pas toujours posés.", baseVersion: "0" }),
    ]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const loser = answers.findIndex((r) => r.status === 409);
    const winnerFields = loser === 0 ? { rating: "1", name: "Aïssatou Diop" } : { rating: "3", name: "Moussa Sow" };
    const conflict = (await answers[loser]!.json()) as { status: string; current: { rating: string; version: number; updatedByName: string } };
    // The loser is told who saved what: its own text is still in its page, to save on top knowingly.
    expect(conflict).toMatchObject({ status: "conflict", current: { rating: winnerFields.rating, version: 1, updatedByName: winnerFields.name } });
    const loserFields = loser === 0 ? { rating: "3", justification: "Bracelets posés à l'admission." } : { rating: "1", justification: "Bracelets pas toujours posés." };
    const resolved = await save(loser === 0 ? a : b, { ...loserFields, baseVersion: "1" });
    expect(await resolved.json()).toEqual({ status: "saved", version: 2 });
    // Either instance shows the last save at once, whichever made it.
    for (const browser of [a, b]) expect(await reportPage(browser)).toContain(loserFields.justification.replace("'", "&#x27;"));

    const [stored] = await one.db.select().from(selfAssessmentRatings).where(eq(selfAssessmentRatings.processId, processId));
    expect(stored).toMatchObject({ rating: loserFields.rating, version: 2 });
    // Both saves are in the criterion's history.
    const trail = await one.db.select().from(auditTrailEvents).where(eq(auditTrailEvents.entityId, `${processId}:4.1.1`)).orderBy(asc(auditTrailEvents.id));
    expect(trail.map((e) => (e.changes as { rating?: { to: unknown } }).rating?.to)).toEqual([winnerFields.rating, loserFields.rating]);
  });

  it("downloads through one instance an evidence file uploaded through the other, and deletes it through the first", async () => {
    const [fann] = await one.db.select({ id: establishments.id }).from(establishments).where(eq(establishments.shortName, "CNHU Fann"));
    const [process] = await one.db.select({ id: labellingProcesses.id }).from(labellingProcesses).where(eq(labellingProcesses.establishmentId, fann!.id));
    const base = `/processes/${process!.id}/evidence`;
    const onOne = await signedInAs(servers[0]!.baseUrl, "fann@label.example.org");
    const onTwo = new TestBrowser(servers[1]!.baseUrl);
    for (const cookie of ["label_session", "label_csrf"]) onTwo.setCookie(cookie, onOne.cookie(cookie)!);
    const pdf = minimalPdf(["Protocole d'identification, version partagée"]);
    expect((await uploadEvidence(onOne, base, { name: "Identito-vigilance.pdf", bytes: pdf, type: "application/pdf" }, { criterion: "4.1.1" })).status).toBe(302);
    const [file] = await two.db.select({ id: evidenceFiles.id }).from(evidenceFiles).where(eq(evidenceFiles.originalName, "Identito-vigilance.pdf"));
    const download = await onTwo.get(`${base}/${file!.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await download.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
    for (const folder of folders) expect(readdirSync(folder)).toEqual([]);
    // Deleted through the other instance: gone for both.
    expect((await onTwo.post(base, { intent: "delete", fileId: file!.id, confirm: "yes" })).status).toBe(302);
    expect((await onOne.get(`${base}/${file!.id}`)).status).toBe(404);
  });
});
