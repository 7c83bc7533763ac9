// The synthetic database `npm run bench` measures: the shipped referentials, the demo accounts, the cooperation
// registry, 500 establishments with a coordinator each, 300 of them in a labelling process on the 2024 version with a
// complete self-assessment and a complete, submitted audit (ratings, findings, team, chapters, histories), ready for
// the committee's decision; a label for the certificate; and one process on a version ten times larger.
// One process is built through the services as people would (tests/support/audit-fixtures.ts); the others are copied
// from it in SQL (INSERT … SELECT over generate_series), so they hold the very rows the services write, in seconds.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { stringify } from "yaml";
import type { Db } from "#db/client.ts";
import { establishments, users } from "#db/schema.ts";
import type { ReferentialVersion } from "#app/domain/referential/schema.ts";
import { parseReferentialYaml } from "#app/domain/referential/validate.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { importParsedReferential, loadReferentialVersion } from "#app/services/referential/referentials.server.ts";
import { loadRegistrySeed } from "#app/services/registry/registry-seed.server.ts";
import { establishmentSearchText } from "#app/services/registry/registry.server.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { buildAuditedProcess } from "#tests/support/audit-fixtures.ts";
import { insertLabel } from "#tests/support/label-fixtures.ts";

export interface SyntheticDatabase {
  /** The process built through the services (audit submitted, awaiting the decision). */
  processId: string;
  /** One of its copies. */
  copiedProcessId: string;
  /** The same process on the version ten times larger. */
  largeProcessId: string;
  largeVersion: { code: string; version: string; criteria: number };
  /** A label's certificate number (the certificate PDF). */
  certificateNumber: string;
  counts: { establishments: number; processes: number; selfRatings: number; auditRatings: number; trailEvents: number };
}

const COUNTRIES = ["SN", "CI", "TG", "BJ", "ML", "BF", "CM", "MA", "TN", "MG", "VN", "KH", "LB", "HT", "GN"];

/** `count` establishments named "<prefix> n", each with its coordinator (one multi-row insert each). */
export async function addEstablishments(db: Db, prefix: string, count: number, passwordHash: string): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < count; from += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - from) }, (_, i) => {
      const n = from + i + 1;
      const columns = { name: `${prefix} ${n}`, shortName: `${prefix.slice(0, 3).toUpperCase()} ${n}`, city: `Ville ${n}`, countryCode: COUNTRIES[n % COUNTRIES.length]! };
      return { ...columns, kind: "hospital", beds: 100 + (n % 700), search: establishmentSearchText(columns) };
    });
    const inserted = await db.insert(establishments).values(rows).returning({ id: establishments.id });
    await db.insert(users).values(
      inserted.map((e, i) => ({
        email: `coordination.${prefix.toLowerCase().replaceAll(/[^a-z]/g, "")}.${from + i + 1}@bench.example.org`,
        name: `Coordination ${from + i + 1}`,
        role: "hospital" as const,
        establishmentId: e.id,
        isCoordinator: true,
        passwordHash,
      })),
    );
    ids.push(...inserted.map((e) => e.id));
  }
  return ids;
}

/**
 * Copies the template process onto each establishment: the process, its transitions, both sets of ratings with their
 * audit-trail history, the visit with its team and chapters. The template's coordinator becomes each hospital's own.
 */
async function copyProcess(db: Db, templateId: string, establishmentIds: string[]): Promise<string[]> {
  // One transaction: one connection (the temporary table lives in it), and one commit.
  return db.transaction((tx) => copyProcessIn(tx, templateId, establishmentIds));
}

