import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clearAllPending, dropPending, flushPending, getPending, listField, listPending, pageOfEndpoint, putPending, textField } from "./offline-queue.ts";

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

// A save endpoint that records what it was sent and answers "saved".
let server: Server;
let origin: string;
const received: { url: string; fields: Record<string, string | string[]> }[] = [];
beforeAll(async () => {
  server = createServer(async (req, res) => {
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
  clearAllPending();
  received.length = 0;
});

const entry = (url: string, fields: Record<string, string | string[]>, changedAt = 1) => ({ url, fields, baseVersion: 0, changedAt });

describe("offline queue", () => {
  it("keeps each user's saves apart, by endpoint, and clears them all at logout", () => {
    putPending("moussa", entry("/p/criteria/1.1.1/rating", { rating: "2", justification: "Revue annuelle." }));
    putPending("moussa", entry("/p/audit/1.1.1/rating", { rating: "1", finding: "Pas de registre." }));
    putPending("aissatou", entry("/p/criteria/1.1.1/rating", { rating: "3", justification: "" }));
    expect(listPending("moussa")).toHaveLength(2);
    expect(getPending("aissatou", "/p/criteria/1.1.1/rating")?.fields).toEqual({ rating: "3", justification: "" });
    clearAllPending();
    expect(listPending("moussa")).toEqual([]);
    expect(listPending("aissatou")).toEqual([]);
  });

  it("keeps an entry edited again after it was sent", () => {
    putPending("moussa", entry("/p/criteria/1.1.1/rating", { rating: "2" }, 2));
    dropPending("moussa", "/p/criteria/1.1.1/rating", 1);
    expect(getPending("moussa", "/p/criteria/1.1.1/rating")).toBeDefined();
    dropPending("moussa", "/p/criteria/1.1.1/rating", 2);
    expect(getPending("moussa", "/p/criteria/1.1.1/rating")).toBeUndefined();
  });

  it("still sends a rating kept before the queue took any form's fields", () => {
    localStorage.setItem(
      "label:pending:moussa",
      JSON.stringify({ "/p/criteria/2.3.1/rating": { url: "/p/criteria/2.3.1/rating", rating: "2", justification: "Comité réuni.", baseVersion: 3, changedAt: 5 } }),
    );
    expect(getPending("moussa", "/p/criteria/2.3.1/rating")).toEqual({
      url: "/p/criteria/2.3.1/rating",
      fields: { rating: "2", justification: "Comité réuni." },
      baseVersion: 3,
      changedAt: 5,
    });
  });

  it("sends every field of every waiting save except the page on screen's, and forgets those the server took", async () => {
    putPending("moussa", entry(`${origin}/p/criteria/1.1.1/rating`, { rating: "2", justification: "Revue annuelle." }));
    putPending("moussa", entry(`${origin}/p/audit/1.1.1/rating`, { rating: "1", finding: "Pas de registre.", classification: "major" }));
    await flushPending("moussa", `${origin}/p/criteria/1.1.1`);
    expect(received).toEqual([{ url: "/p/audit/1.1.1/rating", fields: { rating: "1", finding: "Pas de registre.", classification: "major", baseVersion: "0" } }]);
    expect(listPending("moussa").map((e) => pageOfEndpoint(e.url))).toEqual([`${origin}/p/criteria/1.1.1`]);
  });

  it("posts a field of several values once per value, and an empty list not at all", async () => {
    putPending("marc", entry(`${origin}/p/audit/criteria/9.2.3/rating`, { rating: "2", methods: ["document", "observation"], finding: "Audit trimestriel." }));
    putPending("marc", entry(`${origin}/p/audit/criteria/9.2.4/rating`, { rating: "3", methods: [] }));
    await flushPending("marc");
    expect(received).toEqual([
      { url: "/p/audit/criteria/9.2.3/rating", fields: { rating: "2", methods: ["document", "observation"], finding: "Audit trimestriel.", baseVersion: "0" } },
      { url: "/p/audit/criteria/9.2.4/rating", fields: { rating: "3", baseVersion: "0" } },
    ]);
    expect(listPending("marc")).toEqual([]);
  });

  it("reads an entry's field as text or as a list, whichever way it was kept", () => {
    const fields = { rating: "2", methods: ["document"], one: "interview" };
    expect([textField(fields, "rating"), textField(fields, "missing"), textField(fields, "methods")]).toEqual(["2", "", "document"]);
    expect([listField(fields, "methods"), listField(fields, "one"), listField(fields, "missing")]).toEqual([["document"], ["interview"], []]);
  });
});
