// Referential versions in the database: import, publish, retire, the freeze enforced by the database itself,
// the startup import of shipped versions, the CLI and the admin page. Runs on PGlite and on PostgreSQL.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { asVersion2026, makeRatingGuidance, makeVersion, type VersionSpec } from "#app/domain/referential/fixtures.ts";
import { contentHash } from "#app/services/referential/content-hash.server.ts";
import type { ReferentialVersion } from "#app/domain/referential/schema.ts";
import { listReferentialFiles, loadReferentialFolder } from "#app/services/referential/referential-files.server.ts";
import {
  importReferential,
  importShippedReferentials,
  listReferentialVersions,
  loadReferentialVersion,
  publishReferential,
  ReferentialError,
  retireReferential,
} from "#app/services/referential/referentials.server.ts";
import type { Database, Db } from "#db/client.ts";
import {
  auditTrailEvents,
  referentialChapters,
  referentialCriteria,
  referentialLevels,
  referentialScaleValues,
  referentialStandards,
  referentialVersions,
  users,
} from "#db/schema.ts";
import { createTestDatabase } from "#tests/support/database.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

const CONTENT_TABLES = ["referential_scale_values", "referential_levels", "referential_chapters", "referential_standards", "referential_criteria"] as const;

/** A small valid version: 2 chapters, 3 standards, 5 criteria of every tier. */
function fixture(code: string, version = "2024", change?: (v: ReferentialVersion) => void, spec: Partial<VersionSpec> = {}): ReferentialVersion {
  const v = makeVersion({
    code,
    version,
    chapters: [
      [["critical", "core"], [{ tier: "core", na_allowed: true }]],
      [["advanced", "core"]],
    ],
    ...spec,
  });
  change?.(v);
  return v;
}
const yamlOf = (v: ReferentialVersion) => stringify(v);

/** Every message of an error and its causes (drizzle wraps the database's message). */
function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) parts.push(String(e.message));
  return parts.join(" | ");
}

async function refusal(db: Db, query: string): Promise<string> {
  try {
    await db.execute(sql.raw(query));
  } catch (error) {
    return errorText(error);
  }
  return "NOT REFUSED";
}

async function rowCounts(db: Db) {
  const tables = {
    versions: referentialVersions,
    scale: referentialScaleValues,
    levels: referentialLevels,
    chapters: referentialChapters,
    standards: referentialStandards,
    criteria: referentialCriteria,
    audit: auditTrailEvents,
  };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) out[name] = (await db.select({ n: count() }).from(table))[0]!.n;
  return out;
}

async function versionRow(db: Db, code: string, version = "2024") {
  const [row] = await db
    .select()
    .from(referentialVersions)
    .where(and(eq(referentialVersions.code, code), eq(referentialVersions.version, version)));
  return row;
}

async function importOk(db: Db, v: ReferentialVersion, options: Parameters<typeof importReferential>[2] = {}) {
  const result = await importReferential(db, yamlOf(v), options);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  return result;
}

let database: Database;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database?.close();
});