async function copyProcessIn(db: Db, templateId: string, establishmentIds: string[]): Promise<string[]> {
  const ids = sql`(${sql.join(establishmentIds.map((id) => sql`${id}::uuid`), sql`, `)})`;
  await db.execute(sql`create temporary table bench_copies as
    select gen_random_uuid() as process_id, e.id as establishment_id, u.id as coordinator_id
    from establishments e join users u on u.establishment_id = e.id and u.is_coordinator
    where e.id in ${ids}`);
  const coordinator = sql`(select u.id from users u join labelling_processes p on p.establishment_id = u.establishment_id and u.is_coordinator where p.id = ${templateId})`;
  const actor = (column: string) => sql`case when ${sql.raw(column)} = ${coordinator} then c.coordinator_id else ${sql.raw(column)} end`;
  const template = sql`${templateId}::uuid`;
  await db.execute(sql`insert into labelling_processes (id, establishment_id, referential_version_id, state, self_assessment_due, planned_visit, opened_by, opened_at)
    select c.process_id, c.establishment_id, t.referential_version_id, t.state, t.self_assessment_due, t.planned_visit, t.opened_by, t.opened_at
    from bench_copies c, labelling_processes t where t.id = ${template}`);
  await db.execute(sql`insert into process_transitions (process_id, from_state, to_state, actor_user_id, at, comment)
    select c.process_id, t.from_state, t.to_state, ${actor("t.actor_user_id")}, t.at, t.comment
    from bench_copies c, process_transitions t where t.process_id = ${template} order by c.process_id, t.id`);
  await db.execute(sql`insert into self_assessment_ratings (process_id, criterion_id, rating, justification, version, updated_by, updated_at)
    select c.process_id, t.criterion_id, t.rating, t.justification, t.version, ${actor("t.updated_by")}, t.updated_at
    from bench_copies c, self_assessment_ratings t where t.process_id = ${template}`);
  await db.execute(sql`insert into audit_visits (process_id, round, starts_on, ends_on, summary_fr, summary_en, summary_version, scheduled_by, scheduled_at, updated_at, submitted_by, submitted_at)
    select c.process_id, t.round, t.starts_on, t.ends_on, t.summary_fr, t.summary_en, t.summary_version, t.scheduled_by, t.scheduled_at, t.updated_at, t.submitted_by, t.submitted_at
    from bench_copies c, audit_visits t where t.process_id = ${template}`);
  await db.execute(sql`insert into audit_team_members (process_id, user_id, role, added_at)
    select c.process_id, t.user_id, t.role, t.added_at from bench_copies c, audit_team_members t where t.process_id = ${template}`);
  await db.execute(sql`insert into audit_chapter_assignments (process_id, chapter_id, user_id)
    select c.process_id, t.chapter_id, t.user_id from bench_copies c, audit_chapter_assignments t where t.process_id = ${template}`);
  await db.execute(sql`insert into audit_ratings (process_id, criterion_id, rating, finding, classification, methods, version, updated_by, updated_at)
    select c.process_id, t.criterion_id, t.rating, t.finding, t.classification, t.methods, t.version, t.updated_by, t.updated_at
    from bench_copies c, audit_ratings t where t.process_id = ${template}`);
  // The history: the process's own events, and each rating's ("<process id>:<criterion code>").
  await db.execute(sql`insert into audit_events (at, actor_user_id, action, entity_type, entity_id, changes)
    select t.at, ${actor("t.actor_user_id")}, t.action, t.entity_type, replace(t.entity_id, ${templateId}, c.process_id::text), t.changes
    from bench_copies c, audit_events t
    where t.entity_id = ${templateId} or t.entity_id like ${`${templateId}:%`} order by c.process_id, t.id`);
  const copies = rows<{ id: string }>(await db.execute(sql`select process_id::text as id from bench_copies order by establishment_id`));
  await db.execute(sql`drop table bench_copies`);
  return copies.map((c) => c.id);
}

/** The 2024 version's chapters repeated `times` times under new codes: same texts, same shape, `times`× the criteria. */
export function enlargedVersion(base: ReferentialVersion, times: number, code: string): ReferentialVersion {
  const chapters = Array.from({ length: times }, (_, k) =>
    base.chapters.map((chapter, ci) => {
      const chapterCode = String(k * base.chapters.length + ci + 1);
      return {
        ...chapter,
        code: chapterCode,
        standards: chapter.standards.map((standard, si) => ({
          ...standard,
          code: `${chapterCode}.${si + 1}`,
          criteria: standard.criteria.map(({ replaces: _, ...criterion }, i) => ({ ...criterion, code: `${chapterCode}.${si + 1}.${i + 1}` })),
        })),
      };
    }),
  ).flat();
  return { ...base, code, chapters };
}

/**
 * The template process's ratings and visit, laid onto a process of another version by criterion position (the
 * larger version repeats the 2024 one, so the n-th criterion is the same criterion as the (n mod 136)-th).
 */
