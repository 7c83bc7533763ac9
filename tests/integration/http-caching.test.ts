// What a browser relies on to keep files and to save bandwidth, through the HTTP stack `npm start` serves
// (compression, then the built static files, then the app): fingerprinted assets kept for good, text compressed on
// the way, frozen PDFs (a referential version's, a label's certificate) kept and revalidated with their ETag.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { referentialVersions } from "#db/schema.ts";
import { ensureRegistry } from "#app/services/registry/registry-seed.server.ts";
import { insertLabel, type LabelFixture } from "#tests/support/label-fixtures.ts";
import { signedInAs, TestBrowser, type TestServer, startTestServer } from "#tests/support/server.ts";

let server: TestServer;
let label: LabelFixture;
beforeAll(async () => {
  server = await startTestServer({ withStatic: true });
  const { db } = server.database;
  await ensureRegistry(db);
  // Enough labels that the public list is worth compressing (the stack leaves answers under 1 kB as they are).
  for (const [i, city] of ["Touba", "Dakar", "Thiès", "Saint-Louis"].entries()) {
    const labelled = await insertLabel(db, { establishment: { name: `Hôpital régional de ${city}`, city, countryCode: "SN" }, level: "silver", validFrom: "2025-12-05", validUntil: "2029-12-04", mentionFr: `mention ${i}` });
    label ??= labelled;
  }
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const gzip = { headers: { "Accept-Encoding": "gzip" } };

describe("caching and compression, as a browser sees them", () => {
  it("gives a first visit the stylesheet inside the page (admitted by the nonce) and the file afterwards; later pages link it", async () => {
    const visitor = new TestBrowser(server.baseUrl);
    const first = await visitor.request("/login");
    const html = await first.text();
    const nonce = /'nonce-([^']+)'/.exec(first.headers.get("content-security-policy") ?? "")?.[1];
    expect(first.headers.get("content-security-policy")).toContain(`style-src 'self' 'nonce-${nonce}'`);
    const inline = /<style id="inline-css" nonce="([^"]+)">([^<]*)<\/style>/.exec(html);
    expect(inline?.[1]).toBe(nonce);
    expect(inline?.[2]?.length ?? 0).toBeGreaterThan(5000);
    const file = /<link rel="prefetch" href="(\/assets\/app-[^"]+\.css)"/.exec(html)?.[1];
    expect(file).toBeDefined();
    expect(html).not.toMatch(/<link rel="stylesheet" href="\/assets\/app-/);
    // The same text as the file the next pages link.
    expect(inline?.[2]).toBe(await (await visitor.request(file!)).text());
    const next = await (await visitor.request("/forgot-password")).text();
    expect(next).toContain(`<link rel="stylesheet" href="${file}"/>`);
    expect(next).not.toContain('id="inline-css"');
  });

  it("keeps fingerprinted scripts and styles for good, compressed; the pages are compressed and never stored", async () => {
    const visitor = new TestBrowser(server.baseUrl);
    const login = await visitor.request("/login", gzip);
    expect(login.status).toBe(200);
    expect(login.headers.get("content-encoding")).toBe("gzip");
    expect(login.headers.get("cache-control")).toContain("no-store");
    const html = await login.text();
    // The assets the page asks for, by their fingerprinted names.
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? /href="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const style = /href="(\/assets\/[^"]+\.css)"/.exec(html)?.[1];
    for (const path of [script, style]) {
      expect(path).toMatch(/-[A-Za-z0-9_-]{8}\.(js|css)$/);
      const asset = await visitor.request(path!, gzip);
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get("cache-control"), path).toBe("public, max-age=31536000, immutable");
      expect(asset.headers.get("content-encoding"), path).toBe("gzip");
      await asset.arrayBuffer();
    }
    // A file of the build that is not fingerprinted is kept an hour only.
    const image = await visitor.request("/favicon.svg", gzip);
    expect(image.status).toBe(200);
    expect(image.headers.get("cache-control")).toBe("public, max-age=3600");
  });

  it("compresses the JSON and SVG the app generates: the public list, the registry map, a version's content", async () => {
    const visitor = new TestBrowser(server.baseUrl);
    const json = await visitor.request("/labels.json", gzip);
    expect(json.status).toBe(200);
    expect(json.headers.get("content-encoding")).toBe("gzip");
    expect(json.headers.get("cache-control")).toBe("private, no-store");
    expect((await json.json()).count).toBe(4);

    const admin = await signedInAs(server.baseUrl, "admin@label.example.org");
    const map = await admin.request("/cooperations/dashboard/map.svg", gzip);
    expect(map.status).toBe(200);
    expect(map.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(map.headers.get("content-encoding")).toBe("gzip");
    expect(await map.text()).toContain("<svg");

    const [version] = await server.database.db
      .select({ contentHash: referentialVersions.contentHash })
      .from(referentialVersions)
      .where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, "2024")));
    const content = await admin.request(`/referentials/label-qss/2024/content/${version!.contentHash}.json`, gzip);
    expect(content.status).toBe(200);
    expect(content.headers.get("content-encoding")).toBe("gzip");
    expect(content.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
    await content.arrayBuffer();
  });

  it("sends frozen PDFs with an ETag, kept by the browser and revalidated: 304 while unchanged; other files never stored", async () => {
    const admin = await signedInAs(server.baseUrl, "admin@label.example.org");
    for (const path of ["/referentials/label-qss/2024/pdf?chapter=9", `/labels/${label.certificateNumber}/certificate.pdf`]) {
      const first = await admin.request(path, gzip);
      expect(first.status, path).toBe(200);
      expect(first.headers.get("content-type"), path).toBe("application/pdf");
      expect(first.headers.get("cache-control"), path).toBe("private, no-cache, no-transform");
      expect(first.headers.get("content-encoding"), path).toBeNull(); // a PDF travels byte for byte
      const etag = first.headers.get("etag");
      expect(etag, path).toMatch(/^"[0-9a-f]{32}"$/);
      expect(Buffer.from(await first.arrayBuffer()).subarray(0, 5).toString(), path).toBe("%PDF-");
      const again = await admin.request(path, { headers: { "If-None-Match": etag! } });
      expect(again.status, path).toBe(304);
      expect(again.headers.get("etag"), path).toBe(etag);
      expect(await again.text(), path).toBe("");
      // Another copy (an older layout, another label) is sent again in full.
      expect((await admin.request(path, { headers: { "If-None-Match": '"0000"' } })).status, path).toBe(200);
    }
    // A file that is not frozen (the public list as CSV) is never stored.
    const csv = await new TestBrowser(server.baseUrl).request("/labels.csv", gzip);
    expect(csv.headers.get("cache-control")).toBe("private, no-store");
    expect(csv.headers.get("etag")).toBeNull();
  });
});