describe("import", () => {
  it("loads a version as a draft, and rebuilds it from the tables with the same content hash", async () => {
    const v = fixture("t-import", "2024", (x) => {
      x.chapters[0]!.standards[0]!.criteria[1]!.methods = ["interview", "tracer"];
      x.chapters[0]!.standards[0]!.criteria[1]!.isqua = [3, 5];
    });
    const result = await importOk(db, v);
    expect(result).toMatchObject({ status: "created", versionStatus: "draft", code: "t-import", version: "2024", contentHash: contentHash(v) });

    const rebuilt = await loadReferentialVersion(db, "t-import", "2024");
    expect(rebuilt).toEqual(v);
    expect(contentHash(rebuilt!)).toBe(result.contentHash);
    // Tier floors (tier_min_percent) in their columns, one per tier; none on Bronze.
    const levels = await db
      .select({ code: referentialLevels.code, core: referentialLevels.coreMinPercent, advanced: referentialLevels.advancedMinPercent })
      .from(referentialLevels)
      .where(eq(referentialLevels.versionId, result.versionId))
      .orderBy(referentialLevels.rank);
    expect(levels).toEqual([
      { code: "bronze", core: null, advanced: null },
      { code: "silver", core: 70, advanced: null },
      { code: "gold", core: 80, advanced: 60 },
    ]);
    expect(rebuilt!.levels.map((l) => l.conditions.tier_min_percent)).toEqual([undefined, { core: 70 }, { core: 80, advanced: 60 }]);

    const row = await versionRow(db, "t-import");
    expect(row).toMatchObject({ status: "draft", contentHash: result.contentHash, sourceYaml: yamlOf(v), publishedAt: null, retiredAt: null });
    const [listed] = (await listReferentialVersions(db)).filter((x) => x.code === "t-import");
    expect(listed!.counts).toEqual({ chapters: 2, standards: 3, criteria: 5, critical: 1, advanced: 1 });

    const events = await db.select().from(auditTrailEvents).where(eq(auditTrailEvents.entityId, result.versionId));
    expect(events.map((e) => [e.entityType, e.action])).toEqual([["referential_version", "referential_version.import"]]);
  });

  it("stores the service a criterion depends on and reads it back, in the content hash", async () => {
    const v = fixture("t-service", "2024", (x) => Object.assign(x.chapters[0]!.standards[0]!.criteria[0]!, { na_allowed: true, service: "surgery" }));
    const result = await importOk(db, v);
    const rows = await db
      .select({ code: referentialCriteria.code, naAllowed: referentialCriteria.naAllowed, service: referentialCriteria.service })
      .from(referentialCriteria)
      .where(eq(referentialCriteria.versionId, result.versionId));
    expect(rows.find((r) => r.code === "1.1.1")).toEqual({ code: "1.1.1", naAllowed: true, service: "surgery" });
    expect(rows.filter((r) => r.service !== null)).toHaveLength(1);
    const rebuilt = await loadReferentialVersion(db, "t-service", "2024");
    expect(rebuilt).toEqual(v);
    expect(rebuilt!.chapters[0]!.standards[0]!.criteria[0]!.service).toBe("surgery");
    expect(contentHash(rebuilt!)).toBe(result.contentHash);
    // The service is content: the same version without it hashes differently.
    const without = structuredClone(v);
    delete without.chapters[0]!.standards[0]!.criteria[0]!.service;
    expect(contentHash(without)).not.toBe(result.contentHash);
  });

  it("stores rating guidance and the metadata of principles 1–2, and rebuilds the version equal to the file, hash equal", async () => {
    const v = asVersion2026(fixture("t-guidance"));
    v.chapters[1]!.standards[0]!.criteria[1]!.rating_guidance = makeRatingGuidance("2.1.2");
    const result = await importOk(db, v);
    expect(result.contentHash).toBe(contentHash(v));
    const rebuilt = await loadReferentialVersion(db, "t-guidance", "2026");
    expect(rebuilt).toEqual(v);
    expect(contentHash(rebuilt!)).toBe(result.contentHash);
    expect(rebuilt!.chapters[0]!.standards[0]!.criteria[0]!.rating_guidance?.sample?.en).toBe("20 randomly drawn records 1.1.1");
    // A criterion and a version without them come back without the keys (not null), as in their file.
    expect(Object.keys(rebuilt!.chapters[0]!.standards[0]!.criteria[1]!)).not.toContain("rating_guidance");
    const plain = await loadReferentialVersion(db, "t-import", "2024");
    expect(Object.keys(plain!).filter((k) => ["glossary", "references", "tier_rationale", "rules_rationale", "development"].includes(k))).toEqual([]);
    await publishReferential(db, { code: "t-guidance", version: "2026" });
  });

  it("stores accent-free, lower-case search texts per language", async () => {
    const v = fixture("t-search", "2024", (x) => {
      const c = x.chapters[0]!.standards[0]!.criteria[0]!;
      c.text = { fr: "L'HYGIÈNE des mains est évaluée", en: "Hand HYGIENE is assessed" };
      c.evidence = [{ fr: "Œuvre d'équipe", en: "Team work" }];
    });
    const { versionId } = await importOk(db, v);
    const [criterion] = await db
      .select({ fr: referentialCriteria.searchFr, en: referentialCriteria.searchEn })
      .from(referentialCriteria)
      .where(and(eq(referentialCriteria.versionId, versionId), eq(referentialCriteria.code, "1.1.1")));
    expect(criterion!.fr).toContain("1.1.1 l'hygiene des mains est evaluee");
    expect(criterion!.fr).toContain("oeuvre d'equipe");
    expect(criterion!.en).toContain("hand hygiene is assessed");
  });

  it("replaces a draft on re-import (same id, new content, in one transaction) and leaves an identical one alone", async () => {
    const first = await importOk(db, fixture("t-redraft"));
    const smaller = fixture("t-redraft", "2024", undefined, { chapters: [[["critical", "core"]]] });
    const second = await importOk(db, smaller);
    expect(second).toMatchObject({ status: "replaced_draft", versionId: first.versionId, versionStatus: "draft" });
    expect(await loadReferentialVersion(db, "t-redraft", "2024")).toEqual(smaller);
    const criteria = await db.select({ n: count() }).from(referentialCriteria).where(eq(referentialCriteria.versionId, first.versionId));
    expect(criteria[0]!.n).toBe(2);

    const before = await rowCounts(db);
    expect(await importOk(db, smaller)).toMatchObject({ status: "unchanged", versionId: first.versionId });
    expect(await rowCounts(db)).toEqual(before);
    const actions = await db.select({ action: auditTrailEvents.action }).from(auditTrailEvents).where(eq(auditTrailEvents.entityId, first.versionId));
    expect(actions.map((a) => a.action).sort()).toEqual(["referential_version.import", "referential_version.replace_draft"]);
  });

  it("refuses different content for a published version with a clear message, and changes nothing", async () => {
    const v = fixture("t-published");
    await importOk(db, v);
    await publishReferential(db, { code: "t-published", version: "2024" });
    expect(await importOk(db, v)).toMatchObject({ status: "unchanged", versionStatus: "published" });

    const before = await rowCounts(db);
    const changed = fixture("t-published", "2024", (x) => (x.chapters[0]!.standards[0]!.criteria[0]!.text.en = "Reworded requirement"));
    const result = await importReferential(db, yamlOf(changed));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.path).toBe("version");
    expect(result.problems[0]!.message).toMatch(/^t-published 2024 is already published with different content .*give the new content a new version number/);
    expect(await rowCounts(db)).toEqual(before);
    expect(await loadReferentialVersion(db, "t-published", "2024")).toEqual(v);
  });

  describe("refuses bad input with a precise message and its path, and changes nothing", () => {
    const criterion = (v: ReferentialVersion, ci: number, si: number, ki: number) => v.chapters[ci]!.standards[si]!.criteria[ki]! as ReferentialVersion["chapters"][0]["standards"][0]["criteria"][0] & Record<string, unknown>;
    const cases: [string, () => string, RegExp][] = [
      ["malformed YAML", () => "code: t-bad\nversion: \"2024\"\nchapters: [1, 2\nlevels: 3\n", /^: YAML syntax error at line 4, column 1: /],
      [
        "an unknown key",
        () => yamlOf(fixture("t-bad", "2024", (v) => (criterion(v, 0, 0, 1).colour = "red"))),
        /^chapters\[0\]\.standards\[0\]\.criteria\[1\]\.colour: unknown key$/,
      ],
      [
        "a duplicate code",
        () => yamlOf(fixture("t-bad", "2024", (v) => (criterion(v, 0, 0, 1).code = "1.1.1"))),
        /^chapters\[0\]\.standards\[0\]\.criteria\[1\]\.code: duplicate code 1\.1\.1 \(also at chapters\[0\]\.standards\[0\]\.criteria\[0\]\)$/,
      ],
      [
        "a criterion missing its English text",
        () => yamlOf(fixture("t-bad", "2024", (v) => delete (criterion(v, 1, 0, 1).text as Partial<{ en: string }>).en)),
        /^chapters\[1\]\.standards\[0\]\.criteria\[1\]\.text\.en: required$/,
      ],
      [
        "a critical criterion allowing N/A",
        () => yamlOf(fixture("t-bad", "2024", (v) => (criterion(v, 0, 0, 0).na_allowed = true))),
        /^chapters\[0\]\.standards\[0\]\.criteria\[0\]\.na_allowed: a critical criterion may allow N\/A only when it depends on a service/,
      ],
      [
        "a service on a criterion that does not allow N/A",
        () => yamlOf(fixture("t-bad", "2024", (v) => (criterion(v, 0, 0, 1).service = "emergency"))),
        /^chapters\[0\]\.standards\[0\]\.criteria\[1\]\.service: a criterion that depends on a service must allow N\/A \(na_allowed: true\)/,
      ],
      [
        "unordered level rules",
        () => yamlOf(fixture("t-bad", "2024", (v) => (v.levels[2]!.conditions.global_min_percent = 70))),
        /^levels\[2\]\.conditions\.global_min_percent: must be at least 75 \(silver's value\)/,
      ],
      [
        "a tier floor naming an unknown tier",
        () => yamlOf(fixture("t-bad", "2024", (v) => (v.levels[1]!.conditions.tier_min_percent = { core: 70, basic: 50 } as never))),
        /^levels\[1\]\.conditions\.tier_min_percent\.basic: unknown tier basic \(tiers: core, advanced\)$/,
      ],
      [
        "a replaces code absent from the earlier version",
        () => yamlOf(fixture("t-lineage", "2024", (v) => (criterion(v, 0, 0, 0).replaces = ["9.9.9"]))),
        /^chapters\[0\]\.standards\[0\]\.criteria\[0\]\.replaces\[0\]: code 9\.9\.9 does not exist in version 2019$/,
      ],
      [
        "a code of the earlier version reused for unrelated wording, without saying whether it continues it or is new",
        () =>
          yamlOf(
            fixture("t-lineage", "2024", (v) => {
              criterion(v, 0, 0, 1).text = { fr: "L'établissement publie un rapport annuel de qualité.", en: "The hospital publishes an annual quality report." };
            }),
          ),
        /^chapters\[0\]\.standards\[0\]\.criteria\[1\]\.code: code 1\.1\.2 existed in 2019 with unrelated wording \(0 % similar, below 25 %\): write replaces: \["1\.1\.2"\] if this criterion continues it, or replaces: \[\] if it is new$/,
      ],
      [
        "replaces: [] in a first version",
        () => yamlOf(fixture("t-bad", "2024", (v) => (criterion(v, 0, 0, 1).replaces = []))),
        /^chapters\[0\]\.standards\[0\]\.criteria\[1\]\.replaces: replaces is only allowed in a version that follows a previous one/,
      ],
    ];

    beforeAll(async () => {
      // The earlier version the lineage case is checked against (found in the database by default).
      await importOk(db, fixture("t-lineage", "2019"));
    });

    for (const [name, text, expected] of cases) {
      it(name, async () => {
        const before = await rowCounts(db);
        const result = await importReferential(db, text());
        expect(result.ok).toBe(false);
        if (result.ok) return;
        const problems = result.problems.map((p) => `${p.path}: ${p.message}`);
        expect(problems[0]).toMatch(expected);
        if (name !== "malformed YAML") expect(problems).toHaveLength(1);
        expect(await rowCounts(db)).toEqual(before);
      });
    }

    it("a replaces code present in the earlier version is accepted", async () => {
      const v = fixture("t-lineage", "2024", (x) => (criterion(x, 0, 0, 0).replaces = ["1.1.2"]));
      expect(await importOk(db, v)).toMatchObject({ status: "created" });
      expect((await loadReferentialVersion(db, "t-lineage", "2024"))!.chapters[0]!.standards[0]!.criteria[0]!.replaces).toEqual(["1.1.2"]);
    });

    it("stores replaces: [] (a new criterion under a reused code) as an empty list, distinct from no replaces, and publishes it", async () => {
      const v = fixture("t-lineage", "2024.1", (x) => {
        criterion(x, 0, 0, 1).text = { fr: "L'établissement publie un rapport annuel de qualité.", en: "The hospital publishes an annual quality report." };
        criterion(x, 0, 0, 1).replaces = [];
      });
      const imported = await importOk(db, v, { previous: fixture("t-lineage", "2019") });
      const rows = await db
        .select({ code: referentialCriteria.code, replaces: referentialCriteria.replaces })
        .from(referentialCriteria)
        .where(eq(referentialCriteria.versionId, imported.versionId));
      expect(rows.find((r) => r.code === "1.1.2")!.replaces).toEqual([]);
      expect(rows.find((r) => r.code === "1.1.1")!.replaces).toBeNull();
      const loaded = (await loadReferentialVersion(db, "t-lineage", "2024.1"))!;
      expect(loaded.chapters[0]!.standards[0]!.criteria[1]!.replaces).toEqual([]);
      expect(loaded.chapters[0]!.standards[0]!.criteria[0]!).not.toHaveProperty("replaces");
      // Publishing hashes the content read back from the tables: the same hash as the file's.
      expect((await publishReferential(db, { code: "t-lineage", version: "2024.1" })).contentHash).toBe(contentHash(v));
    });
  });

  it("is all or nothing: a failure in the middle of the inserts leaves no trace", async () => {
    await db.execute(
      sql.raw(`create or replace function test_fail_criterion() returns trigger language plpgsql as $$
        begin if new.code = '2.1.2' then raise exception 'simulated failure'; end if; return new; end $$`),
    );
    await db.execute(sql.raw("create trigger test_fail_criterion before insert on referential_criteria for each row execute function test_fail_criterion()"));
    try {
      const before = await rowCounts(db);
      const error = await importReferential(db, yamlOf(fixture("t-atomic"))).then(() => null, (e: unknown) => e);
      expect(errorText(error)).toMatch(/simulated failure/);
      expect(await rowCounts(db)).toEqual(before);
      expect(await versionRow(db, "t-atomic")).toBeUndefined();

      // A draft being replaced keeps its old content when the replacement fails.
      await db.execute(sql.raw("alter table referential_criteria disable trigger test_fail_criterion"));
      const first = fixture("t-atomic", "2024", undefined, { chapters: [[["critical", "core"]]] });
      await importOk(db, first);
      await db.execute(sql.raw("alter table referential_criteria enable trigger test_fail_criterion"));
      const again = await importReferential(db, yamlOf(fixture("t-atomic"))).then(() => null, (e: unknown) => e);
      expect(errorText(again)).toMatch(/simulated failure/);
      expect(await loadReferentialVersion(db, "t-atomic", "2024")).toEqual(first);
    } finally {
      await db.execute(sql.raw("drop trigger if exists test_fail_criterion on referential_criteria"));
    }
  });
});

