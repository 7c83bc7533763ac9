// Fuzzing the forms through the built app over HTTP (malformed-input.test.ts sends control characters to every
// form it can crawl; this sends random and hostile bodies to a representative set): urlencoded or multipart bodies
// with the form's own fields and hostile ones (prototype keys, paths, far indexes), huge and garbled values,
// repeated and missing keys, from a visitor, a hospital team and the DRI; and random queries to the list pages.
// Properties: never a 5xx; a refused post (4xx) leaves every table as it was, the request's bookkeeping aside.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accreditationSchema } from "#app/forms/accreditation.ts";
import { applicationSchema, decideApplicationSchema } from "#app/forms/applications.ts";
import { auditSummarySchema } from "#app/forms/audit.ts";
import { changeLanguageSchema, changePasswordSchema, forgotPasswordSchema, inviteColleagueSchema, inviteUserSchema, loginSchema, setPasswordSchema } from "#app/forms/auth.ts";
import { notificationActionSchema } from "#app/forms/notifications.ts";
import { commentSchema, confirmCarriedSchema, openProcessSchema, ratingFormSchema, transitionSchema } from "#app/forms/process.ts";
import { assignChapterSchema, createActionSchema, deleteEvidenceSchema, linkEvidenceSchema, updateActionStatusSchema } from "#app/forms/workspace.ts";
import { agreementSchema, establishmentSchema, projectSchema, siteSchema } from "#app/domain/registry/schemas.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";
import { ensureRegistry } from "#app/services/registry/registry-seed.server.ts";
import { folderStorage } from "#app/services/storage/evidence-storage.server.ts";
import { seedDemoProcess } from "#scripts/seed/demo-process.ts";
import { fieldsOf, formEntries, fuzzRuns } from "#tests/support/fuzz.ts";
import { REQUEST_BOOKKEEPING, snapshot } from "#tests/support/fuzz-db.ts";
import { signedInAs, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

const uploadsDir = mkdtempSync(join(tmpdir(), "label-fuzz-forms-it-"));
let server: TestServer;
let processId: string;
let browsers: Record<"visitor" | "hospital" | "dri", TestBrowser>;
beforeAll(async () => {
  server = await startTestServer({ env: { UPLOADS_DIR: uploadsDir } });
  await importShippedReferentials(server.database.db);
  await ensureRegistry(server.database.db);
  processId = (await seedDemoProcess(server.database.db, { storage: folderStorage(uploadsDir) }))!.processId;
  const visitor = new TestBrowser(server.baseUrl);
  await visitor.get("/login"); // the CSRF cookie
  browsers = { visitor, hospital: await signedInAs(server.baseUrl, "fann@label.example.org"), dri: await signedInAs(server.baseUrl, "admin@label.example.org") };
});
afterAll(async () => {
  await server?.close();
  rmSync(uploadsDir, { recursive: true, force: true });
});

const fields = (...schemas: unknown[]) => [...new Set(schemas.flatMap(fieldsOf))];

/** Form routes, who posts there, and the fields their parsers read (`:p` is the demo process). */
const FORMS: [who: keyof typeof browsers, path: string, fields: string[]][] = [
  ["visitor", "/login", fields(loginSchema)],
  ["visitor", "/apply", [...fields(applicationSchema), "website"]],
  ["visitor", "/forgot-password", fields(forgotPasswordSchema)],
  ["visitor", "/reset-password/not-a-token", fields(setPasswordSchema)],
  ["hospital", "/account", fields(changePasswordSchema, changeLanguageSchema)],
  ["hospital", "/team", fields(inviteColleagueSchema)],
  ["hospital", "/processes/:p", fields(transitionSchema)],
  ["hospital", "/processes/:p/criteria/1.1.4", fields(ratingFormSchema, commentSchema, confirmCarriedSchema)],
  ["hospital", "/processes/:p/criteria/1.1.4/rating", fields(ratingFormSchema)],
  ["hospital", "/processes/:p/actions", fields(createActionSchema, updateActionStatusSchema)],
  ["hospital", "/processes/:p/team", fields(assignChapterSchema)],
  ["hospital", "/processes/:p/evidence", fields(linkEvidenceSchema, deleteEvidenceSchema)],
  ["hospital", "/notifications", fields(notificationActionSchema)],
  ["dri", "/processes/new", fields(openProcessSchema)],
  ["dri", "/admin/users/new", fields(inviteUserSchema)],
  ["dri", "/admin/applications/00000000-0000-4000-8000-000000000000", fields(decideApplicationSchema)],
  ["dri", "/admin/referentials", [...fields(accreditationSchema), "intent", "versionId"]],
  ["dri", "/admin/outbox", ["intent", "id"]],
  ["dri", "/cooperations/projects/new", fields(projectSchema())],
  ["dri", "/cooperations/establishments/new", fields(establishmentSchema())],
  ["dri", "/cooperations/sites/new", fields(siteSchema())],
  ["dri", "/cooperations/agreements/new", fields(agreementSchema())],
  ["dri", "/processes/:p/audit/schedule", ["startsOn", "endsOn", "leadId", "coAuditorIds", "chapter-1"]],
  ["dri", "/processes/:p/audit", [...fields(auditSummarySchema), "intent"]],
  ["dri", "/processes/:p/decision", ["intent", "outcome", "level", "decidedOn", "validFrom", "validUntil", "reasons", "signerName", "reason"]],
];

/** List pages whose filters come from the query. */
const LISTS = [
  "/cooperations",
  "/cooperations/establishments",
  "/cooperations/agreements",
  "/cooperations/sites",
  "/cooperations/dashboard",
  "/cooperations/dashboard/map.svg",
  "/cooperations/export.csv",
  "/admin/users",
  "/admin/applications",
  "/processes",
  "/processes/:p/criteria",
  "/processes/:p/actions",
  "/processes/:p/audit/criteria",
  "/referentials/label-qss/2024",
  "/referentials/diff",
  "/labels",
  "/labels.json",
  "/notifications",
  "/verify",
];
const QUERY_KEYS = ["q", "country", "region", "theme", "site", "funding", "status", "year", "sort", "dir", "page", "criterion", "chapter", "mine", "unrated", "critical", "differs", "from", "to", "lng", "import", "applied", "done", "number"];

const withProcess = (path: string) => path.replace(":p", processId);

describe("random and hostile form posts", () => {
  it("never answer a 5xx, and a refused post writes nothing", { timeout: 90_000 }, async () => {
    const failures: string[] = [];
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.nat(FORMS.length - 1).chain((i) => fc.record({ form: fc.constant(FORMS[i]!), entries: formEntries(FORMS[i]![2], 14), multipart: fc.boolean(), withCsrf: fc.boolean() })),
        async ({ form: [who, path, _fields], entries, multipart, withCsrf }) => {
          const b = browsers[who];
          const all: [string, string][] = withCsrf ? [["csrf", b.cookie("label_csrf") ?? ""], ...entries] : entries;
          let body: FormData | URLSearchParams;
          if (multipart) {
            body = new FormData();
            for (const [k, v] of all) body.append(k, v);
          } else body = new URLSearchParams(all);
          const before = await snapshot(server.database.db, REQUEST_BOOKKEEPING);
          const response = await b.request(withProcess(path), { method: "POST", body });
          await response.body?.cancel();
          statuses.add(response.status);
          if (response.status >= 500) failures.push(`${who} POST ${path} → ${response.status}: ${JSON.stringify(all).slice(0, 300)}`);
          expect(response.status, `${who} POST ${path}`).toBeLessThan(500);
          if (response.status >= 400) expect(await snapshot(server.database.db, REQUEST_BOOKKEEPING), `${who} POST ${path} → ${response.status}`).toEqual(before);
        },
      ),
      fuzzRuns(25),
    );
    expect(failures).toEqual([]);
    // The bodies did reach the parsers (a refusal on the fields), not only the CSRF check at the door.
    expect([...statuses]).toContain(400);
  });
});

describe("random and hostile queries", () => {
  it("never answer a 5xx on a list page", { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...LISTS), formEntries(QUERY_KEYS, 10), fc.constantFrom("hospital", "dri") as fc.Arbitrary<"hospital" | "dri">, async (path, entries, who) => {
        const url = new URL(withProcess(path), server.baseUrl);
        for (const [k, v] of entries) url.searchParams.append(k, v.slice(0, 2000)); // a URL stays under the server's header limit
        const response = await browsers[who].get(url.pathname + url.search);
        await response.body?.cancel();
        expect(response.status, `${who} GET ${url.pathname}${url.search.slice(0, 200)}`).toBeLessThan(500);
      }),
      fuzzRuns(25),
    );
  });
});

describe("regressions found by fuzzing", () => {
  it("refuses a far array index in a field name at once (a 40-byte post cost 14 s and a 50 MB reply)", async () => {
    const started = performance.now();
    const response = await browsers.dri.post("/cooperations/projects/new", { titleFr: "Projet", "establishmentIds[1000000]": "x" });
    await response.body?.cancel();
    expect(response.status).toBe(400);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
