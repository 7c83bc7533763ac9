// Searching the audit trail (audit_events) for the DRI: by person, establishment, process, kind of event and dates;
// a page at a time (keyset on the id, newest first) or every matching event for the CSV export. Each event comes with
// what it is about in words and the page that shows it. Only the DRI's pages call this (the route checks the role).
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import {
  actionItems,
  apHpSites,
  applications,
  auditTrailEvents,
  cooperationProjects,
  establishments,
  evidenceFiles,
  frameworkAgreements,
  labellingDecisions,
  labellingProcesses,
  labels,
  referentialVersions,
  users,
} from "#db/schema.ts";
import {
  actionLabel,
  AUDIT_TRAIL_PAGE_SIZE,
  CSV_VALUE_LENGTH,
  EVENT_KINDS,
  fieldLabel,
  nextDay,
  PAGE_VALUE_LENGTH,
  parseKindFilter,
  shownChanges,
  startOfDayIn,
  type ShownChange,
} from "#app/domain/audit-trail.ts";
import { encodeCsv } from "#app/domain/registry/csv.ts";
import type { Translate } from "#app/domain/translate.ts";
import { normalizeForSearch } from "#app/domain/referential/search.ts";

export interface AuditTrailFilters {
  /** A user's id (a name clicked in the results), or words of a name or an e-mail address. */
  person?: string;
  establishmentId?: string;
  processId?: string;
  /** A kind of event (EVENT_KINDS) or one action. */
  kind?: string;
  /** First and last day, `YYYY-MM-DD`, on the reader's calendar. */
  from?: string;
  to?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ev = auditTrailEvents;

/** Entity types whose id is a process's id, and those whose id is `<process id>:<criterion code>`. */
const PROCESS_ENTITIES = ["labelling_process", "audit_summary"];
const CRITERION_ENTITIES = ["self_assessment_rating", "audit_rating"];

/** The people whose name or e-mail holds the words typed (accents and case ignored); a user's id is that user. */
async function matchingPeople(db: Db, person: string): Promise<string[]> {
  if (UUID.test(person)) return [person.toLowerCase()];
  const words = normalizeForSearch(person).split(" ").filter(Boolean);
  // The accounts are a few hundred: read once, matched here, accent-insensitively on both engines.
  const everyone = await db.select({ id: users.id, name: users.name, email: users.email }).from(users);
  return everyone.filter((u) => words.every((w) => normalizeForSearch(`${u.name} ${u.email}`).includes(w))).map((u) => u.id);
}

/**
 * The events about a process's records (itself, its ratings, evidence, actions, decisions' labels, the application
 * that opened it), or about an establishment's (its processes' records, its registry record, projects and agreements
 * it is party to, its staff's accounts). Ids are compared as text: entity_id holds every kind of id.
 */
function scopeCondition(scope: { processId: string } | { establishmentId: string }): SQL {
  const processIds =
    "processId" in scope
      ? sql`select ${scope.processId}::text`
      : sql`select ${labellingProcesses.id}::text from ${labellingProcesses} where ${labellingProcesses.establishmentId} = ${scope.establishmentId}`;
  const ofProcesses = (table: typeof evidenceFiles | typeof actionItems) =>
    sql`select ${table.id}::text from ${table} where ${table.processId}::text in (${processIds})`;
  const parts: SQL[] = [
    sql`(${ev.entityType} in (${sql.join(PROCESS_ENTITIES.map((t) => sql`${t}`), sql`, `)}) and ${ev.entityId} in (${processIds}))`,
    sql`(${ev.entityType} in (${sql.join(CRITERION_ENTITIES.map((t) => sql`${t}`), sql`, `)}) and split_part(${ev.entityId}, ':', 1) in (${processIds}))`,
    sql`(${ev.entityType} = 'evidence_file' and ${ev.entityId} in (${ofProcesses(evidenceFiles)}))`,
    sql`(${ev.entityType} = 'action_item' and ${ev.entityId} in (${ofProcesses(actionItems)}))`,
    sql`(${ev.entityType} = 'label' and ${ev.entityId} in (select ${labels.id}::text from ${labels} join ${labellingDecisions} on ${labellingDecisions.id} = ${labels.decisionId} where ${labellingDecisions.processId}::text in (${processIds})))`,
  ];
  if ("processId" in scope) {
    parts.push(sql`(${ev.entityType} = 'application' and ${ev.entityId} in (select ${applications.id}::text from ${applications} where ${applications.processId} = ${scope.processId}))`);
  } else {
    const id = scope.establishmentId;
    parts.push(
      sql`(${ev.entityType} = 'establishment' and ${ev.entityId} = ${id})`,
      sql`(${ev.entityType} = 'application' and ${ev.entityId} in (select ${applications.id}::text from ${applications} where ${applications.establishmentId} = ${id}))`,
      sql`(${ev.entityType} = 'cooperation_project' and ${ev.entityId} in (select project_id::text from project_establishments where establishment_id = ${id}))`,
      sql`(${ev.entityType} = 'framework_agreement' and ${ev.entityId} in (select ${frameworkAgreements.id}::text from ${frameworkAgreements} where ${frameworkAgreements.establishmentId} = ${id}))`,
      sql`(${ev.entityType} = 'user' and ${ev.entityId} in (select ${users.id}::text from ${users} where ${users.establishmentId} = ${id}))`,
    );
  }
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** The search's conditions; null when nothing can match (a person nobody is). */
async function conditions(db: Db, filters: AuditTrailFilters, timeZone: string): Promise<SQL[] | null> {
  const where: SQL[] = [];
  if (filters.person) {
    const people = await matchingPeople(db, filters.person);
    if (people.length === 0) return null;
    // The person who acted, or whose account the event is about (a failed sign-in has no actor but names the account).
    where.push(or(inArray(ev.actorUserId, people), and(eq(ev.entityType, "user"), inArray(ev.entityId, people)))!);
  }
  if (filters.establishmentId) where.push(scopeCondition({ establishmentId: filters.establishmentId }));
  if (filters.processId) where.push(scopeCondition({ processId: filters.processId }));
  const kind = parseKindFilter(filters.kind);
  if (kind && "kind" in kind) where.push(or(...EVENT_KINDS[kind.kind].map((prefix) => sql`starts_with(${ev.action}, ${prefix})`))!);
  else if (kind) where.push(eq(ev.action, kind.action));
  if (filters.from) where.push(gte(ev.at, startOfDayIn(filters.from, timeZone)));
  if (filters.to) where.push(lt(ev.at, startOfDayIn(nextDay(filters.to), timeZone)));
  return where;
}

const columns = {
  id: ev.id,
  at: ev.at,
  action: ev.action,
  entityType: ev.entityType,
  entityId: ev.entityId,
  changes: ev.changes,
  actorUserId: ev.actorUserId,
  actorName: users.name,
  actorEmail: users.email,
};

async function select(db: Db, where: SQL[], order: "newest" | "oldest", limit: number) {
  return db
    .select(columns)
    .from(ev)
    .leftJoin(users, eq(users.id, ev.actorUserId))
    .where(and(...where))
    .orderBy(order === "newest" ? desc(ev.id) : asc(ev.id))
    .limit(limit);
}

type StoredRow = Awaited<ReturnType<typeof select>>[number];

/** An event as read out: its changes as shown (secrets withheld, values cut), what it is about in words. */
export type TrailEvent = Omit<StoredRow, "changes"> & { changes: ShownChange[]; entity: EntityDescription };

/** The stored rows, made fit to leave the server. */
async function readOut(db: Db, rows: StoredRow[], valueLength: number): Promise<TrailEvent[]> {
  const entities = await describeEntities(db, rows);
  return rows.map((r) => ({ ...r, changes: shownChanges(r.changes, valueLength), entity: entities(r) }));
}

export interface TrailPage {
  events: TrailEvent[];
  /** The id to page from: `before` for older events, `after` for newer ones; null at either end. */
  older: number | null;
  newer: number | null;
  /** The person searched for is nobody. */
  noPerson: boolean;
}

/**
 * One page of the events matching, newest first. `before` lists those older than an id (the next page), `after` those
 * newer (the previous page); ids grow with time, so the keyset stays exact while events are added.
 */
export async function searchAuditTrail(db: Db, filters: AuditTrailFilters, timeZone: string, cursor: { before?: number; after?: number } = {}): Promise<TrailPage> {
  const where = await conditions(db, filters, timeZone);
  if (!where) return { events: [], older: null, newer: null, noPerson: true };
  const size = AUDIT_TRAIL_PAGE_SIZE;
  let rows: StoredRow[];
  let older: number | null;
  let newer: number | null;
  if (cursor.after !== undefined) {
    const found = await select(db, [...where, gt(ev.id, cursor.after)], "oldest", size + 1);
    rows = found.slice(0, size).reverse();
    newer = found.length > size ? rows[0]!.id : null;
    older = rows.length > 0 ? rows[rows.length - 1]!.id : null;
  } else {
    const found = await select(db, cursor.before !== undefined ? [...where, lt(ev.id, cursor.before)] : where, "newest", size + 1);
    rows = found.slice(0, size);
    older = found.length > size ? rows[rows.length - 1]!.id : null;
    newer = cursor.before !== undefined && rows.length > 0 ? rows[0]!.id : null;
  }
  // `newer` only when there are newer ones: one indexed look on the primary key.
  if (newer !== null) {
    const [any] = await db.select({ id: ev.id }).from(ev).where(and(...where, gt(ev.id, newer))).limit(1);
    if (!any) newer = null;
  }
  return { events: await readOut(db, rows, PAGE_VALUE_LENGTH), older, newer, noPerson: false };
}

/**
 * Every event matching, newest first, up to `cap`, read in slices along the id so that no one query holds the
 * (single, with PGlite) connection long. `truncated` says whether more matched.
 */
export async function exportAuditTrail(db: Db, filters: AuditTrailFilters, timeZone: string, cap: number): Promise<{ rows: TrailEvent[]; truncated: boolean }> {
  const where = await conditions(db, filters, timeZone);
  if (!where) return { rows: [], truncated: false };
  const out: TrailEvent[] = [];
  const slice = 2000;
  let before: number | undefined;
  for (;;) {
    const found = await select(db, before === undefined ? where : [...where, lt(ev.id, before)], "newest", Math.min(slice, cap + 1 - out.length));
    out.push(...(await readOut(db, found, CSV_VALUE_LENGTH)));
    if (out.length > cap) return { rows: out.slice(0, cap), truncated: true };
    if (found.length < slice) return { rows: out, truncated: false };
    before = found[found.length - 1]!.id;
  }
}

/** What an event is about: its kind of record, a name to read, and the page that shows it (if any). */
export interface EntityDescription {
  name: string | null;
  /** A criterion's code, for a rating. */
  criterion: string | null;
  href: string | null;
}

/** Names and pages of the records a list of events is about, read with one query per kind of record. */
type EntityRef = Pick<StoredRow, "entityType" | "entityId">;

async function describeEntities(db: Db, rows: EntityRef[]): Promise<(row: EntityRef) => EntityDescription> {
  const idsOf = (...types: string[]) => [...new Set(rows.filter((r) => types.includes(r.entityType)).map((r) => r.entityId).filter((id) => UUID.test(id)))];
  const criterionKey = (id: string) => {
    const at = id.indexOf(":");
    return at < 0 ? { processId: id, code: null } : { processId: id.slice(0, at), code: id.slice(at + 1) };
  };
  const evidence = await byId(idsOf("evidence_file"), (ids) => db.select({ id: evidenceFiles.id, processId: evidenceFiles.processId, name: evidenceFiles.originalName }).from(evidenceFiles).where(inArray(evidenceFiles.id, ids)));
  const actions = await byId(idsOf("action_item"), (ids) => db.select({ id: actionItems.id, processId: actionItems.processId, name: actionItems.title }).from(actionItems).where(inArray(actionItems.id, ids)));
  const labelRows = await byId(idsOf("label"), (ids) =>
    db.select({ id: labels.id, processId: labellingDecisions.processId, name: labels.certificateNumber }).from(labels).innerJoin(labellingDecisions, eq(labellingDecisions.id, labels.decisionId)).where(inArray(labels.id, ids)),
  );
  const processIds = [
    ...new Set([
      ...idsOf(...PROCESS_ENTITIES),
      ...rows.filter((r) => CRITERION_ENTITIES.includes(r.entityType)).map((r) => criterionKey(r.entityId).processId).filter((id) => UUID.test(id)),
      ...[...evidence.values(), ...actions.values(), ...labelRows.values()].map((r) => r.processId),
    ]),
  ];
  const processes = await byId(processIds, (ids) =>
    db
      .select({ id: labellingProcesses.id, name: sql<string>`${establishments.shortName} || ' · ' || ${referentialVersions.code} || ' ' || ${referentialVersions.version}` })
      .from(labellingProcesses)
      .innerJoin(establishments, eq(establishments.id, labellingProcesses.establishmentId))
      .innerJoin(referentialVersions, eq(referentialVersions.id, labellingProcesses.referentialVersionId))
      .where(inArray(labellingProcesses.id, ids)),
  );
  const named = {
    establishment: await byId(idsOf("establishment"), (ids) => db.select({ id: establishments.id, name: establishments.name }).from(establishments).where(inArray(establishments.id, ids))),
    user: await byId(idsOf("user"), (ids) => db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))),
    cooperation_project: await byId(idsOf("cooperation_project"), (ids) => db.select({ id: cooperationProjects.id, name: cooperationProjects.titleFr }).from(cooperationProjects).where(inArray(cooperationProjects.id, ids))),
    framework_agreement: await byId(idsOf("framework_agreement"), (ids) =>
      db.select({ id: frameworkAgreements.id, name: sql<string>`coalesce(${establishments.name}, ${frameworkAgreements.partnerInstitution})` }).from(frameworkAgreements).leftJoin(establishments, eq(establishments.id, frameworkAgreements.establishmentId)).where(inArray(frameworkAgreements.id, ids)),
    ),
    ap_hp_site: await byId(idsOf("ap_hp_site"), (ids) => db.select({ id: apHpSites.id, name: apHpSites.name }).from(apHpSites).where(inArray(apHpSites.id, ids))),
    application: await byId(idsOf("application"), (ids) => db.select({ id: applications.id, name: applications.establishmentName }).from(applications).where(inArray(applications.id, ids))),
    referential_version: await byId(idsOf("referential_version"), (ids) =>
      db.select({ id: referentialVersions.id, name: sql<string>`${referentialVersions.code} || ' ' || ${referentialVersions.version}`, code: referentialVersions.code, version: referentialVersions.version }).from(referentialVersions).where(inArray(referentialVersions.id, ids)),
    ),
  };
  const pages: Record<string, (id: string) => string> = {
    establishment: (id) => `/cooperations/establishments/${id}`,
    user: (id) => `/admin/users/${id}`,
    cooperation_project: (id) => `/cooperations/projects/${id}`,
    framework_agreement: (id) => `/cooperations/agreements/${id}`,
    ap_hp_site: (id) => `/cooperations/sites/${id}`,
    application: (id) => `/admin/applications/${id}`,
  };
  const none: EntityDescription = { name: null, criterion: null, href: null };
  const ofProcess = (processId: string, name: string | null, href: string, criterion: string | null = null): EntityDescription => {
    const process = processes.get(processId)?.name ?? null;
    return { name: [process, name].filter(Boolean).join(" · ") || null, criterion, href: processes.has(processId) ? href : null };
  };
  return ({ entityType: type, entityId: id }) => {
    switch (type) {
      case "labelling_process":
        return ofProcess(id, null, `/processes/${id}`);
      case "audit_summary":
        return ofProcess(id, null, `/processes/${id}/audit`);
      case "self_assessment_rating":
      case "audit_rating": {
        const { processId, code } = criterionKey(id);
        if (!code) return none;
        const path = type === "audit_rating" ? "audit/criteria" : "criteria";
        return ofProcess(processId, null, `/processes/${processId}/${path}/${encodeURIComponent(code)}`, code);
      }
      case "evidence_file": {
        const file = evidence.get(id);
        return file ? ofProcess(file.processId, file.name, `/processes/${file.processId}/evidence`) : none;
      }
      case "action_item": {
        const item = actions.get(id);
        return item ? ofProcess(item.processId, item.name, `/processes/${item.processId}/actions/${id}`) : none;
      }
      case "label": {
        const label = labelRows.get(id);
        return label ? ofProcess(label.processId, label.name, `/processes/${label.processId}/decision`) : none;
      }
      case "referential_version": {
        const version = named.referential_version.get(id);
        return version ? { name: version.name, criterion: null, href: `/referentials/${encodeURIComponent(version.code)}/${encodeURIComponent(version.version)}` } : none;
      }
      case "outbox":
        return { name: null, criterion: null, href: "/admin/outbox" };
      default: {
        const found = (named as Record<string, Map<string, { name: string | null }>>)[type]?.get(id);
        const page = pages[type];
        return found ? { name: found.name, criterion: null, href: page ? page(id) : null } : none;
      }
    }
  };
}