describe("lifecycle", () => {
  it("goes draft → published → retired, recording who and when", async () => {
    const [admin] = await db
      .insert(users)
      .values({ email: "dri-referential@label.example.org", name: "DRI référentiel", role: "dri_admin" })
      .returning({ id: users.id });
    const { versionId, contentHash: hash } = await importOk(db, fixture("t-life"), { actorUserId: admin!.id });

    await expect(retireReferential(db, { id: versionId })).rejects.toMatchObject({ code: "not_published" });
    const published = await publishReferential(db, { code: "t-life", version: "2024" }, { actorUserId: admin!.id });
    expect(published).toEqual({ versionId, code: "t-life", version: "2024", contentHash: hash });
    await expect(publishReferential(db, { id: versionId })).rejects.toMatchObject({ code: "not_draft" });

    let row = await versionRow(db, "t-life");
    expect(row).toMatchObject({ status: "published", contentHash: hash, publishedBy: admin!.id, importedBy: admin!.id });
    expect(row!.publishedAt).toBeInstanceOf(Date);

    await retireReferential(db, { id: versionId }, { actorUserId: admin!.id });
    row = await versionRow(db, "t-life");
    expect(row).toMatchObject({ status: "retired", retiredBy: admin!.id, contentHash: hash });
    expect(row!.retiredAt).toBeInstanceOf(Date);
    await expect(retireReferential(db, { id: versionId })).rejects.toMatchObject({ code: "not_published" });
    await expect(publishReferential(db, { code: "t-life", version: "1999" })).rejects.toBeInstanceOf(ReferentialError);

    const events = await db
      .select({ action: auditTrailEvents.action, actor: auditTrailEvents.actorUserId, changes: auditTrailEvents.changes })
      .from(auditTrailEvents)
      .where(and(eq(auditTrailEvents.entityType, "referential_version"), eq(auditTrailEvents.entityId, versionId)))
      .orderBy(auditTrailEvents.id);
    expect(events.map((e) => [e.action, e.actor])).toEqual([
      ["referential_version.import", admin!.id],
      ["referential_version.publish", admin!.id],
      ["referential_version.retire", admin!.id],
    ]);
    expect(events[2]!.changes).toEqual({ status: { from: "published", to: "retired" } });
    // Retired content is still readable, unchanged.
    expect(contentHash((await loadReferentialVersion(db, "t-life", "2024"))!)).toBe(hash);
  });

  it("refuses to publish a draft whose content was changed behind the app's back", async () => {
    const { versionId } = await importOk(db, fixture("t-tamper"));
    await db.execute(sql.raw(`update referential_criteria set text = '{"fr":"Modifié","en":"Changed"}' where version_id = '${versionId}' and code = '1.1.1'`));
    await expect(publishReferential(db, { id: versionId })).rejects.toMatchObject({ code: "hash_mismatch" });
    expect((await versionRow(db, "t-tamper"))!.status).toBe("draft");
  });
});

