// Malformed input never reaches a 500: control characters in free text are refused on the field (the form keeps
// what was typed), dropped from search parameters, and a garbled cookie counts as no cookie.
import { count, eq } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applications, criterionComments, establishments } from "#db/schema.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { ensureRegistry } from "#app/services/registry/registry-seed.server.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-malformed-it-"));
let server: TestServer;
let processId: string;
beforeAll(async () => {
  server = await startTestServer({ env: { UPLOADS_DIR: uploadsDir } });
  await importShippedReferentials(server.database.db);
  await ensureRegistry(server.database.db);
  processId = (await seedDemoProcess(server.database.db, { storage: folderStorage(uploadsDir) }))!.processId;
});
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

/** What a paste from a badly encoded document (or a crafted request) may carry: NUL, BEL, ESC, a C1 control. */
const CONTROLS = "Texte\u0000 collé\u0007 avec\u001b contrôles\u0085";

/** Posts the public application form from a fresh visitor: a valid application, with these fields changed. */
async function apply(fields: Record<string, string>, language?: string) {
  const b = new TestBrowser(server.baseUrl, { language });
  await b.get("/apply");
  return b.post("/apply", {
    establishmentName: "Hôpital de test des formulaires",
    countryCode: "SN",
    city: "Thiès",
    contactName: "Awa Ndiaye",
    contactEmail: "awa.ndiaye@example.sn",
    language: "fr",
    motivation: "Une candidature pour vérifier les formulaires.",
    ...fields,
  });
}

async function signedIn(email: string, language?: string) {
  const b = new TestBrowser(server.baseUrl, { language });
  await b.login(email);
  return b;
}

// ─── A minimal crawler: the forms a person can reach, as the pages render them ────────────────────────────

interface FoundForm {
  page: string;
  action: string;
  method: "get" | "post";
  multipart: boolean;
  fields: [string, string][];
  /** Fields a person types into: name and input type. */
  typed: [string, string][];
}

const decode = (v: string) => v.replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) found.set(m[1]!.toLowerCase(), decode(m[2] ?? ""));
  return found;
}

const TYPED_INPUTS = new Set(["text", "search", "email", "password", "url", "tel"]);

function formsOf(html: string, page: string): FoundForm[] {
  const forms: FoundForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const form = attributes(m[1]!);
    let inner = m[2]!;
    const fields: [string, string][] = [];
    const typed: [string, string][] = [];
    inner = inner.replace(/<select\b([^>]*)>([\s\S]*?)<\/select>/g, (_, attrs: string, options: string) => {
      const name = attributes(attrs).get("name");
      const all = [...options.matchAll(/<option\b([^>]*)>/g)].map((o) => attributes(o[1]!));
      const chosen = all.find((o) => o.has("selected")) ?? all.find((o) => o.get("value")) ?? all[0];
      if (name && chosen) fields.push([name, chosen.get("value") ?? ""]);
      return "";
    });
    inner = inner.replace(/<textarea\b([^>]*)>[\s\S]*?<\/textarea>/g, (_, attrs: string) => {
      const name = attributes(attrs).get("name");
      if (name) typed.push([name, "textarea"]);
      return "";
    });
    let button: [string, string] | null = null;
    for (const t of inner.matchAll(/<(input|button)\b([^>]*)>/g)) {
      const a = attributes(t[2]!);
      const name = a.get("name");
      if (!name) continue;
      const type = (a.get("type") ?? (t[1] === "button" ? "submit" : "text")).toLowerCase();
      if (t[1] === "button" || type === "submit") button ??= [name, a.get("value") ?? ""];
      else if (type === "checkbox" || type === "radio") {
        if (a.has("checked")) fields.push([name, a.get("value") ?? "on"]);
      } else if (type === "file") continue;
      else if (TYPED_INPUTS.has(type) && a.get("tabindex") !== "-1") typed.push([name, type]);
      else fields.push([name, a.get("value") ?? ""]);
    }
    if (button) fields.push(button);
    forms.push({
      page,
      action: form.get("action") || page,
      method: form.get("method")?.toLowerCase() === "post" ? "post" : "get",
      multipart: form.get("enctype") === "multipart/form-data",
      fields,
      typed,
    });
  }
  return forms;
}

const SKIPPED_LINKS = /^\/(assets|locales|logout|favicon)|\.(pdf|xlsx|csv|svg|yaml)(\?|$)|\/(source|pdf)(\?|$)|\/evidence\/[0-9a-f-]{36}$|\/notifications\/[^/]+\/open|[?&]lng=/;
/** One page per kind (ids and criterion codes aside), the query left out of the comparison. */
const pattern = (path: string) =>
  path
    .split("?")[0]!
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ":id")
    .replace(/\/criteria\/[^/]+/, "/criteria/:code");