async function byId<T extends { id: string }>(ids: string[], read: (ids: string[]) => Promise<T[]>): Promise<Map<string, T>> {
  if (ids.length === 0) return new Map();
  return new Map((await read(ids)).map((row) => [row.id, row]));
}

/** The choices of the search form: the people, the establishments (not merged away) and the processes. */
export async function auditTrailChoices(db: Db) {
  const [people, places, processes] = await Promise.all([
    db.select({ id: users.id, name: users.name, email: users.email }).from(users).orderBy(users.name),
    db.select({ id: establishments.id, name: establishments.name, city: establishments.city }).from(establishments).where(isNull(establishments.mergedIntoId)).orderBy(establishments.name),
    db
      .select({ id: labellingProcesses.id, establishmentId: labellingProcesses.establishmentId, establishment: establishments.shortName, code: referentialVersions.code, version: referentialVersions.version, openedAt: labellingProcesses.openedAt })
      .from(labellingProcesses)
      .innerJoin(establishments, eq(establishments.id, labellingProcesses.establishmentId))
      .innerJoin(referentialVersions, eq(referentialVersions.id, labellingProcesses.referentialVersionId))
      .orderBy(establishments.shortName, desc(labellingProcesses.openedAt)),
  ]);
  return { people, establishments: places, processes };
}

