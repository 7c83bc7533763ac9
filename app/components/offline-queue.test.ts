import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  discardChange,
  exportPending,
  getPending,
  importPending,
  keepMine,
  listField,
  listPending,
  queueChange,
  resetQueueConnection,
  sendPending,
  syncPending,
  textField,
  type PendingSave,
  type SaveResponse,
} from "./offline-queue.ts";

// The browser's storage, for Node: items are own properties (so `Object.keys(localStorage)` lists them), as in a browser.
class MemoryStorage {
  getItem(key: string): string | null {
    return Object.hasOwn(this, key) ? (this as unknown as Record<string, string>)[key]! : null;
  }
  setItem(key: string, value: string) {
    (this as unknown as Record<string, string>)[key] = String(value);
  }
  removeItem(key: string) {
    delete (this as unknown as Record<string, string>)[key];
  }
}
Object.defineProperty(globalThis, "localStorage", { configurable: true, value: new MemoryStorage() });
// Test files share their worker's globals (vitest `isolate: false`): leave none of this browser behind.
afterAll(() => {
  for (const name of ["localStorage", "indexedDB", ...Object.getOwnPropertyNames(globalThis).filter((n) => n.startsWith("IDB"))]) {
    delete (globalThis as Record<string, unknown>)[name];
  }
});