describe("a published version is frozen by the database itself", () => {
  let versionId: string;
  let draftId: string;
  beforeAll(async () => {
    ({ versionId } = await importOk(db, fixture("t-frozen")));
    await publishReferential(db, { id: versionId });
    ({ versionId: draftId } = await importOk(db, fixture("t-frozen-draft")));
  });

  for (const table of CONTENT_TABLES) {
    it(`${table}: UPDATE, DELETE, INSERT and TRUNCATE are refused`, async () => {
      const before = await rowCounts(db);
      expect(await refusal(db, `update ${table} set version_id = version_id where version_id = '${versionId}'`)).toMatch(
        /referential version t-frozen 2024 is published: its content is frozen \(UPDATE on/,
      );
      expect(await refusal(db, `delete from ${table} where version_id = '${versionId}'`)).toMatch(/t-frozen 2024 is published: its content is frozen \(DELETE on/);
      expect(await refusal(db, `insert into ${table} select * from ${table} where version_id = '${versionId}' limit 1`)).toMatch(/its content is frozen \(INSERT on/);
      // CASCADE, so the refusal is the freeze's and not a foreign key's.
      expect(await refusal(db, `truncate ${table} cascade`)).toMatch(/TRUNCATE on referential_\w+ refused: it holds published or retired referential versions/);
      expect(await rowCounts(db)).toEqual(before);
    });
  }

  it("moving draft content into a published version is refused too", async () => {
    expect(await refusal(db, `update referential_levels set version_id = '${versionId}' where version_id = '${draftId}' and code = 'gold'`)).toMatch(/its content is frozen/);
  });

  it("a draft's content can still change (the triggers only guard published and retired versions)", async () => {
    expect(await refusal(db, `update referential_criteria set position = position where version_id = '${draftId}'`)).toBe("NOT REFUSED");
  });

  it("N/A on a critical criterion needs a service, and a service needs N/A: the database refuses the rest", async () => {
    const critical = `version_id = '${draftId}' and tier = 'critical'`;
    expect(await refusal(db, `update referential_criteria set na_allowed = true where ${critical}`)).toMatch(/referential_criteria_critical_na_needs_service/);
    expect(await refusal(db, `update referential_criteria set service = 'surgery' where ${critical}`)).toMatch(/referential_criteria_service_allows_na/);
    expect(await refusal(db, `update referential_criteria set na_allowed = true, service = 'surgery' where ${critical}`)).toBe("NOT REFUSED");
    expect(await refusal(db, `update referential_criteria set service = null where ${critical}`)).toMatch(/referential_criteria_critical_na_needs_service/);
    expect(await refusal(db, `update referential_criteria set na_allowed = false, service = null where ${critical}`)).toBe("NOT REFUSED");
  });

  it("the version row: only published → retired is allowed; no other change, no deletion, no TRUNCATE", async () => {
    expect(await refusal(db, `update referential_versions set title = '{"fr":"Autre","en":"Other"}' where id = '${versionId}'`)).toMatch(
      /t-frozen 2024 is published: it is frozen \(only published → retired/,
    );
    expect(await refusal(db, `update referential_versions set status = 'draft', published_at = null where id = '${versionId}'`)).toMatch(/it is frozen/);
    expect(await refusal(db, `update referential_versions set status = 'retired', retired_at = now(), content_hash = 'x' where id = '${versionId}'`)).toMatch(/it is frozen/);
    expect(await refusal(db, `delete from referential_versions where id = '${versionId}'`)).toMatch(/t-frozen 2024 is published: it cannot be deleted/);
    expect(await refusal(db, "truncate referential_versions cascade")).toMatch(/TRUNCATE on referential_versions refused/);
    expect(await refusal(db, `insert into referential_versions (code, version, status, illustrative, title, description, effective_date, review_by, approval_body, development_notes, changelog, validity_years, not_applicable_label, not_applicable_description, content_hash, source_yaml, published_at)
      select 'x-direct', version, 'published', illustrative, title, description, effective_date, review_by, approval_body, development_notes, changelog, validity_years, not_applicable_label, not_applicable_description, content_hash, source_yaml, now()
      from referential_versions where id = '${versionId}'`)).toMatch(/must be created as a draft/);
    expect(await refusal(db, `update referential_versions set status = 'retired', retired_at = now() where id = '${draftId}'`)).toMatch(/is a draft: publish it before retiring it/);

    // The one allowed step, in raw SQL too; then nothing at all.
    expect(await refusal(db, `update referential_versions set status = 'retired', retired_at = now() where id = '${versionId}'`)).toBe("NOT REFUSED");
    expect(await refusal(db, `update referential_versions set status = 'published', retired_at = null where id = '${versionId}'`)).toMatch(/t-frozen 2024 is retired: it is frozen/);
    expect(await refusal(db, `update referential_criteria set position = position where version_id = '${versionId}'`)).toMatch(/t-frozen 2024 is retired: its content is frozen/);
  });

  it("a draft can be deleted with its content", async () => {
    const { versionId: id } = await importOk(db, fixture("t-delete-draft"));
    expect(await refusal(db, `delete from referential_versions where id = '${id}'`)).toBe("NOT REFUSED");
    const left = await db.select({ n: count() }).from(referentialCriteria).where(eq(referentialCriteria.versionId, id));
    expect(left[0]!.n).toBe(0);
  });
});

describe("shipped versions (startup import)", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "label-shipped-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports and publishes the real files once; later starts leave them alone", async () => {
    const files = listReferentialFiles();
    expect(files.map((f) => `${f.code}/${f.version}`)).toEqual(expect.arrayContaining(["label-qss/2019", "label-qss/2024"]));
    const first = await importShippedReferentials(db);
    expect(first.imported.map((f) => `${f.code}/${f.version}`)).toEqual(files.map((f) => `${f.code}/${f.version}`));
    expect(first.unchanged).toEqual([]);

    const after = await rowCounts(db);
    const second = await importShippedReferentials(db);
    expect(second).toEqual({ imported: [], unchanged: first.imported });
    expect(await rowCounts(db)).toEqual(after);

    // What is in the database is exactly the files' content, published.
    for (const file of loadReferentialFolder()) {
      if (!file.result.ok) throw new Error(`${file.path} does not validate`);
      const row = await versionRow(db, file.code, file.version);
      expect(row).toMatchObject({ status: "published", contentHash: contentHash(file.result.version), sourceYaml: file.text, importedBy: null });
      expect(contentHash((await loadReferentialVersion(db, file.code, file.version))!)).toBe(row!.contentHash);
    }

    // Same content written differently (a comment): parsed again, same hash, left alone.
    const copy = join(dir, "copy");
    cpSync("referentials", copy, { recursive: true });
    const path = join(copy, "label-qss", "2024.yaml");
    writeFileSync(path, `# reformatted\n${readFileSync(path, "utf8")}`);
    expect((await importShippedReferentials(db, copy)).imported).toEqual([]);
    expect(await rowCounts(db)).toEqual(after);
  });

  it("stops the start, naming the file, when a shipped version's content differs from the database's", async () => {
    const folder = join(dir, "changed");
    mkdirSync(join(folder, "t-ship"), { recursive: true });
    const file = join(folder, "t-ship", "2024.yaml");
    writeFileSync(file, yamlOf(fixture("t-ship")));
    expect((await importShippedReferentials(db, folder)).imported).toHaveLength(1);

    writeFileSync(file, yamlOf(fixture("t-ship", "2024", (v) => (v.levels[0]!.conditions.global_min_percent = 55))));
    const before = await rowCounts(db);
    await expect(importShippedReferentials(db, folder)).rejects.toThrow(/t-ship\/2024\.yaml: t-ship 2024 is already in the database \(published\) with different content/);
    // A file corrected in place by an update: the message says where the README explains how to reset.
    await expect(importShippedReferentials(db, folder)).rejects.toThrow(/see "Reset local data after a referential correction" in README\.md\.$/);
    expect(await rowCounts(db)).toEqual(before);
  });

  it("stops the start, naming the file and the problem, when a shipped file does not validate", async () => {
    const folder = join(dir, "invalid");
    mkdirSync(join(folder, "t-invalid"), { recursive: true });
    writeFileSync(join(folder, "t-invalid", "2024.yaml"), yamlOf(fixture("t-invalid", "2024", (v) => (v.chapters[0]!.standards[0]!.criteria[0]!.na_allowed = true))));
    writeFileSync(join(folder, "t-invalid", "2025.yaml"), yamlOf(fixture("t-other", "2025")));
    const before = await rowCounts(db);
    const error = await importShippedReferentials(db, folder).then(() => null, (e: unknown) => e);
    expect(errorText(error)).toMatch(/t-invalid\/2024\.yaml:\n {2}chapters\[0\]\.standards\[0\]\.criteria\[0\]\.na_allowed: a critical criterion may allow N\/A only when it depends on a service/);
    expect(errorText(error)).toMatch(/t-invalid\/2025\.yaml:\n {2}code: must be t-invalid, the folder the file is in/);
    expect(await rowCounts(db)).toEqual(before);
  });
});

// The command line, on a PGlite folder of its own (once: the service functions are tested on both engines above).
describe.skipIf(process.env.TEST_DATABASE === "postgres")("npm run referential", () => {
  let dir: string;
  const env = () => {
    const { DATABASE_URL: _url, ...rest } = process.env;
    return { ...rest, PGLITE_DIR: join(dir, "pglite"), NODE_ENV: "production" };
  };
  const cli = (...args: string[]) => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/referential.ts", ...args], { env: env(), encoding: "utf8", timeout: 60_000 });
    return { status: run.status, out: `${run.stdout}${run.stderr}` };
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "label-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("validate prints every problem with its path and exits 1; a valid file exits 0", () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      yamlOf(
        fixture("t-cli", "2024", (v) => {
          delete (v.chapters[1]!.standards[0]!.criteria[1]!.text as Partial<{ en: string }>).en;
          (v.chapters[0]!.standards[0]!.criteria[0]! as Record<string, unknown>).colour = "red";
        }),
      ),
    );
    const failed = cli("validate", bad);
    expect(failed.status).toBe(1);
    expect(failed.out).toContain("2 problems");
    expect(failed.out).toMatch(/chapters\[1\]\.standards\[0\]\.criteria\[1\]\.text\.en: required \(line \d+, column \d+\)/);
    expect(failed.out).toMatch(/chapters\[0\]\.standards\[0\]\.criteria\[0\]\.colour: unknown key \(line \d+, column \d+\)/);

    const good = join(dir, "good.yaml");
    writeFileSync(good, yamlOf(fixture("t-cli")));
    const passed = cli("validate", good);
    expect(passed.out).toMatch(/good\.yaml: valid — t-cli 2024: 2 chapters, 3 standards, 5 criteria \(1 critical, 3 core, 1 advanced\)/);
    expect(passed.status).toBe(0);
  }, 60_000);

  it("import, publish, refuse a changed re-import, diff, retire", () => {
    const v1 = join(dir, "v1.yaml");
    const v2 = join(dir, "v2.yaml");
    writeFileSync(v1, yamlOf(fixture("t-cli")));
    writeFileSync(v2, yamlOf(fixture("t-cli", "2024", (v) => (v.chapters[0]!.standards[0]!.criteria[1]!.tier = "advanced"))));

    const imported = cli("import", v1);
    expect(imported.out).toContain("t-cli 2024: imported as a draft");
    expect(imported.status).toBe(0);
    const published = cli("publish", "t-cli", "2024");
    expect(published.out).toContain("t-cli 2024: published");
    expect(published.status).toBe(0);
    const refused = cli("import", v2);
    expect(refused.out).toMatch(/version: t-cli 2024 is already published with different content/);
    expect(refused.status).toBe(1);

    const diff = cli("diff", "t-cli@2024", v2);
    expect(diff.out).toMatch(/tier changed\s+1/);
    expect(diff.out).toContain("1.1.2 → 1.1.2: core → advanced");
    expect(diff.status).toBe(0);

    const retired = cli("retire", "t-cli", "2024");
    expect(retired.out).toContain("t-cli 2024: retired.");
    expect(cli("list").out).toMatch(/t-cli 2024\s+retired/);
  }, 120_000);

  it("says in its help never to point it at a running server's folder", () => {
    const help = cli("help");
    expect(help.out).toMatch(/never point this command at the PGlite folder of a running server/);
    expect(help.status).toBe(0);
  }, 60_000);
});

