// Evidence, action plan and team work over HTTP, against the built app (PGlite, and PostgreSQL when configured).
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, count, eq, isNull, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionItems, auditTrailEvents, chapterAssignments, evidenceFiles, evidenceLinks, labellingProcesses, users } from "#db/schema.ts";
import type { Db } from "#db/client.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";
import { fakeExe, minimalDocx, minimalPdf, tinyPng, uploadEvidence, withDeclaredSize, zip } from "#tests/support/evidence-fixtures.ts";
import { unpackZip } from "#app/services/platform/zip.server.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-evidence-it-"));
let server: TestServer;
let db: Db;
let processId: string;
let fann: TestBrowser;
let touba: TestBrowser;

beforeAll(async () => {
  server = await startTestServer({ env: { UPLOADS_DIR: uploadsDir, UPLOAD_MAX_MB: "1" } });
  db = server.database.db;
  await importShippedReferentials(db);
  const seeded = await seedDemoProcess(db, { storage: folderStorage(uploadsDir) });
  processId = seeded!.processId;
  fann = new TestBrowser(server.baseUrl);
  await fann.login("fann@label.example.org");
  touba = new TestBrowser(server.baseUrl);
  await touba.login("touba@label.example.org");
});
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

const base = () => `/processes/${processId}`;
const storedFiles = () => readdirSync(uploadsDir).sort();

const upload = uploadEvidence;

/** Everything evidence, action and assignment rows and files on disk: what "nothing changed" compares. */
async function snapshot() {
  const n = async (table: typeof evidenceFiles | typeof evidenceLinks | typeof actionItems | typeof chapterAssignments, where?: SQL) =>
    (await db.select({ n: count() }).from(table).where(where))[0]!.n;
  return {
    files: await n(evidenceFiles),
    links: await n(evidenceLinks),
    activeLinks: await n(evidenceLinks, isNull(evidenceLinks.removedAt)),
    actions: await n(actionItems),
    actionStatuses: (await db.select({ s: actionItems.status }).from(actionItems)).map((r) => r.s).sort().join(","),
    assignments: await n(chapterAssignments),
    onDisk: storedFiles(),
  };
}

async function activeLinkCodes(fileId: string) {
  const frozen = await getFrozenVersion(db, (await db.select().from(labellingProcesses).where(eq(labellingProcesses.id, processId)))[0]!.referentialVersionId);
  const rows = await db.select({ criterionId: evidenceLinks.criterionId }).from(evidenceLinks).where(and(eq(evidenceLinks.evidenceFileId, fileId), isNull(evidenceLinks.removedAt)));
  return rows.map((r) => frozen.criterionCodes.get(r.criterionId)).sort();
}

describe("demo data", () => {
  it("gives Fann a self-assessment in progress: half rated, evidence, actions, a colleague with chapters", async () => {
    const page = await readPage(await fann.get(`${base()}/evidence`));
    expect(page).toContain("Bibliothèque de preuves");
    expect(page).toContain("Procédure hygiène des mains 2024.pdf");
    expect(page).toContain("Affiche identitovigilance.png");
    const s = await snapshot();
    expect(s.files).toBe(3);
    expect(s.activeLinks).toBe(4);
    expect(s.actions).toBe(6);
    expect(s.onDisk).toHaveLength(3);
    // Idempotent: a second run adds nothing.
    expect(await seedDemoProcess(db, { storage: folderStorage(uploadsDir) })).toBeNull();
    expect((await snapshot()).files).toBe(3);
  });
});

