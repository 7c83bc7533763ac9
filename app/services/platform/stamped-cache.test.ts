import { describe, expect, it } from "vitest";
import { StampedCache } from "./stamped-cache.server.ts";

describe("StampedCache", () => {
  const counting = () => {
    let loads = 0;
    return { load: async () => ++loads, loads: () => loads };
  };

  it("computes again as soon as the stamp changes, and keeps the value while it does not", async () => {
    const cache = new StampedCache<number>(4);
    const db = {};
    const source = counting();
    expect(await cache.get(db, "p1", "1:1", source.load)).toBe(1);
    expect(await cache.get(db, "p1", "1:1", source.load)).toBe(1);
    expect(await cache.get(db, "p1", "1:2", source.load)).toBe(2);
    // Back to an older stamp (a rolled-back write seen by a transaction): computed again, never the newer value.
    expect(await cache.get(db, "p1", "1:1", source.load)).toBe(3);
    expect(source.loads()).toBe(3);
  });

  it("keeps each database handle's values apart (a transaction, another test's database)", async () => {
    const cache = new StampedCache<string>(4);
    await cache.get({}, "p1", "s", async () => "first database");
    expect(await cache.get({}, "p1", "s", async () => "second database")).toBe("second database");
  });

  it("holds at most `limit` keys per handle, dropping the least recently used", async () => {
    const cache = new StampedCache<string>(2);
    const db = {};
    await cache.get(db, "a", "s", async () => "a1");
    await cache.get(db, "b", "s", async () => "b1");
    await cache.get(db, "a", "s", async () => "a2"); // a is now the most recently used
    await cache.get(db, "c", "s", async () => "c1"); // b goes
    expect(await cache.get(db, "a", "s", async () => "a3")).toBe("a1");
    expect(await cache.get(db, "b", "s", async () => "b2")).toBe("b2");
  });
});