// A save endpoint that records what it was sent and answers "saved", or sends to the sign-in page when told to.
let server: Server;
let origin: string;
let signedIn = true;
const received: { url: string; fields: Record<string, string | string[]> }[] = [];
beforeAll(async () => {
  server = createServer(async (req, res) => {
    if (!signedIn) {
      res.writeHead(302, { location: "/login" }).end();
      return;
    }
    if (req.url!.includes("/gone/")) {
      res.writeHead(404, { "content-type": "text/html" }).end("<h1>Introuvable</h1>");
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = await new Response(Buffer.concat(chunks), { headers: { "content-type": req.headers["content-type"]! } }).formData();
    // A field posted once per value (checkboxes) comes back as the list of its values.
    const fields: Record<string, string | string[]> = {};
    for (const name of new Set(form.keys())) {
      const values = form.getAll(name).map(String);
      fields[name] = values.length > 1 ? values : values[0]!;
    }
    received.push({ url: req.url!, fields });
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ status: "saved", version: 1 }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  // A fresh browser: an empty IndexedDB.
  globalThis.indexedDB = new IDBFactory();
  resetQueueConnection();
  received.length = 0;
  signedIn = true;
});

const url = (code: string) => `/p/audit/criteria/${code}/rating`;
type Sent = Pick<PendingSave, "url" | "fields" | "baseVersion" | "idempotencyKey">;

/**
 * A fake server for the sync: versions per criterion, keys applied once (as the versioned write does), and a way to
 * lose the network after some answers (`failAfter`) or to lose one answer after the server applied it (`loseAnswerOf`).
 */
function fakeServer() {
  const versions = new Map<string, number>();
  const applied = new Map<string, number>();
  const log: Sent[] = [];
  const state = { failAfter: Infinity, loseAnswerOf: -1, refuse: new Map<string, string>() };
  const send = async <C,>(entry: Sent): Promise<SaveResponse<C>> => {
    if (log.length >= state.failAfter) throw new Error("offline");
    log.push(entry);
    const refusal = state.refuse.get(entry.url);
    if (refusal) return { status: "error", reason: refusal };
    let answer: SaveResponse<C>;
    const done = applied.get(entry.idempotencyKey);
    if (done !== undefined) answer = { status: "saved", version: done };
    else if ((versions.get(entry.url) ?? 0) !== entry.baseVersion) {
      answer = { status: "conflict", current: { version: versions.get(entry.url)!, updatedByName: "Awa Ndiaye" } as never };
    } else {
      const version = entry.baseVersion + 1;
      versions.set(entry.url, version);
      applied.set(entry.idempotencyKey, version);
      answer = { status: "saved", version };
    }
    if (log.length - 1 === state.loseAnswerOf) throw new Error("answer lost");
    return answer;
  };
  return { versions, applied, log, state, send: send as typeof sendPending };
}

describe("the offline queue", () => {
  it("keeps each user's changes apart, in the order they were typed", async () => {
    await queueChange("moussa", { url: url("1.1.1"), fields: { rating: "2" }, baseVersion: 0 });
    await queueChange("aissatou", { url: url("1.1.1"), fields: { rating: "3" }, baseVersion: 0 });
    await queueChange("moussa", { url: url("1.1.2"), fields: { rating: "1" }, baseVersion: 4 });
    expect((await listPending("moussa")).map((e) => [e.url, e.fields.rating, e.baseVersion, e.status])).toEqual([
      [url("1.1.1"), "2", 0, "waiting"],
      [url("1.1.2"), "1", 4, "waiting"],
    ]);
    expect((await getPending("aissatou", url("1.1.1")))?.fields).toEqual({ rating: "3" });
  });

  it("merges a criterion's changes not yet sent: newest fields, the first base version, a new key", async () => {
    const first = await queueChange("moussa", { url: url("1.1.1"), fields: { rating: "2" }, baseVersion: 3 });
    const second = await queueChange("moussa", { url: url("1.1.1"), fields: { rating: "1" }, baseVersion: 4 });
    const log = await listPending("moussa");
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ fields: { rating: "1" }, baseVersion: 3, idempotencyKey: second.idempotencyKey });
    expect(second.idempotencyKey).not.toBe(first.idempotencyKey);
  });

  it("merges quick edits queued without waiting for each other (autosave after each keystroke pause)", async () => {
    await Promise.all(["1", "2", "3"].map((rating) => queueChange("moussa", { url: url("1.1.1"), fields: { rating }, baseVersion: 0 })));
    expect((await listPending("moussa")).map((e) => e.fields.rating)).toEqual(["3"]);
  });

  it("sends the log in order and empties it once the server acknowledged each change", async () => {
    const server = fakeServer();
    for (const code of ["1.1.1", "1.1.2", "2.1.1"]) await queueChange("moussa", { url: url(code), fields: { rating: "2" }, baseVersion: 0 });
    expect(await syncPending("moussa", server.send)).toEqual({ sent: 3, stopped: null });
    expect(server.log.map((e) => e.url)).toEqual([url("1.1.1"), url("1.1.2"), url("2.1.1")]);
    expect(await listPending("moussa")).toEqual([]);
  });

  it("resumes an interrupted sync where it stopped, sending again the change whose answer never came, with its key", async () => {
    const server = fakeServer();
    for (const code of ["1", "2", "3", "4", "5"]) await queueChange("moussa", { url: url(code), fields: { rating: "2" }, baseVersion: 0 });
    const keys = (await listPending("moussa")).map((e) => e.idempotencyKey);
    // Change 2 reaches the server, its answer does not come back, and the network is gone.
    server.state.loseAnswerOf = 1;
    expect(await syncPending("moussa", server.send)).toEqual({ sent: 1, stopped: "offline" });
    expect((await listPending("moussa")).map((e) => e.url)).toEqual([url("2"), url("3"), url("4"), url("5")]);
    server.state.loseAnswerOf = -1;
    expect(await syncPending("moussa", server.send)).toEqual({ sent: 4, stopped: null });
    expect(server.log.map((e) => e.idempotencyKey)).toEqual([keys[0], keys[1], keys[1], keys[2], keys[3], keys[4]]);
    // Sent twice, applied once: version 1, not a conflict with itself.
    expect(server.versions.get(url("2"))).toBe(1);
    expect(await listPending("moussa")).toEqual([]);
  });

  it("keeps the key of a change across retries while offline", async () => {
    const server = fakeServer();
    const queued = await queueChange("moussa", { url: url("1"), fields: { rating: "2" }, baseVersion: 0 });
    server.state.failAfter = 0;
    await syncPending("moussa", server.send);
    await syncPending("moussa", server.send);
    server.state.failAfter = Infinity;
    await syncPending("moussa", server.send);
    expect(server.log.map((e) => e.idempotencyKey)).toEqual([queued.idempotencyKey]);
  });

  it("never merges into a change already on its way: the next one starts from the version the server answers", async () => {
    const server = fakeServer();
    await queueChange("moussa", { url: url("1"), fields: { rating: "2" }, baseVersion: 0 });
    server.state.failAfter = 0;
    await syncPending("moussa", server.send); // sent, no answer: the server may have it
    await queueChange("moussa", { url: url("1"), fields: { rating: "3" }, baseVersion: 0 });
    expect(await listPending("moussa")).toHaveLength(2);
    server.state.failAfter = Infinity;
    expect(await syncPending("moussa", server.send)).toEqual({ sent: 2, stopped: null });
    expect(server.log.map((e) => [e.fields.rating, e.baseVersion])).toEqual([["2", 0], ["3", 1]]);
  });

  it("stops a criterion at its conflict, and only that criterion; keeping mine sends it from the colleague's version", async () => {
    const server = fakeServer();
    server.versions.set(url("1"), 2); // a colleague saved meanwhile
    await queueChange("moussa", { url: url("1"), fields: { rating: "2" }, baseVersion: 1 });
    await queueChange("moussa", { url: url("2"), fields: { rating: "3" }, baseVersion: 0 });
    expect(await syncPending("moussa", server.send)).toEqual({ sent: 1, stopped: null });
    const [conflict] = await listPending("moussa");
    expect(conflict).toMatchObject({ url: url("1"), status: "conflict", reason: "conflict", current: { version: 2, updatedByName: "Awa Ndiaye" } });
    // Typing again while in conflict changes the person's value, still waiting for their choice: nothing is sent.
    await queueChange("moussa", { url: url("1"), fields: { rating: "1" }, baseVersion: 1 });
    expect(await syncPending("moussa", server.send)).toEqual({ sent: 0, stopped: null });
    expect(server.log).toHaveLength(2);
    await keepMine("moussa", url("1"), { rating: "1" }, 2);
    expect(await syncPending("moussa", server.send)).toEqual({ sent: 1, stopped: null });
    expect(server.log.at(-1)).toMatchObject({ fields: { rating: "1" }, baseVersion: 2, idempotencyKey: conflict!.idempotencyKey });
    expect(await listPending("moussa")).toEqual([]);
  });

  it("keeps a refused change with its reason, never sends it again, until the person discards it", async () => {
    const server = fakeServer();
    server.state.refuse.set(url("1"), "forbidden");
    await queueChange("moussa", { url: url("1"), fields: { rating: "2" }, baseVersion: 0 });
    await syncPending("moussa", server.send);
    await syncPending("moussa", server.send);
    expect(server.log).toHaveLength(1);
    const [refused] = await listPending("moussa");
    expect(refused).toMatchObject({ status: "refused", reason: "forbidden" });
    await discardChange("moussa", refused!.id!);
    expect(await listPending("moussa")).toEqual([]);
  });

  it("takes a refusal answered before the endpoint (removed from the visit's team: 404, not JSON) as refused, not as offline", async () => {
    await queueChange("moussa", { url: `${origin}/p/gone/criteria/1/rating`, fields: { rating: "2" }, baseVersion: 0 });
    expect(await syncPending("moussa")).toEqual({ sent: 0, stopped: null });
    expect(await listPending("moussa")).toMatchObject([{ status: "refused", reason: "not_found" }]);
  });

  it("keeps the log when the session has ended, and sends it once signed in again", async () => {
    await queueChange("moussa", { url: `${origin}${url("1")}`, fields: { rating: "2" }, baseVersion: 0 });
    signedIn = false;
    expect(await syncPending("moussa")).toEqual({ sent: 0, stopped: "signed_out" });
    expect(await listPending("moussa")).toHaveLength(1);
    signedIn = true;
    expect(await syncPending("moussa")).toEqual({ sent: 1, stopped: null });
  });

  it("posts every field, the base version and the key; a field of several values once per value", async () => {
    const queued = await queueChange("marc", { url: `${origin}${url("9.2.3")}`, fields: { rating: "2", methods: ["document", "observation"], finding: "Audit trimestriel." }, baseVersion: 0 });
    await queueChange("marc", { url: `${origin}${url("9.2.4")}`, fields: { rating: "3", methods: [] }, baseVersion: 2 });
    await syncPending("marc");
    expect(received).toEqual([
      { url: url("9.2.3"), fields: { rating: "2", methods: ["document", "observation"], finding: "Audit trimestriel.", baseVersion: "0", idempotencyKey: queued.idempotencyKey } },
      { url: url("9.2.4"), fields: { rating: "3", baseVersion: "2", idempotencyKey: expect.any(String) } },
    ]);
  });

  it("moves the changes kept in localStorage before into the log, once", async () => {
    localStorage.setItem(
      "label:pending:moussa",
      JSON.stringify({
        [url("2.3.2")]: { url: url("2.3.2"), fields: { rating: "1" }, baseVersion: 1, changedAt: 9 },
        [url("2.3.1")]: { url: url("2.3.1"), rating: "2", justification: "Comité réuni.", baseVersion: 3, changedAt: 5 },
      }),
    );
    expect((await listPending("moussa")).map((e) => [e.url, e.fields, e.baseVersion, e.status])).toEqual([
      [url("2.3.1"), { rating: "2", justification: "Comité réuni." }, 3, "waiting"],
      [url("2.3.2"), { rating: "1" }, 1, "waiting"],
    ]);
    expect(localStorage.getItem("label:pending:moussa")).toBeNull();
  });

  it("exports the log to a file and imports it back for the same user only, keys kept", async () => {
    await queueChange("moussa", { url: url("1"), fields: { rating: "2" }, baseVersion: 0 });
    const file = JSON.stringify(await exportPending("moussa"));
    const keys = (await listPending("moussa")).map((e) => e.idempotencyKey);
    globalThis.indexedDB = new IDBFactory();
    resetQueueConnection();
    expect(await importPending("aissatou", file)).toEqual({ ok: false, reason: "other_user" });
    expect(await importPending("moussa", "pas du JSON")).toEqual({ ok: false, reason: "unreadable" });
    expect(await importPending("moussa", file)).toEqual({ ok: true, count: 1 });
    expect(await importPending("moussa", file)).toEqual({ ok: true, count: 0 });
    expect((await listPending("moussa")).map((e) => e.idempotencyKey)).toEqual(keys);
  });

  it("reads an entry's field as text or as a list, whichever way it was kept", () => {
    const fields = { rating: "2", methods: ["document"], one: "interview" };
    expect([textField(fields, "rating"), textField(fields, "missing"), textField(fields, "methods")]).toEqual(["2", "", "document"]);
    expect([listField(fields, "methods"), listField(fields, "one"), listField(fields, "missing")]).toEqual([["document"], ["interview"], []]);
  });
});