describe("uploading and linking evidence", () => {
  let fileId: string;

  it("uploads a PDF for a criterion, then links the same file to a second criterion without uploading it again", async () => {
    const pdf = minimalPdf(["Protocole de la pharmacie"]);
    const before = storedFiles();
    const response = await upload(fann, `${base()}/evidence`, { name: "Protocole pharmacie été.pdf", bytes: pdf, type: "application/pdf" }, {
      returnTo: `${base()}/criteria/8.2.1`,
      criterion: "8.2.1",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${base()}/criteria/8.2.1?saved=evidence#evidence`);
    const [row] = await db.select().from(evidenceFiles).where(eq(evidenceFiles.originalName, "Protocole pharmacie été.pdf"));
    expect(row).toMatchObject({ processId, mimeType: "application/pdf", sizeBytes: pdf.length, sha256: createHash("sha256").update(pdf).digest("hex") });
    fileId = row!.id;
    const added = storedFiles().filter((f) => !before.includes(f));
    expect(added).toEqual([row!.storedName]);
    expect(readFileSync(join(uploadsDir, row!.storedName)).equals(Buffer.from(pdf))).toBe(true);

    const link = await fann.post(`${base()}/evidence`, { intent: "link", fileId, criterion: "8.2.3", returnTo: `${base()}/criteria/8.2.3` });
    expect(link.headers.get("location")).toBe(`${base()}/criteria/8.2.3?saved=evidence#evidence`);
    expect(await activeLinkCodes(fileId)).toEqual(["8.2.1", "8.2.3"]);
    // Linking again changes nothing.
    await fann.post(`${base()}/evidence`, { intent: "link", fileId, criterion: "8.2.3" });
    expect(await activeLinkCodes(fileId)).toEqual(["8.2.1", "8.2.3"]);
    expect(storedFiles()).toHaveLength(before.length + 1);

    const history = await db.select({ action: auditTrailEvents.action }).from(auditTrailEvents).where(eq(auditTrailEvents.entityId, fileId));
    expect(history.map((h) => h.action).sort()).toEqual(["evidence.link", "evidence.upload"]);
    const library = await readPage(await fann.get(`${base()}/evidence`));
    expect(library).toContain("Protocole pharmacie été.pdf");
    expect(library).toMatch(/8\.2\.1<\/a>/);
  });

  it("downloads the file with its original name, its sniffed type and no sniffing by the browser", async () => {
    const response = await fann.get(`${base()}/evidence/${fileId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="Protocole pharmacie _t_.pdf"; filename*=UTF-8''Protocole%20pharmacie%20%C3%A9t%C3%A9.pdf`,
    );
    expect(response.headers.get("cache-control")).toContain("no-store");
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("lets the DRI read and download, but not edit", async () => {
    const admin = new TestBrowser(server.baseUrl);
    await admin.login("admin@label.example.org");
    expect((await admin.get(`${base()}/evidence/${fileId}`)).status).toBe(200);
    expect((await admin.get(`${base()}/evidence`)).status).toBe(200);
    const before = await snapshot();
    expect((await upload(admin, `${base()}/evidence`, { name: "dri.pdf", bytes: minimalPdf(["DRI"]) })).status).toBe(403);
    expect((await admin.post(`${base()}/evidence`, { intent: "link", fileId, criterion: "1.1.1" })).status).toBe(403);
    expect((await admin.post(`${base()}/actions`, { intent: "create", criterion: "1.1.1", title: "Action de la DRI" })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it("removes a file from a criterion but keeps the link row and the file", async () => {
    const [link] = await db
      .select({ id: evidenceLinks.id })
      .from(evidenceLinks)
      .where(and(eq(evidenceLinks.evidenceFileId, fileId), isNull(evidenceLinks.removedAt)))
      .limit(1);
    const before = await snapshot();
    const response = await fann.post(`${base()}/evidence`, { intent: "unlink", linkId: link!.id });
    expect(response.headers.get("location")).toBe(`${base()}/evidence?saved=evidence#evidence`);
    const [row] = await db.select().from(evidenceLinks).where(eq(evidenceLinks.id, link!.id));
    expect(row!.removedAt).not.toBeNull();
    expect(row!.removedBy).not.toBeNull();
    const after = await snapshot();
    expect(after.links).toBe(before.links);
    expect(after.activeLinks).toBe(before.activeLinks - 1);
    expect(after.files).toBe(before.files);
    expect(after.onDisk).toEqual(before.onDisk);
    expect((await fann.get(`${base()}/evidence/${fileId}`)).status).toBe(200);
  });

  it("refuses a renamed executable with a clear message and keeps nothing", async () => {
    const before = await snapshot();
    const direct = await upload(fann, `${base()}/evidence`, { name: "rapport.pdf", bytes: fakeExe(), type: "application/pdf" });
    expect(direct.status).toBe(415);
    expect(await readPage(direct)).toContain("Ce type de fichier n'est pas accepté");
    const fromCriterion = await upload(fann, `${base()}/evidence`, { name: "rapport.pdf", bytes: fakeExe() }, { returnTo: `${base()}/criteria/1.1.1`, criterion: "1.1.1" });
    expect(fromCriterion.headers.get("location")).toBe(`${base()}/criteria/1.1.1?error=evidence.file_type_refused#evidence`);
    const mislabelled = await upload(fann, `${base()}/evidence`, { name: "photo.pdf", bytes: tinyPng() });
    expect(mislabelled.status).toBe(415);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a Word document whose parts inflate far past what they declare, without inflating them", async () => {
    const before = await snapshot();
    const unpacked = await unpackZip(minimalDocx(), 1024 * 1024);
    if (!unpacked.ok) throw new Error("minimalDocx is not an archive");
    // The part the type sniffing reads, followed by 50 MB of blanks, declared at its real, small size.
    const part = "[Content_Types].xml";
    const original = unpacked.entries.find((e) => e.name === part)!.data;
    const entries = unpacked.entries.map((e): [string, Uint8Array] => [e.name, e.name === part ? Buffer.concat([e.data, Buffer.alloc(50 * 1024 * 1024, 0x20)]) : e.data]);
    const bomb = withDeclaredSize(zip(entries, { deflate: true }), part, original.length);
    const started = Date.now();
    const response = await upload(fann, `${base()}/evidence`, { name: "procédure.docx", bytes: bomb });
    expect(response.status).toBe(415);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a file over the limit while it streams, leaving no file and no row", async () => {
    const before = await snapshot();
    const big = Buffer.concat([Buffer.from(minimalPdf(["gros"])), Buffer.alloc(1024 * 1024 + 512 * 1024, 0x20)]);
    const response = await upload(fann, `${base()}/evidence`, { name: "gros.pdf", bytes: big, type: "application/pdf" });
    expect(response.status).toBe(413);
    expect(await readPage(response)).toContain("taille maximale de 1 Mo");
    const english = new TestBrowser(server.baseUrl, { language: "en-GB", lng: "en" });
    await english.login("fann@label.example.org");
    const back = await upload(english, `${base()}/evidence?returnTo=${encodeURIComponent(`${base()}/criteria/2.1.1`)}`, { name: "gros.pdf", bytes: big });
    expect(back.headers.get("location")).toBe(`${base()}/criteria/2.1.1?error=evidence.file_too_large#evidence`);
    expect(await snapshot()).toEqual(before);
  });

  it("answers a missing file and a malformed body with 400, and an unknown criterion with 404, keeping nothing", async () => {
    const before = await snapshot();
    const form = new FormData();
    form.set("file", new Blob([]), "");
    expect((await fann.request(`${base()}/evidence`, { method: "POST", body: form })).status).toBe(400);
    const malformed = await fann.request(`${base()}/evidence`, {
      method: "POST",
      body: "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 truncated",
      headers: { "Content-Type": "multipart/form-data; boundary=x" },
    });
    expect(malformed.status).toBe(400);
    expect((await upload(fann, `${base()}/evidence`, { name: "a.pdf", bytes: minimalPdf(["a"]) }, { criterion: "99.9.9" })).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it("never sends anyone off the process after a post", async () => {
    for (const target of ["//evil.example/x", "https://evil.example/", "/admin/users"]) {
      const response = await fann.post(`${base()}/evidence`, { intent: "link", fileId, criterion: "8.2.1", returnTo: target });
      expect(response.headers.get("location")).toBe(`${base()}/evidence?saved=evidence#evidence`);
    }
  });
});

describe("deleting a file from the library", () => {
  it("asks for confirmation, then erases the bytes, removes its links, keeps the history; nobody can download it any more", async () => {
    const pdf = minimalPdf(["Liste nominative de patients envoyee par erreur"]);
    await upload(fann, `${base()}/evidence`, { name: "Liste patients (erreur).pdf", bytes: pdf, type: "application/pdf" }, { criterion: "3.1.1" });
    const [row] = await db.select().from(evidenceFiles).where(eq(evidenceFiles.originalName, "Liste patients (erreur).pdf"));
    await fann.post(`${base()}/evidence`, { intent: "link", fileId: row!.id, criterion: "3.1.2" });
    expect(storedFiles()).toContain(row!.storedName);
    expect(await readPage(await fann.get(`${base()}/evidence`))).toContain("Je confirme la suppression de « Liste patients (erreur).pdf »");

    // Without the box ticked: a clear message, nothing changes.
    const before = await snapshot();
    const unconfirmed = await fann.post(`${base()}/evidence`, { intent: "delete", fileId: row!.id });
    expect(unconfirmed.status).toBe(400);
    expect(await readPage(unconfirmed)).toContain("Cochez la case de confirmation pour supprimer le fichier.");
    expect(await snapshot()).toEqual(before);
    // Neither the DRI nor another hospital may delete it.
    const admin = new TestBrowser(server.baseUrl);
    await admin.login("admin@label.example.org");
    expect((await admin.post(`${base()}/evidence`, { intent: "delete", fileId: row!.id, confirm: "yes" })).status).toBe(403);
    expect((await touba.post(`${base()}/evidence`, { intent: "delete", fileId: row!.id, confirm: "yes" })).status).toBe(404);
    expect(await snapshot()).toEqual(before);

    const deleted = await fann.post(`${base()}/evidence`, { intent: "delete", fileId: row!.id, confirm: "yes" });
    expect(deleted.headers.get("location")).toBe(`${base()}/evidence?saved=evidence_deleted`);
    expect(storedFiles()).not.toContain(row!.storedName);
    expect(await activeLinkCodes(row!.id)).toEqual([]);
    const [after] = await db.select().from(evidenceFiles).where(eq(evidenceFiles.id, row!.id));
    expect(after!.deletedAt).not.toBeNull();
    const [audit] = await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.entityId, row!.id), eq(auditTrailEvents.action, "evidence.delete")));
    expect(audit!.changes).toMatchObject({ originalName: { from: "Liste patients (erreur).pdf", to: null }, criteria: { from: ["3.1.1", "3.1.2"], to: null } });

    const library = await readPage(await fann.get(`${base()}/evidence?saved=evidence_deleted`));
    expect(library).toContain("Fichier supprimé de la bibliothèque.");
    expect(library).not.toContain("Liste patients (erreur).pdf");
    expect(await readPage(await fann.get(`${base()}/criteria/3.1.1`))).not.toContain("Liste patients (erreur).pdf");
    expect((await fann.get(`${base()}/evidence/${row!.id}`)).status).toBe(404);
    expect((await fann.post(`${base()}/evidence`, { intent: "link", fileId: row!.id, criterion: "3.1.3" })).status).toBe(404);
    // Deleting again changes nothing.
    expect((await fann.post(`${base()}/evidence`, { intent: "delete", fileId: row!.id, confirm: "yes" })).status).toBe(302);
    expect((await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.entityId, row!.id), eq(auditTrailEvents.action, "evidence.delete")))).length).toBe(1);
  });
});

describe("another establishment", () => {
  it("gets 404 on every page, data request and download of Fann's process", async () => {
    const [file] = await db.select({ id: evidenceFiles.id }).from(evidenceFiles).where(eq(evidenceFiles.processId, processId)).limit(1);
    for (const path of ["/evidence", `/evidence/${file!.id}`, "/actions", "/team", "/evidence.data", "/actions.data", "/team.data"]) {
      const response = await touba.get(`${base()}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain("Procédure hygiène");
    }
    const auditor = new TestBrowser(server.baseUrl);
    await auditor.login("auditeur@label.example.org");
    expect((await auditor.get(`${base()}/evidence/${file!.id}`)).status).toBe(404);
  });

  it("gets 404 on every post, and nothing changes", async () => {
    const [file] = await db.select({ id: evidenceFiles.id }).from(evidenceFiles).where(eq(evidenceFiles.processId, processId)).limit(1);
    const [link] = await db.select({ id: evidenceLinks.id }).from(evidenceLinks).where(and(eq(evidenceLinks.processId, processId), isNull(evidenceLinks.removedAt))).limit(1);
    const [action] = await db.select({ id: actionItems.id }).from(actionItems).where(eq(actionItems.processId, processId)).limit(1);
    const [toubaUser] = await db.select({ id: users.id }).from(users).where(eq(users.email, "touba@label.example.org"));
    const before = await snapshot();
    const answers = [
      await upload(touba, `${base()}/evidence`, { name: "intrus.pdf", bytes: minimalPdf(["intrus"]) }, { criterion: "1.1.1" }),
      await touba.post(`${base()}/evidence`, { intent: "link", fileId: file!.id, criterion: "1.1.1" }),
      await touba.post(`${base()}/evidence`, { intent: "unlink", linkId: link!.id }),
      await touba.post(`${base()}/actions`, { intent: "create", criterion: "1.1.1", title: "Action intruse", status: "planned" }),
      await touba.post(`${base()}/actions`, { intent: "status", actionId: action!.id, status: "done" }),
      await touba.post(`${base()}/team`, { intent: "assign", chapter: "1", userIds: toubaUser!.id }),
    ];
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(await snapshot()).toEqual(before);
  });
});

describe("a submitted self-assessment", () => {
  it("refuses every change with a clear message, and nothing changes", async () => {
    await db.update(labellingProcesses).set({ state: "submitted" }).where(eq(labellingProcesses.id, processId));
    try {
      const [file] = await db.select({ id: evidenceFiles.id }).from(evidenceFiles).where(eq(evidenceFiles.processId, processId)).limit(1);
      const [action] = await db.select({ id: actionItems.id }).from(actionItems).where(eq(actionItems.processId, processId)).limit(1);
      const before = await snapshot();
      const uploadAnswer = await upload(fann, `${base()}/evidence`, { name: "tard.pdf", bytes: minimalPdf(["tard"]) });
      expect(uploadAnswer.status).toBe(409);
      expect(await readPage(uploadAnswer)).toContain("L'auto-évaluation a été soumise");
      const viaCriterion = await upload(fann, `${base()}/evidence?returnTo=${encodeURIComponent(`${base()}/criteria/1.1.1`)}`, { name: "tard.pdf", bytes: minimalPdf(["tard"]) });
      expect(viaCriterion.headers.get("location")).toBe(`${base()}/criteria/1.1.1?error=evidence.not_editable#evidence`);
      expect((await fann.post(`${base()}/evidence`, { intent: "link", fileId: file!.id, criterion: "1.1.1" })).status).toBe(409);
      const create = await fann.post(`${base()}/actions`, { intent: "create", criterion: "1.1.1", title: "Trop tard", status: "planned" });
      expect(create.status).toBe(409);
      expect(await readPage(create)).toContain("le plan d'actions ne peut plus être modifié");
      const status = await fann.post(`${base()}/actions`, { intent: "status", actionId: action!.id, status: "done", returnTo: `${base()}/criteria/1.1.1` });
      expect(status.headers.get("location")).toBe(`${base()}/criteria/1.1.1?error=action.not_editable#actions`);
      expect(await snapshot()).toEqual(before);
      // Still readable.
      expect(await readPage(await fann.get(`${base()}/actions`))).toContain("Consultation seule");
    } finally {
      await db.update(labellingProcesses).set({ state: "self_assessment" }).where(eq(labellingProcesses.id, processId));
    }
  });
});

describe("the action plan", () => {
  it("adds an action from the criterion page and goes back there", async () => {
    const response = await fann.post(`${base()}/actions`, {
      intent: "create",
      criterion: "9.2.1",
      title: "Produire la solution hydro-alcoolique à la pharmacie selon la formule OMS",
      owner: "Pharmacie",
      dueDate: "2020-01-31",
      status: "planned",
      returnTo: `${base()}/criteria/9.2.1`,
    });
    expect(response.headers.get("location")).toBe(`${base()}/criteria/9.2.1?saved=action#actions`);
    const [row] = await db.select().from(actionItems).where(eq(actionItems.title, "Produire la solution hydro-alcoolique à la pharmacie selon la formule OMS"));
    expect(row).toMatchObject({ owner: "Pharmacie", dueDate: "2020-01-31", status: "planned" });
    const audit = await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.entityType, "action_item"), eq(auditTrailEvents.entityId, row!.id)));
    expect(audit.map((a) => a.action)).toEqual(["action.create"]);

    const status = await fann.post(`${base()}/actions`, { intent: "status", actionId: row!.id, status: "in_progress" });
    expect(status.headers.get("location")).toBe(`${base()}/actions?saved=action#actions`);
    const [updated] = await db.select().from(actionItems).where(eq(actionItems.id, row!.id));
    expect(updated!.status).toBe("in_progress");
    const updates = await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.entityType, "action_item"), eq(auditTrailEvents.entityId, row!.id), eq(auditTrailEvents.action, "action.update")));
    expect(updates[0]!.changes).toEqual({ status: { from: "planned", to: "in_progress" } });
  });

  it("refuses an incomplete action with a message, keeping nothing", async () => {
    const before = await snapshot();
    const response = await fann.post(`${base()}/actions`, { intent: "create", criterion: "9.2.1", title: "", status: "planned" });
    expect(response.status).toBe(400);
    expect(await readPage(response)).toContain("L'action n'a pas été enregistrée");
    const bad = await fann.post(`${base()}/actions`, { intent: "create", criterion: "9.2.1", title: "Date impossible", dueDate: "2025-02-30", returnTo: `${base()}/criteria/9.2.1` });
    expect(bad.headers.get("location")).toBe(`${base()}/criteria/9.2.1?error=action.invalid#actions`);
    expect((await fann.post(`${base()}/actions`, { intent: "create", criterion: "42.1", title: "Critère inconnu" })).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it("filters by status, chapter, overdue and criterion, in the URL", async () => {
    const titles = async (query: string) => {
      const html = await readPage(await fann.get(`${base()}/actions${query}`));
      const page = html.slice(html.indexOf("<tbody>"), html.indexOf("</tbody>")); // the table, not the criterion list
      return ["hygiène des mains dans les cinq", "distributeurs de savon", "bracelet d'identification", "analyse des causes", "visite de terrain mensuelle", "tenue du dossier patient", "solution hydro-alcoolique"].filter((t) => page.includes(t));
    };
    expect(await titles("")).toHaveLength(7);
    expect(await titles("?status=done")).toEqual(["analyse des causes"]);
    expect(await titles("?chapter=9")).toEqual(["hygiène des mains dans les cinq", "distributeurs de savon", "solution hydro-alcoolique"]);
    expect(await titles("?overdue=1")).toEqual(["distributeurs de savon", "visite de terrain mensuelle", "solution hydro-alcoolique"]);
    expect(await titles("?chapter=9&overdue=1&status=planned")).toEqual(["distributeurs de savon"]);
    expect(await titles("?criterion=4.1.1")).toEqual(["bracelet d'identification"]);
    expect(await titles("?status=nonsense&chapter=<x>")).toHaveLength(7);
    const page = await readPage(await fann.get(`${base()}/actions?overdue=1`));
    expect(page).toContain("En retard");
  });
});

describe("editing an action", () => {
  it("moves a slipped due date, changes who is reminded, and shows the history; back where the user came from", async () => {
    const [item] = await db.select().from(actionItems).where(and(eq(actionItems.processId, processId), eq(actionItems.title, "Produire la solution hydro-alcoolique à la pharmacie selon la formule OMS")));
    const [aissatou] = await db.select({ id: users.id }).from(users).where(eq(users.email, "aissatou@label.example.org"));
    const page = await readPage(await fann.get(`${base()}/actions/${item!.id}`));
    expect(page).toContain('value="Pharmacie"');
    expect(page).toContain('value="2020-01-31"');
    const returnTo = `${base()}/criteria/9.2.1`;
    const saved = await fann.post(`${base()}/actions/${item!.id}`, {
      intent: "edit",
      title: item!.title,
      owner: "Pharmacie centrale",
      ownerUserId: aissatou!.id,
      dueDate: "2031-06-30",
      status: "in_progress",
      returnTo,
    });
    expect(saved.headers.get("location")).toBe(`${returnTo}?saved=action#actions`);
    const [after] = await db.select().from(actionItems).where(eq(actionItems.id, item!.id));
    expect(after).toMatchObject({ owner: "Pharmacie centrale", ownerUserId: aissatou!.id, dueDate: "2031-06-30", status: "in_progress" });
    const history = await readPage(await fann.get(`${base()}/actions/${item!.id}`));
    expect(history).toContain("Échéance : 31/01/2020 → 30/06/2031");
    expect(history).toContain("Collègue à relancer : — → Aïssatou Diop");
    expect(history).toContain("Action modifiée");
    // The criterion page and the plan link to the action's page.
    expect(await readPage(await fann.get(`${base()}/criteria/9.2.1`))).toContain(`${base()}/actions/${item!.id}`);
  });

  it("refuses a colleague of another hospital or an impossible date, keeping what was typed, and changes nothing", async () => {
    const [item] = await db.select().from(actionItems).where(eq(actionItems.processId, processId)).limit(1);
    const [toubaUser] = await db.select({ id: users.id }).from(users).where(eq(users.email, "touba@label.example.org"));
    const before = await db.select().from(actionItems).where(eq(actionItems.id, item!.id));
    const forged = await fann.post(`${base()}/actions/${item!.id}`, { intent: "edit", title: "Titre retapé pendant la réunion", ownerUserId: toubaUser!.id, status: "planned" });
    expect(forged.status).toBe(400);
    const html = await readPage(forged);
    expect(html).toContain("Ce collègue ne fait pas partie de l'établissement");
    expect(html).toContain('value="Titre retapé pendant la réunion"');
    const badDate = await fann.post(`${base()}/actions/${item!.id}`, { intent: "edit", title: "Titre retapé", dueDate: "2025-02-30", status: "planned" });
    expect(badDate.status).toBe(400);
    expect(await readPage(badDate)).toContain('value="Titre retapé"');
    expect(await db.select().from(actionItems).where(eq(actionItems.id, item!.id))).toEqual(before);
    // Another hospital: the action does not exist.
    expect((await touba.get(`${base()}/actions/${item!.id}`)).status).toBe(404);
    expect((await touba.post(`${base()}/actions/${item!.id}`, { intent: "edit", title: "Intrus", status: "done" })).status).toBe(404);
    expect(await db.select().from(actionItems).where(eq(actionItems.id, item!.id))).toEqual(before);
  });
});

describe("team work", () => {
  it("lets the coordinator assign a chapter to colleagues of the same establishment only", async () => {
    const ids = Object.fromEntries(
      (await db.select({ email: users.email, id: users.id }).from(users)).map((u) => [u.email, u.id]),
    );
    const response = await fann.request(`${base()}/team`, {
      method: "POST",
      body: new URLSearchParams([
        ["intent", "assign"],
        ["chapter", "5"],
        ["userIds", ids["aissatou@label.example.org"]!],
        ["userIds", ids["touba@label.example.org"]!],
        ["userIds", ids["admin@label.example.org"]!],
      ]),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(302);
    const frozen = await getFrozenVersion(db, (await db.select().from(labellingProcesses).where(eq(labellingProcesses.id, processId)))[0]!.referentialVersionId);
    const assigned = await db
      .select({ userId: chapterAssignments.userId })
      .from(chapterAssignments)
      .where(and(eq(chapterAssignments.processId, processId), eq(chapterAssignments.chapterId, frozen.chapterIds.get("5")!)));
    expect(assigned.map((a) => a.userId)).toEqual([ids["aissatou@label.example.org"]]);
    const page = await readPage(await fann.get(`${base()}/team`));
    expect(page).toContain("Mes chapitres");
    expect(page).toContain("Aïssatou Diop");
  });

  it("refuses assignments from a colleague who is not the coordinator, who still reads the page", async () => {
    const [colleague] = await db.select({ id: users.id }).from(users).where(eq(users.email, "aissatou@label.example.org"));
    const b = new TestBrowser(server.baseUrl);
    await b.login("aissatou@label.example.org");
    expect((await b.get(`${base()}/team`)).status).toBe(200);
    const before = await snapshot();
    expect((await b.post(`${base()}/team`, { intent: "assign", chapter: "1", userIds: colleague!.id })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});
