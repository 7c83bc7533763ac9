// The outbox is delivered at least once and never lost (issue 20, ADR 0009): a refusal or a timeout is tried again
// later, a sender that crashed mid-send loses its claim when the lease ends and the message goes out again with the
// same Message-ID, the last allowed try makes a dead letter, and the DRI sends it again from the outbox page.
import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverPendingMessages, enqueueMessage } from "#app/services/platform/outbox.server.ts";
import { auditTrailEvents, outbox, users, userTokens } from "#db/schema.ts";
import { startSmtpServer, type ReceivedMail } from "../support/smtp.ts";
import { readPage, signedInAs, startTestServer, type TestServer } from "../support/server.ts";

let server: TestServer;
const FROM = "Label AP-HP <no-reply@label.example.org>";
const PUBLIC_URL = "https://label.aphp.example";

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  // The demo's own messages count as sent: only each test's matter.
  await server.database.db.update(outbox).set({ sentAt: new Date() }).where(isNull(outbox.sentAt));
});

const messageId = (mail: ReceivedMail) => /^Message-ID:\s*(\S+)/im.exec(mail.data)?.[1];
const row = async (id: string) => (await server.database.db.select().from(outbox).where(eq(outbox.id, id)))[0]!;
/** The wait before the next try has passed. */
const makeDue = (id: string) => server.database.db.update(outbox).set({ nextAttemptAt: new Date(Date.now() - 1000) }).where(eq(outbox.id, id));
const enqueue = (toEmail: string) =>
  enqueueMessage(server.database.db, { toEmail, language: "fr", kind: "notification.process_opened", subject: "Démarche ouverte", body: "Ouvrez : {link}", link: "/processes" });