async function reachableForms(b: TestBrowser, start: string[], maxPages = 90): Promise<FoundForm[]> {
  const queue = [...start];
  const seen = new Set<string>();
  const forms: FoundForm[] = [];
  while (queue.length && seen.size < maxPages) {
    const path = queue.shift()!;
    if (seen.has(pattern(path))) continue;
    seen.add(pattern(path));
    const response = await b.get(path);
    if (!response.headers.get("content-type")?.startsWith("text/html")) {
      await response.body?.cancel();
      continue;
    }
    const html = await response.text();
    forms.push(...formsOf(html, path));
    for (const link of html.matchAll(/href="(\/[^"#]*)"/g)) {
      const href = decode(link[1]!);
      if (!SKIPPED_LINKS.test(href) && !seen.has(pattern(href))) queue.push(href);
    }
  }
  return forms;
}

/**
 * Submits a form as a browser would, with control characters in every field a person types into (an e-mail field
 * gets a valid address, so that the other fields are the ones judged).
 */
async function submitWithControls(b: TestBrowser, form: FoundForm): Promise<Response> {
  const values: [string, string][] = [...form.fields, ...form.typed.map(([name, type]) => [name, type === "email" ? "controle@example.org" : CONTROLS] as [string, string])];
  if (form.method === "get") {
    const url = new URL(form.action, server.baseUrl);
    for (const [k, v] of values) url.searchParams.append(k, v);
    return b.get(url.pathname + url.search);
  }
  if (form.multipart) {
    const body = new FormData();
    for (const [k, v] of values) body.append(k, v);
    return b.request(form.action, { method: "POST", body });
  }
  return b.request(form.action, { method: "POST", body: new URLSearchParams(values), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
}

describe("control characters in free text", () => {
  it("never give a 500 on any form a visitor, a hospital team or the DRI can reach", { timeout: 180_000 }, async () => {
    // A pending application, so that the DRI's page offers the decline form too.
    expect((await apply({})).status).toBe(200);

    const visitors: [string, TestBrowser, string[]][] = [
      ["anonymous", new TestBrowser(server.baseUrl), ["/login", "/apply", "/forgot-password"]],
      ["hospital coordinator", await signedIn("fann@label.example.org"), ["/", `/processes/${processId}`, `/processes/${processId}/criteria/1.1.4`]],
      ["DRI", await signedIn("admin@label.example.org"), ["/", "/admin/applications", "/cooperations"]],
    ];
    const failures: string[] = [];
    const tried = new Set<string>();
    for (const [who, b, start] of visitors) {
      const forms = await reachableForms(b, start);
      const done = new Set<string>();
      for (const form of forms) {
        const key = `${form.method} ${pattern(form.action)} ${form.fields.map(([k]) => k).join(",")}`;
        if (done.has(key) || form.typed.length === 0) continue;
        done.add(key);
        const response = await submitWithControls(b, form);
        await response.body?.cancel();
        tried.add(`${form.method} ${pattern(form.action)}`);
        if (response.status >= 500) failures.push(`${who}: ${form.method.toUpperCase()} ${form.action} (from ${form.page}) → ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
    // The crawl did reach the forms that matter (public, account, registry, rating and comments, action plan).
    for (const expected of [
      "post /apply",
      "post /login",
      "post /account",
      "post /team",
      "post /admin/users/new",
      "post /admin/applications/:id",
      "post /cooperations/projects/new",
      "post /cooperations/establishments/new",
      "post /cooperations/sites/new",
      "post /cooperations/agreements/new",
      "post /processes/:id/criteria/:code",
      "post /processes/:id/actions",
      "post /processes/:id/actions/:id",
      "get /cooperations",
    ]) {
      expect([...tried]).toContain(expected);
    }
  });

  it("refuses them on the field of the public application form, keeps what was typed, stores nothing", async () => {
    const before = (await server.database.db.select({ n: count() }).from(applications))[0]!.n;
    const response = await apply({ establishmentName: "Centre\u0000 hospitalier", city: "Kaolack", contactName: "Moussa Sarr", motivation: "First line\r\nSecond line\twith a tab" }, "en-GB");
    expect(response.status).toBe(400);
    const page = await readPage(response);
    expect(page).toContain("This text contains invisible control characters, which cannot be saved");
    expect(page).toContain('value="Kaolack"');
    expect(page).toContain('value="Moussa Sarr"');
    expect(page).toContain("First line");
    expect((await server.database.db.select({ n: count() }).from(applications))[0]!.n).toBe(before);
  });

  it("stores text in NFC and multi-line text with LF line ends (a decomposed é is the single é)", async () => {
    const response = await apply({ establishmentName: "Hôpital Le Dantec de re\u0301fe\u0301rence", city: "Dakar", motivation: "Première ligne\r\nDeuxième ligne" });
    expect(response.status).toBe(200);
    const [row] = await server.database.db.select().from(applications).where(eq(applications.establishmentName, "Hôpital Le Dantec de référence"));
    expect(row?.motivation).toBe("Première ligne\nDeuxième ligne");
  });

  it("refuses them in a registry form with the message on the field, and saves nothing", async () => {
    const admin = await signedIn("admin@label.example.org");
    const before = (await server.database.db.select({ n: count() }).from(establishments))[0]!.n;
    const response = await admin.post("/cooperations/establishments/new", { name: "CHU\u0000 de test", shortName: "CHU T", city: "Lomé", countryCode: "TG", notes: "Ligne 1\r\nLigne 2" });
    expect(response.status).toBe(400);
    const page = await readPage(response);
    expect(page).toContain("Ce texte contient des caractères de contrôle invisibles");
    expect(page).toContain('value="Lomé"');
    expect((await server.database.db.select({ n: count() }).from(establishments))[0]!.n).toBe(before);
  });

  it("refuses them in a rating justification (page and autosave) and in a comment, with the reason", async () => {
    const fann = await signedIn("fann@label.example.org");
    const criterion = `/processes/${processId}/criteria/2.2.2`;
    const page = await readPage(await fann.post(criterion, { rating: "1", justification: "Écart\u0000 relevé", baseVersion: "1" }));
    expect(page).toContain("La justification contient des caractères de contrôle invisibles");
    expect(page).toContain("Écart");
    const autosave = await fann.post(`${criterion}/rating`, { rating: "1", justification: "Écart\u0007 relevé", baseVersion: "1" });
    expect(autosave.status).toBe(400);
    expect(await autosave.json()).toMatchObject({ status: "invalid", problems: { justification: "justification_control_characters" } });
    const comments = (await server.database.db.select({ n: count() }).from(criterionComments))[0]!.n;
    const comment = await fann.post(criterion, { intent: "comment", body: "Voir\u0000 le compte rendu" });
    expect(comment.status).toBe(400);
    expect(await readPage(comment)).toContain("Ce texte contient des caractères de contrôle invisibles");
    expect((await server.database.db.select({ n: count() }).from(criterionComments))[0]!.n).toBe(comments);
  });
});

describe("control characters in search parameters", () => {
  it("are dropped: registry lists, the users list and the referential search answer, and still search", async () => {
    const admin = await signedIn("admin@label.example.org");
    for (const path of [
      "/cooperations?q=%00",
      "/cooperations/establishments?q=%00%07",
      "/cooperations/agreements?q=%00",
      "/cooperations/export.csv?q=%00",
      "/admin/users?q=%00",
      `/processes/${processId}/actions?criterion=%00&chapter=%07`,
      "/referentials/label-qss/2024?q=%00",
    ]) {
      const response = await admin.get(path);
      await response.body?.cancel();
      expect(response.status, path).toBe(200);
    }
    const search = await readPage(await admin.get("/referentials/label-qss/2024?q=hygi%C3%A8ne%00"));
    expect(search).toMatch(/hygiène/i);
  });
});

describe("a garbled cookie", () => {
  const garbled = "lng=%E0%A4%A; label_session=%; label_csrf=%ZZ";

  it("counts as no cookie: every page answers (sign-in page, application form, signed-in pages send to sign in)", async () => {
    for (const [path, status] of [
      ["/login", 200],
      ["/apply", 200],
      ["/forgot-password", 200],
      ["/", 302],
      ["/processes", 302],
      [`/processes/${processId}`, 302],
      ["/cooperations", 302],
      ["/processes.data", 202], // a data request is redirected inside its payload
    ] as const) {
      const response = await fetch(server.baseUrl + path, { headers: { Cookie: garbled }, redirect: "manual" });
      await response.body?.cancel();
      expect(response.status, path).toBe(status);
    }
  });

  it("next to a valid session leaves the person signed in, and a sign-in still works", async () => {
    const fann = await signedIn("fann@label.example.org");
    const session = fann.cookie("label_session")!;
    const response = await fetch(`${server.baseUrl}/processes/${processId}`, { headers: { Cookie: `lng=%E0%A4%A; label_session=${session}; label_csrf=%` }, redirect: "manual" });
    expect(response.status).toBe(200);
    expect(await readPage(response)).toContain("CNHU de Fann");
    const login = await fetch(`${server.baseUrl}/login`, {
      method: "POST",
      headers: { Cookie: "lng=%E0%A4%A; label_session=%", Origin: server.baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "fann@label.example.org", password: "demo-label-2025" }),
      redirect: "manual",
    });
    expect(login.status).toBe(302);
  });
});