/**
 * The export as CSV, written as the registry's (UTF-8 with a byte-order mark, `;`, a cell a spreadsheet would run as a
 * formula prefixed with `'`): one row per event, the moment in UTC and on the reader's clock, the action as stored and
 * in words, the changes one per line. A last row says so when the cap cut the export short.
 */
export function auditTrailCsv(rows: TrailEvent[], options: { t: Translate; timeZone: string; truncated: boolean; cap: number }): string {
  const { t, timeZone } = options;
  // A few dozen distinct actions and fields among thousands of rows: each put in words once.
  const actionWords = remembered((action) => actionLabel(t, action));
  const fieldWords = remembered((field) => fieldLabel(t, field));
  const withheld = t("trail:withheld");
  const local = new Intl.DateTimeFormat("sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  const header = ["id", "at", "localAt", "actorName", "actorEmail", "action", "actionLabel", "entityType", "entityId", "entity", "changes"].map((c) => t(`trail:csv.${c}`, { timeZone }));
  const lines = rows.map((r) => [
    String(r.id),
    new Date(r.at).toISOString(),
    local.format(new Date(r.at)),
    r.actorName ?? "",
    r.actorEmail ?? "",
    r.action,
    actionWords(r.action),
    r.entityType,
    r.entityId,
    [r.entity.name, r.entity.criterion].filter(Boolean).join(" · "),
    r.changes.map((c) => `${fieldWords(c.field)}: ${c.withheld ? withheld : `${c.from} → ${c.to}`}`).join("\n"),
  ]);
  if (options.truncated) lines.push([t("trail:csv.truncated", { cap: options.cap })]);
  return encodeCsv([header, ...lines]);
}

function remembered(words: (name: string) => string): (name: string) => string {
  const known = new Map<string, string>();
  return (name) => {
    let text = known.get(name);
    if (text === undefined) known.set(name, (text = words(name)));
    return text;
  };
}