describe("admin page", () => {
  let server: TestServer;
  let draftId: string;
  beforeAll(async () => {
    server = await startTestServer();
    ({ versionId: draftId } = await importOk(server.database.db, fixture("t-page")));
  });
  afterAll(async () => {
    await server?.close();
  });

  it("lets a DRI admin publish a draft after confirming, and shows its history", async () => {
    const b = new TestBrowser(server.baseUrl);
    await b.login("admin@label.example.org");
    const page = await readPage(await b.get("/admin/referentials"));
    expect(page).toContain("Versions du référentiel");
    expect(page).toContain("Ce n'est pas le référentiel officiel de l'AP-HP.");
    expect(page).toContain("t-page 2024");
    expect(page).toContain("Brouillon");
    expect(page).toContain("2 chapitres, 3 standards, 5 critères (dont 1 impératif, 1 avancé)");
    expect(page).toContain("Version importée (brouillon)");

    const unconfirmed = await b.post("/admin/referentials", { intent: "publish", versionId: draftId });
    expect(unconfirmed.status).toBe(400);
    expect(await readPage(unconfirmed)).toContain("Cochez la case de confirmation avant de valider.");
    expect((await versionRow(server.database.db, "t-page"))!.status).toBe("draft");

    const publish = await b.post("/admin/referentials", { intent: "publish", versionId: draftId, confirm: "on" });
    expect(publish.status).toBe(302);
    expect(publish.headers.get("location")).toBe(`/admin/referentials?done=publish&version=${draftId}`);
    const row = await versionRow(server.database.db, "t-page");
    const [admin] = await server.database.db.select({ id: users.id }).from(users).where(eq(users.email, "admin@label.example.org"));
    expect(row).toMatchObject({ status: "published", publishedBy: admin!.id });

    const after = await readPage(await b.get(publish.headers.get("location")!));
    expect(after).toContain("La version t-page 2024 est publiée.");
    expect(after).toContain("Version publiée");
    expect(after).toContain("Claire Dubois");

    const again = await b.post("/admin/referentials", { intent: "publish", versionId: draftId, confirm: "on" });
    expect(again.status).toBe(409);
    expect(await readPage(again)).toContain("Cette version n'est plus un brouillon");

    const en = new TestBrowser(server.baseUrl, { language: "en-GB,en;q=0.9", lng: "en" });
    await en.login("admin@label.example.org");
    const english = await readPage(await en.get("/admin/referentials?lng=en"));
    expect(english).toContain("Standards manual versions");
    expect(english).toContain("This is not the official AP-HP standards manual.");
    expect(english).toContain("Retire the version");
  });

  it("is closed to everyone but the DRI (403), and their posts change nothing", async () => {
    const { versionId } = await importOk(server.database.db, fixture("t-page-hospital"));
    for (const email of ["touba@label.example.org", "auditeur@label.example.org"]) {
      const b = new TestBrowser(server.baseUrl);
      await b.login(email);
      expect((await b.get("/admin/referentials")).status).toBe(403);
      const post = await b.post("/admin/referentials", { intent: "publish", versionId, confirm: "on" });
      expect(post.status).toBe(403);
    }
    expect((await versionRow(server.database.db, "t-page-hospital"))!.status).toBe("draft");
  });
});
