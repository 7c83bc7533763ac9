// Page weight budgets (issue 18, ADR 0024), sizes not times, gzip: the HTML of each page of a process, its audit and
// the referential, on the demo (Touba's decided audit on the 2024 version, 136 criteria), as the DRI's admin sees
// them; the JavaScript and CSS a criterion page loads (the modules and stylesheets it names, read from the build);
// and no page asks for anything from another host. Each test's name says the budget; a failure says the size.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { seedDemoData } from "#scripts/seed/demo-data.ts";
import { signedInAs, startTestServer, type TestBrowser, type TestServer } from "#tests/support/server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";

const KB = 1000;
const uploadsDir = mkdtempSync(join(tmpdir(), "label-page-weight-it-"));
let server: TestServer;
let browser: TestBrowser;
let processId: string;

beforeAll(async () => {
  server = await startTestServer({ seed: false, env: { UPLOADS_DIR: uploadsDir } });
  await importShippedReferentials(server.database.db);
  processId = (await seedDemoData(server.database.db, { storage: folderStorage(uploadsDir), hashPassword })).touba!.processId;
  browser = await signedInAs(server.baseUrl, "admin@label.example.org");
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

const gzipKb = (bytes: Buffer | string) => gzipSync(bytes).length / KB;
const pages = (): [string, string, number][] => [
  ["process overview", `/processes/${processId}`, 15],
  ["one chapter's criteria", `/processes/${processId}/criteria?chapter=1`, 15],
  ["a criterion", `/processes/${processId}/criteria/1.1.1`, 15],
  ["all criteria", `/processes/${processId}/criteria`, 25],
  ["audit overview", `/processes/${processId}/audit`, 15],
  ["audit criteria", `/processes/${processId}/audit/criteria`, 25],
  ["audit criterion", `/processes/${processId}/audit/criteria/1.1.1`, 15],
  ["audit comparison", `/processes/${processId}/audit/comparison`, 25],
  ["whole 2024 version", "/referentials/label-qss/2024", 40],
];

async function html(path: string) {
  const response = await browser.get(path);
  expect(response.status, path).toBe(200);
  return response.text();
}

/** What the browser fetches for the page by itself: scripts, module preloads, stylesheets, images, frames. */
function requested(page: string): string[] {
  return [...page.matchAll(/<(?:script|link|img|iframe|source|video|audio)\b[^>]*?\s(?:src|href|srcset)="([^"]+)"/g)].map((m) => m[1]!);
}

describe("the HTML of each page, gzip", () => {
  for (const [label, , budget] of pages()) {
    it(`${label}: at most ${budget} KB`, async () => {
      const path = pages().find(([l]) => l === label)![1];
      const size = gzipKb(await html(path));
      expect(size, `${label} (${path}): ${size.toFixed(1)} KB gzip, budget ${budget} KB`).toBeLessThanOrEqual(budget);
    });
  }
});

describe("a criterion page's JavaScript and CSS, gzip, as the build serves them", () => {
  // Issue 18's budget. Today (December 2026) 136 and 142 KB: React DOM and React Router are most of it; no zod, no
  // i18next, no offline visit module on these pages (ADR 0024).
  for (const [label, path, ceiling] of [
    ["self-assessment criterion", () => `/processes/${processId}/criteria/1.1.1`, 150],
    ["audit criterion", () => `/processes/${processId}/audit/criteria/1.1.1`, 150],
  ] as const) {
    it(`${label}: JavaScript at most ${ceiling} KB, CSS at most 30 KB`, async () => {
      const assets = requested(await html(path())).filter((url) => url.startsWith("/assets/"));
      const size = (ext: string) =>
        assets.filter((url) => url.endsWith(ext)).reduce((total, url) => total + gzipKb(readFileSync(join("build/client", url))), 0);
      const js = size(".js");
      const css = size(".css");
      expect(js, `${label}: JavaScript ${js.toFixed(1)} KB gzip (${assets.filter((u) => u.endsWith(".js")).length} modules), budget ${ceiling} KB`).toBeLessThanOrEqual(ceiling);
      expect(css, `${label}: CSS ${css.toFixed(1)} KB gzip, budget 30 KB`).toBeLessThanOrEqual(30);
      expect(js).toBeGreaterThan(0);
    });
  }
});

describe("no request to another host", () => {
  it("from any of these pages, nor from the stylesheets they load", async () => {
    const outside: string[] = [];
    for (const [label, path] of [...pages(), ["decision", `/processes/${processId}/decision`, 0] as const, ["cooperation dashboard", "/cooperations/dashboard", 0] as const]) {
      const page = await html(path);
      for (const url of requested(page)) if (/^(https?:)?\/\//.test(url)) outside.push(`${label}: ${url}`);
      for (const sheet of requested(page).filter((url) => url.startsWith("/assets/") && url.endsWith(".css"))) {
        const css = readFileSync(join("build/client", sheet), "utf8");
        for (const m of css.matchAll(/(?:url\(\s*["']?|@import\s+["'])((?:https?:)?\/\/[^"')\s]+)/g)) outside.push(`${sheet}: ${m[1]}`);
      }
    }
    expect(outside).toEqual([]);
  });
});