async function copyOntoVersion(db: Db, templateId: string, versionId: string, establishmentId: string): Promise<string> {
  const processId = randomUUID();
  const template = sql`${templateId}::uuid`;
  await db.execute(sql`insert into labelling_processes (id, establishment_id, referential_version_id, state, opened_by, opened_at)
    select ${processId}::uuid, ${establishmentId}::uuid, ${versionId}::uuid, t.state, t.opened_by, t.opened_at from labelling_processes t where t.id = ${template}`);
  await db.execute(sql`insert into process_transitions (process_id, from_state, to_state, actor_user_id, at)
    select ${processId}::uuid, t.from_state, t.to_state, t.actor_user_id, t.at from process_transitions t where t.process_id = ${template} order by t.id`);
  const pairs = sql`(select n.id as criterion_id, n.code, o.id as template_criterion_id from
      (select c.id, c.code, row_number() over (order by ch.position, s.position, c.position) - 1 as i
        from referential_criteria c join referential_standards s on s.id = c.standard_id join referential_chapters ch on ch.id = s.chapter_id
        where c.version_id = ${versionId}) n
      join (select c.id, row_number() over (order by ch.position, s.position, c.position) - 1 as i, count(*) over () as total
        from referential_criteria c join referential_standards s on s.id = c.standard_id join referential_chapters ch on ch.id = s.chapter_id
        where c.version_id = (select referential_version_id from labelling_processes where id = ${template})) o on o.i = n.i % o.total)`;
  await db.execute(sql`insert into self_assessment_ratings (process_id, criterion_id, rating, justification, version, updated_by, updated_at)
    select ${processId}::uuid, p.criterion_id, t.rating, t.justification, t.version, t.updated_by, t.updated_at
    from ${pairs} p join self_assessment_ratings t on t.criterion_id = p.template_criterion_id and t.process_id = ${template}`);
  await db.execute(sql`insert into audit_visits (process_id, round, starts_on, ends_on, summary_fr, summary_en, summary_version, scheduled_by, scheduled_at, submitted_by, submitted_at)
    select ${processId}::uuid, round, starts_on, ends_on, summary_fr, summary_en, summary_version, scheduled_by, scheduled_at, submitted_by, submitted_at from audit_visits where process_id = ${template}`);
  await db.execute(sql`insert into audit_team_members (process_id, user_id, role, added_at)
    select ${processId}::uuid, user_id, role, added_at from audit_team_members where process_id = ${template}`);
  await db.execute(sql`insert into audit_chapter_assignments (process_id, chapter_id, user_id)
    select ${processId}::uuid, ch.id, (select user_id from audit_team_members where process_id = ${template} and role = 'lead')
    from referential_chapters ch where ch.version_id = ${versionId}`);
  await db.execute(sql`insert into audit_ratings (process_id, criterion_id, rating, finding, classification, methods, version, updated_by, updated_at)
    select ${processId}::uuid, p.criterion_id, t.rating, t.finding, t.classification, t.methods, t.version, t.updated_by, t.updated_at
    from ${pairs} p join audit_ratings t on t.criterion_id = p.template_criterion_id and t.process_id = ${template}`);
  await db.execute(sql`insert into audit_events (at, actor_user_id, action, entity_type, entity_id, changes)
    select e.at, e.actor_user_id, e.action, e.entity_type, ${processId} || ':' || p.code, e.changes
    from ${pairs} p join referential_criteria o on o.id = p.template_criterion_id
    join audit_events e on e.entity_id = ${templateId} || ':' || o.code`);
  return processId;
}

/** The rows of `db.execute` (postgres.js gives an array, PGlite an object with `rows`). */
function rows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

async function count(db: Db, table: string): Promise<number> {
  return rows<{ n: number }>(await db.execute(sql`select count(*)::int as n from ${sql.raw(table)}`))[0]!.n;
}

export async function buildSyntheticDatabase(
  db: Db,
  options: { establishments?: number; processes?: number; largerBy?: number; log?: (line: string) => void } = {},
): Promise<SyntheticDatabase> {
  const { establishments: establishmentCount = 500, processes = 300, largerBy = 10, log = () => {} } = options;
  const steps: string[] = [];
  let step = performance.now();
  const done = (what: string) => {
    steps.push(`${what} ${((performance.now() - step) / 1000).toFixed(1)} s`);
    step = performance.now();
  };
  await seedDemo(db, hashPassword);
  await loadRegistrySeed(db);
  const template = await buildAuditedProcess(db, { key: "bench", hashPassword });
  done("1 process through the services");
  const passwordHash = await hashPassword(randomUUID());
  const ids = await addEstablishments(db, "Hôpital synthétique", establishmentCount, passwordHash);
  done(`${establishmentCount} establishments`);
  const copies = await copyProcess(db, template.processId, ids.slice(0, processes - 1));
  done(`${copies.length} copies`);
  const label = await insertLabel(db, {
    establishment: { id: ids[ids.length - 1]!, name: `Hôpital synthétique ${ids.length}` },
    level: "silver",
    validFrom: "2025-12-05",
    validUntil: "2029-12-04",
    mentionFr: "pour la dynamique engendrée",
    mentionEn: "for the dynamic it created",
  });

  const base = (await loadReferentialVersion(db, "label-qss", "2024"))!;
  const large = enlargedVersion(base, largerBy, "bench-x10");
  const yaml = stringify(large);
  const parsed = parseReferentialYaml(yaml, {});
  if (!parsed.ok) throw new Error(`the enlarged version is not valid: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  const imported = await importParsedReferential(db, parsed.version, yaml, { publish: true });
  if (!imported.ok) throw new Error("the enlarged version was refused");
  const [largeEstablishment] = await addEstablishments(db, "Hôpital du grand référentiel", 1, passwordHash);
  const largeProcessId = await db.transaction((tx) => copyOntoVersion(tx, template.processId, imported.versionId, largeEstablishment!));
  done(`the version ×${largerBy} and its process`);
  log(`  ${steps.join("; ")}`);

  return {
    processId: template.processId,
    copiedProcessId: copies[Math.floor(copies.length / 2)]!,
    largeProcessId,
    largeVersion: { code: large.code, version: large.version, criteria: large.chapters.flatMap((c) => c.standards.flatMap((s) => s.criteria)).length },
    certificateNumber: label.certificateNumber,
    counts: {
      establishments: await count(db, "establishments"),
      processes: await count(db, "labelling_processes"),
      selfRatings: await count(db, "self_assessment_ratings"),
      auditRatings: await count(db, "audit_ratings"),
      trailEvents: await count(db, "audit_events"),
    },
  };
}