describe("outbox delivery", () => {
  it("tries a refused message again after a wait, then delivers it with a Message-ID naming its outbox row", async () => {
    const db = server.database.db;
    const id = await enqueue("refused-then-ok@label.example.org");
    const refusing = await startSmtpServer({ refuseRecipients: true });
    try {
      expect(await deliverPendingMessages(db, { SMTP_URL: refusing.url, SMTP_FROM: FROM, PUBLIC_URL })).toBe(0);
    } finally {
      await refusing.close();
    }
    const refused = await row(id);
    expect(refused).toMatchObject({ attempts: 1, sentAt: null, deadAt: null, claimedUntil: null });
    expect(refused.sendError).toMatch(/550/);
    // Within the first minute nothing is tried again, even with a server that would accept.
    const smtp = await startSmtpServer();
    try {
      expect(await deliverPendingMessages(db, { SMTP_URL: smtp.url, SMTP_FROM: FROM, PUBLIC_URL })).toBe(0);
      expect(smtp.received).toHaveLength(0);
      await makeDue(id);
      expect(await deliverPendingMessages(db, { SMTP_URL: smtp.url, SMTP_FROM: FROM, PUBLIC_URL })).toBe(1);
      expect(smtp.received.map((m) => m.to)).toEqual([["refused-then-ok@label.example.org"]]);
      expect(messageId(smtp.received[0]!)).toBe(`<outbox.${id}@label.aphp.example>`);
      expect(await row(id)).toMatchObject({ attempts: 2, sendError: null, claimedUntil: null, deadAt: null });
      expect((await row(id)).sentAt).not.toBeNull();
    } finally {
      await smtp.close();
    }
  });

  it("counts a server that stops answering as a failed try (timeout), tried again later", async () => {
    const id = await enqueue("timeout@label.example.org");
    const silent = await startSmtpServer({ holdAfterData: true });
    try {
      expect(await deliverPendingMessages(server.database.db, { SMTP_URL: silent.url, SMTP_FROM: FROM }, { sendTimeoutMs: 300 })).toBe(0);
    } finally {
      await silent.close();
    }
    const timedOut = await row(id);
    expect(timedOut).toMatchObject({ attempts: 1, sentAt: null, deadAt: null, claimedUntil: null });
    expect(timedOut.sendError).toMatch(/timeout|no answer/i);
    expect(timedOut.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
  });

  it("sends again, with the same Message-ID, a message whose sender crashed after claiming it, once the lease has ended", async () => {
    const db = server.database.db;
    const id = await enqueue("crash@label.example.org");
    // The first sender hands the message over, then hangs before the server's "250" (as if it had crashed).
    const hanging = await startSmtpServer({ holdAfterData: true });
    const crashed = deliverPendingMessages(db, { SMTP_URL: hanging.url, SMTP_FROM: FROM, PUBLIC_URL }, { leaseMs: 300, sendTimeoutMs: 20_000 });
    const smtp = await startSmtpServer();
    try {
      for (const started = Date.now(); hanging.received.length === 0 && Date.now() - started < 5000; ) await new Promise((r) => setTimeout(r, 20));
      expect(hanging.received).toHaveLength(1);
      // While the lease runs, no other sender takes it.
      expect(await deliverPendingMessages(db, { SMTP_URL: smtp.url, SMTP_FROM: FROM, PUBLIC_URL })).toBe(0);
      await new Promise((r) => setTimeout(r, 400));
      // The lease has ended: the next sender sends it again, under the same Message-ID.
      expect(await deliverPendingMessages(db, { SMTP_URL: smtp.url, SMTP_FROM: FROM, PUBLIC_URL })).toBe(1);
      expect(smtp.received).toHaveLength(1);
      expect(messageId(smtp.received[0]!)).toBe(messageId(hanging.received[0]!));
      expect(messageId(smtp.received[0]!)).toBe(`<outbox.${id}@label.aphp.example>`);
    } finally {
      await smtp.close();
      await hanging.close(); // the first sender's connection drops: its late failure must not undo the delivery
      await crashed;
    }
    const sent = await row(id);
    expect(sent.sentAt).not.toBeNull();
    expect(sent).toMatchObject({ attempts: 2, sendError: null, deadAt: null });
  });

  it("gives a message up after the allowed number of tries (a dead letter)", async () => {
    const db = server.database.db;
    const id = await enqueue("dead@label.example.org");
    const refusing = await startSmtpServer({ refuseRecipients: true });
    try {
      for (let attempt = 1; attempt <= 3; attempt++) {
        await makeDue(id);
        await deliverPendingMessages(db, { SMTP_URL: refusing.url, SMTP_FROM: FROM, OUTBOX_MAX_ATTEMPTS: 3 });
        expect((await row(id)).attempts).toBe(attempt);
        expect((await row(id)).deadAt === null).toBe(attempt < 3);
      }
      await makeDue(id);
      await deliverPendingMessages(db, { SMTP_URL: refusing.url, SMTP_FROM: FROM, OUTBOX_MAX_ATTEMPTS: 3 });
      expect((await row(id)).attempts).toBe(3);
    } finally {
      await refusing.close();
    }
  });

  it("makes a dead letter of a last try whose sender never came back", async () => {
    const db = server.database.db;
    const id = await enqueue("abandoned@label.example.org");
    await db.update(outbox).set({ attempts: 3, claimedUntil: new Date(Date.now() - 1000) }).where(eq(outbox.id, id));
    const smtp = await startSmtpServer();
    try {
      expect(await deliverPendingMessages(db, { SMTP_URL: smtp.url, SMTP_FROM: FROM, OUTBOX_MAX_ATTEMPTS: 3 })).toBe(0);
      expect(smtp.received).toHaveLength(0);
    } finally {
      await smtp.close();
    }
    const dead = await row(id);
    expect(dead.deadAt).not.toBeNull();
    expect(dead.sendError).toBe("interrupted");
  });
});

describe("the outbox page", () => {
  it("shows the DRI a dead letter with its last error, and sends it again on request (CSRF-checked, recorded with who asked)", async () => {
    const db = server.database.db;
    const id = await enqueue("dead-letter@label.example.org");
    await db.update(outbox).set({ attempts: 8, deadAt: new Date(), sendError: "550 no such mailbox" }).where(eq(outbox.id, id));

    const admin = await signedInAs(server.baseUrl, "admin@label.example.org");
    const page = await readPage(await admin.get("/admin/outbox"));
    expect(page).toContain("abandonné après 8 essais : non remis");
    expect(page).toContain("Dernière erreur du serveur d'e-mail : 550 no such mailbox");
    expect(page).toContain(`<input type="hidden" name="id" value="${id}"/>`);
    expect(page).toContain("Renvoyer");

    // A forged form (no CSRF token) changes nothing; nor does another role.
    expect((await admin.post("/admin/outbox", { intent: "requeue", id }, { origin: "https://evil.example" })).status).toBeGreaterThanOrEqual(400);
    expect((await admin.post("/admin/outbox", { intent: "requeue", id }, { origin: null, withCsrf: false })).status).toBe(403);
    const hospital = await signedInAs(server.baseUrl, "fann@label.example.org");
    expect((await hospital.post("/admin/outbox", { intent: "requeue", id })).status).toBeGreaterThanOrEqual(403);
    expect((await row(id)).deadAt).not.toBeNull();

    const sentAgain = await admin.post("/admin/outbox", { intent: "requeue", id });
    expect(sentAgain.status).toBe(302);
    expect(sentAgain.headers.get("location")).toBe("/admin/outbox?done=requeued");
    expect(await row(id)).toMatchObject({ deadAt: null, attempts: 0, sendError: null });
    const [adminUser] = await db.select({ id: users.id }).from(users).where(eq(users.email, "admin@label.example.org"));
    const [event] = await db.select().from(auditTrailEvents).where(and(eq(auditTrailEvents.entityType, "outbox"), eq(auditTrailEvents.entityId, id)));
    expect(event).toMatchObject({ action: "outbox.requeued", actorUserId: adminUser!.id });
    expect(event!.changes).toMatchObject({ attempts: { from: 8, to: 0 }, sendError: { from: "550 no such mailbox", to: null } });

    const after = await readPage(await admin.get("/admin/outbox?done=requeued"));
    expect(after).toContain("Le message sera renvoyé dans la minute.");
    expect(after).toContain("Renvoi demandé par Claire Dubois le");
    // Sent again twice (two tabs): the second says so instead of resetting the tries again.
    expect((await admin.post("/admin/outbox", { intent: "requeue", id })).status).toBe(409);

    const english = await signedInAs(server.baseUrl, "admin@label.example.org", "en-GB");
    await db.update(outbox).set({ attempts: 8, deadAt: new Date(), sendError: "550 no such mailbox" }).where(eq(outbox.id, id));
    const englishPage = await readPage(await english.get("/admin/outbox"));
    expect(englishPage).toContain("given up after 8 tries: not delivered");
    expect(englishPage).toContain("Send again");
  });

  it("gives up, without sending, a message whose link expired meanwhile, and does not offer to send it again", async () => {
    const db = server.database.db;
    const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, "admin@label.example.org"));
    const [token] = await db
      .insert(userTokens)
      .values({ userId: admin!.id, kind: "password_reset", tokenHash: `expired-${Date.now()}`, expiresAt: new Date(Date.now() - 60_000) })
      .returning({ id: userTokens.id });
    const id = await enqueueMessage(db, { toEmail: "late@label.example.org", language: "fr", kind: "password_reset", subject: "Mot de passe", body: "Lien : {link}", link: "/reset-password/x", userTokenId: token!.id });
    const smtp = await startSmtpServer();
    try {
      expect(await deliverPendingMessages(db, { SMTP_URL: smtp.url, SMTP_FROM: FROM, PUBLIC_URL })).toBe(0);
      expect(smtp.received).toHaveLength(0);
    } finally {
      await smtp.close();
    }
    expect((await row(id)).deadAt).not.toBeNull();
    const dri = await signedInAs(server.baseUrl, "admin@label.example.org");
    const page = await readPage(await dri.get("/admin/outbox"));
    expect(page).toContain("Le lien de ce message ne fonctionne plus");
    expect((await dri.post("/admin/outbox", { intent: "requeue", id })).status).toBe(409);
  });
});
