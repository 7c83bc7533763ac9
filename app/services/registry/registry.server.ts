// The cooperation registry: partner establishments, AP-HP sites, cooperation projects, framework agreements.
// Every query is scoped by the actor (DRI and auditors read everything; a hospital user only its establishment and
// its projects); only the DRI writes. Every create, edit, close and merge is recorded in the same transaction.
// Lists are loaded with one query per table (never one per row) and filtered by the pure domain functions.
import { and, asc, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "#db/client.ts";
import {
  apHpSites,
  cooperationProjects,
  countries,
  establishments,
  frameworkAgreements,
  labellingProcesses,
  projectEstablishments,
  projectFundings,
  projectSites,
  users,
} from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { normalizeForSearch } from "#app/domain/referential/search.ts";
import type { AgreementStatus, CooperationStatus, FundingSource, Region, Theme } from "#app/domain/registry/codes.ts";
import type { CountryInfo, ProjectFacts, ProjectRecord } from "#app/domain/registry/model.ts";
import { canEditRegistry, canReadWholeRegistry, canViewEstablishment, canViewProject } from "#app/domain/registry/permissions.ts";
import type { AgreementInput, EstablishmentInput, ProjectInput, SiteInput } from "#app/domain/registry/schemas.ts";
import { changedFields, recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { AppError, type ErrorCode } from "#app/services/errors.ts";

export const PROJECT_ENTITY = "cooperation_project";
export const ESTABLISHMENT_ENTITY = "establishment";
export const AGREEMENT_ENTITY = "framework_agreement";
export const SITE_ENTITY = "ap_hp_site";

/** A refusal of the registry (see APP_ERRORS.registry): `field` names the form field it belongs to, when there is one. */
export class RegistryError extends AppError<"registry"> {
  constructor(code: ErrorCode<"registry">, field?: string) {
    super("registry", code, { field });
  }
}

function requireEditor(actor: Actor) {
  if (!canEditRegistry(actor)) throw new RegistryError("forbidden");
}

const clean = (value: string | undefined | null) => (value === undefined || value === null || value.trim() === "" ? null : value.trim());

// ─── Countries and sites ──────────────────────────────────────────────────────────────────────────────────────

export async function listCountries(db: Db): Promise<CountryInfo[]> {
  return db.select().from(countries).orderBy(asc(countries.iso));
}

export function regionLookup(list: CountryInfo[]): (iso: string) => Region | undefined {
  const map = new Map(list.map((c) => [c.iso, c.region]));
  return (iso) => map.get(iso);
}

export async function listSites(db: Db) {
  const [sites, counts] = await Promise.all([
    db.select().from(apHpSites).orderBy(asc(apHpSites.name)),
    db
      .select({ siteId: projectSites.siteId, count: sql<number>`count(*)::int` })
      .from(projectSites)
      .groupBy(projectSites.siteId),
  ]);
  const countBySite = new Map(counts.map((c) => [c.siteId, Number(c.count)]));
  return sites.map((s) => ({ ...s, projectCount: countBySite.get(s.id) ?? 0 }));
}

// ─── Projects ────────────────────────────────────────────────────────────────────────────────────────────────

/** The ids of the projects an actor may see; null means all. */
async function visibleProjectIds(db: Db, actor: Actor): Promise<string[] | null> {
  if (canReadWholeRegistry(actor)) return null;
  if (actor.role !== "hospital" || !actor.establishmentId || !actor.active) return [];
  const rows = await db
    .select({ id: projectEstablishments.projectId })
    .from(projectEstablishments)
    .where(eq(projectEstablishments.establishmentId, actor.establishmentId));
  return rows.map((r) => r.id);
}

/** Projects with their establishments, sites and fundings: four queries, whatever the number of projects. */
export async function loadProjects(db: Db, ids: string[] | null): Promise<ProjectRecord[]> {
  if (ids !== null && ids.length === 0) return [];
  const projectWhere = ids === null ? undefined : inArray(cooperationProjects.id, ids);
  const projects = await db.select().from(cooperationProjects).where(projectWhere);
  const estRows = await db
    .select({
      projectId: projectEstablishments.projectId,
      id: establishments.id,
      name: establishments.name,
      shortName: establishments.shortName,
      city: establishments.city,
      countryCode: establishments.countryCode,
    })
    .from(projectEstablishments)
    .innerJoin(establishments, eq(establishments.id, projectEstablishments.establishmentId))
    .where(ids === null ? undefined : inArray(projectEstablishments.projectId, ids))
    .orderBy(asc(establishments.name));
  const siteRows = await db
    .select({ projectId: projectSites.projectId, id: apHpSites.id, name: apHpSites.name, shortName: apHpSites.shortName })
    .from(projectSites)
    .innerJoin(apHpSites, eq(apHpSites.id, projectSites.siteId))
    .where(ids === null ? undefined : inArray(projectSites.projectId, ids))
    .orderBy(asc(apHpSites.name));
  const fundingRows = await db
    .select()
    .from(projectFundings)
    .where(ids === null ? undefined : inArray(projectFundings.projectId, ids))
    .orderBy(asc(projectFundings.position));
  const group = <T extends { projectId: string }>(rows: T[]) => {
    const map = new Map<string, Omit<T, "projectId">[]>();
    for (const { projectId, ...rest } of rows) {
      const list = map.get(projectId) ?? [];
      list.push(rest);
      map.set(projectId, list);
    }
    return map;
  };
  const estBy = group(estRows);
  const siteBy = group(siteRows);
  const fundBy = group(fundingRows);
  return projects.map((p) => ({
    id: p.id,
    titleFr: p.titleFr,
    titleEn: p.titleEn,
    summary: p.summary,
    theme: p.theme as Theme,
    status: p.status,
    startYear: p.startYear,
    endYear: p.endYear,
    partnerInstitution: p.partnerInstitution,
    partnerCountryCode: p.partnerCountryCode,
    partnerNotNamed: p.partnerNotNamed,
    apHpLead: p.apHpLead,
    partnerContact: p.partnerContact,
    sources: p.sources,
    notes: p.notes,
    establishments: estBy.get(p.id) ?? [],
    sites: siteBy.get(p.id) ?? [],
    fundings: (fundBy.get(p.id) ?? []).map((f) => ({ source: f.source as FundingSource, call: f.call, year: f.year, amountEur: f.amountEur })),
    search: p.search,
    updatedAt: p.updatedAt,
  }));
}

/**
 * What filtering, sorting and counting need, for every visible project: narrow columns, no joins but one (the
 * establishments' countries). The list page then loads full records for the 25 rows it shows.
 */
export async function listProjectFacts(db: Db, actor: Actor): Promise<ProjectFacts[]> {
  const ids = await visibleProjectIds(db, actor);
  if (ids !== null && ids.length === 0) return [];
  const where = (column: AnyPgColumn) => (ids === null ? undefined : inArray(column, ids));
  const projects = await db
    .select({
      id: cooperationProjects.id,
      titleFr: cooperationProjects.titleFr,
      titleEn: cooperationProjects.titleEn,
      theme: cooperationProjects.theme,
      status: cooperationProjects.status,
      startYear: cooperationProjects.startYear,
      endYear: cooperationProjects.endYear,
      partnerCountryCode: cooperationProjects.partnerCountryCode,
      search: cooperationProjects.search,
      updatedAt: cooperationProjects.updatedAt,
    })
    .from(cooperationProjects)
    .where(where(cooperationProjects.id));
  const estRows = await db
    .select({ projectId: projectEstablishments.projectId, id: projectEstablishments.establishmentId, countryCode: establishments.countryCode })
    .from(projectEstablishments)
    .innerJoin(establishments, eq(establishments.id, projectEstablishments.establishmentId))
    .where(where(projectEstablishments.projectId));
  const siteRows = await db.select({ projectId: projectSites.projectId, id: projectSites.siteId }).from(projectSites).where(where(projectSites.projectId));
  const fundingRows = await db
    .select({ projectId: projectFundings.projectId, source: projectFundings.source })
    .from(projectFundings)
    .where(where(projectFundings.projectId))
    .orderBy(asc(projectFundings.position));
  const byProject = new Map(
    projects.map((p) => [
      p.id,
      { ...p, theme: p.theme as Theme, establishments: [] as ProjectFacts["establishments"], sites: [] as ProjectFacts["sites"], fundings: [] as ProjectFacts["fundings"] },
    ]),
  );
  for (const r of estRows) byProject.get(r.projectId)?.establishments.push({ id: r.id, countryCode: r.countryCode });
  for (const r of siteRows) byProject.get(r.projectId)?.sites.push({ id: r.id });
  for (const r of fundingRows) byProject.get(r.projectId)?.fundings.push({ source: r.source as FundingSource });
  return [...byProject.values()];
}

/** Full records of some projects, in the order of the ids given. */
export async function loadProjectsInOrder(db: Db, ids: string[]): Promise<ProjectRecord[]> {
  const records = new Map((await loadProjects(db, ids)).map((p) => [p.id, p]));
  return ids.map((id) => records.get(id)).filter((p): p is ProjectRecord => p !== undefined);
}

export async function listProjects(db: Db, actor: Actor): Promise<ProjectRecord[]> {
  return loadProjects(db, await visibleProjectIds(db, actor));
}

export async function getProject(db: Db, actor: Actor, id: string): Promise<ProjectRecord | null> {
  const [project] = await loadProjects(db, [id]);
  if (!project || !canViewProject(actor, project)) return null;
  return project;
}

/** The form's values of a stored project (also what the CSV import compares against). */
export function projectInputOf(p: ProjectRecord): ProjectInput {
  return {
    titleFr: p.titleFr,
    titleEn: p.titleEn,
    summary: p.summary ?? undefined,
    theme: p.theme,
    status: p.status,
    startYear: p.startYear ?? undefined,
    endYear: p.endYear ?? undefined,
    establishmentIds: p.establishments.map((e) => e.id),
    partnerInstitution: p.partnerInstitution ?? undefined,
    partnerCountryCode: p.partnerCountryCode ?? undefined,
    partnerNotNamed: p.partnerNotNamed,
    siteIds: p.sites.map((s) => s.id),
    apHpLead: p.apHpLead ?? undefined,
    partnerContact: p.partnerContact ?? undefined,
    fundings: p.fundings.map((f) => ({ source: f.source, call: f.call ?? undefined, year: f.year ?? undefined, amountEur: f.amountEur ?? undefined })),
    sources: p.sources ?? undefined,
    notes: p.notes ?? undefined,
  };
}

/** A comparable form of a project's values: links as sorted lists, empty fields as null. */
export function comparableInput(input: ProjectInput) {
  return {
    titleFr: input.titleFr,
    titleEn: input.titleEn,
    summary: clean(input.summary),
    theme: input.theme,
    status: input.status,
    startYear: input.startYear ?? null,
    endYear: input.endYear ?? null,
    establishmentIds: [...new Set(input.establishmentIds)].sort(),
    partnerInstitution: clean(input.partnerInstitution),
    partnerCountryCode: clean(input.partnerCountryCode),
    partnerNotNamed: input.partnerNotNamed,
    siteIds: [...new Set(input.siteIds)].sort(),
    apHpLead: clean(input.apHpLead),
    partnerContact: clean(input.partnerContact),
    fundings: input.fundings.map((f) => `${f.source}|${clean(f.call) ?? ""}|${f.year ?? ""}|${f.amountEur ?? ""}`),
    sources: clean(input.sources),
    notes: clean(input.notes),
  };
}

async function projectSearchText(db: Db, input: ProjectInput): Promise<string> {
  const ests = input.establishmentIds.length
    ? await db
        .select({ name: establishments.name, shortName: establishments.shortName, city: establishments.city })
        .from(establishments)
        .where(inArray(establishments.id, input.establishmentIds))
    : [];
  const sites = input.siteIds.length
    ? await db.select({ name: apHpSites.name, shortName: apHpSites.shortName }).from(apHpSites).where(inArray(apHpSites.id, input.siteIds))
    : [];
  return normalizeForSearch(
    [
      input.titleFr,
      input.titleEn,
      input.summary,
      input.partnerInstitution,
      input.apHpLead,
      input.partnerContact,
      ...ests.flatMap((e) => [e.name, e.shortName, e.city]),
      ...sites.flatMap((s) => [s.name, s.shortName]),
    ]
      .filter(Boolean)
      .join(" "),
  );
}

async function checkProjectLinks(db: Db, input: ProjectInput) {
  if (input.establishmentIds.length) {
    const found = await db
      .select({ id: establishments.id })
      .from(establishments)
      .where(and(inArray(establishments.id, input.establishmentIds), isNull(establishments.mergedIntoId)));
    if (found.length !== new Set(input.establishmentIds).size) throw new RegistryError("establishment_unknown", "establishmentIds");
  }
  const sites = await db.select({ id: apHpSites.id }).from(apHpSites).where(inArray(apHpSites.id, input.siteIds));
  if (sites.length !== new Set(input.siteIds).size) throw new RegistryError("site_unknown", "siteIds");
  if (input.partnerCountryCode) {
    const [country] = await db.select({ iso: countries.iso }).from(countries).where(eq(countries.iso, input.partnerCountryCode));
    if (!country) throw new RegistryError("country_unknown", "partnerCountryCode");
  }
}

function projectColumns(input: ProjectInput) {
  return {
    titleFr: input.titleFr.trim(),
    titleEn: input.titleEn.trim(),
    summary: clean(input.summary),
    theme: input.theme,
    status: input.status,
    startYear: input.startYear ?? null,
    endYear: input.endYear ?? null,
    partnerInstitution: clean(input.partnerInstitution),
    partnerCountryCode: clean(input.partnerCountryCode),
    partnerNotNamed: input.partnerNotNamed,
    apHpLead: clean(input.apHpLead),
    partnerContact: clean(input.partnerContact),
    sources: clean(input.sources),
    notes: clean(input.notes),
  };
}

async function writeProjectLinks(db: Db, projectId: string, input: ProjectInput) {
  await db.delete(projectEstablishments).where(eq(projectEstablishments.projectId, projectId));
  await db.delete(projectSites).where(eq(projectSites.projectId, projectId));
  await db.delete(projectFundings).where(eq(projectFundings.projectId, projectId));
  const estIds = [...new Set(input.establishmentIds)];
  if (estIds.length) await db.insert(projectEstablishments).values(estIds.map((establishmentId) => ({ projectId, establishmentId })));
  await db.insert(projectSites).values([...new Set(input.siteIds)].map((siteId) => ({ projectId, siteId })));
  if (input.fundings.length) {
    await db.insert(projectFundings).values(
      input.fundings.map((f, position) => ({
        projectId,
        position,
        source: f.source,
        call: clean(f.call),
        year: f.year ?? null,
        amountEur: f.amountEur ?? null,
      })),
    );
  }
}

/** Creates a project (inside the caller's transaction when given one). */
export async function insertProject(tx: Db, actorId: string | null, input: ProjectInput, extra: { seedKey?: string; action?: string } = {}): Promise<string> {
  const columns = projectColumns(input);
  const [row] = await tx
    .insert(cooperationProjects)
    .values({ ...columns, seedKey: extra.seedKey ?? null, search: await projectSearchText(tx, input), closedAt: input.status === "closed" ? new Date() : null })
    .returning({ id: cooperationProjects.id });
  await writeProjectLinks(tx, row!.id, input);
  await recordInAuditTrail(tx, {
    actorUserId: actorId,
    action: extra.action ?? "project.create",
    entityType: PROJECT_ENTITY,
    entityId: row!.id,
    changes: changedFields(null, comparableInput(input)),
  });
  return row!.id;
}

export async function createProject(db: Db, actor: Actor, input: ProjectInput): Promise<string> {
  requireEditor(actor);
  await checkProjectLinks(db, input);
  return db.transaction((tx) => insertProject(tx, actor.id, input));
}

/** Applies new values; records only what changed. Returns whether anything changed. */
export async function applyProjectUpdate(tx: Db, actorId: string, before: ProjectRecord, input: ProjectInput, action = "project.update"): Promise<boolean> {
  const changes = changedFields(comparableInput(projectInputOf(before)), comparableInput(input));
  if (Object.keys(changes).length === 0) return false;
  const columns = projectColumns(input);
  await tx
    .update(cooperationProjects)
    .set({
      ...columns,
      search: await projectSearchText(tx, input),
      closedAt: input.status === "closed" ? (before.status === "closed" ? undefined : new Date()) : null,
      updatedAt: new Date(),
    })
    .where(eq(cooperationProjects.id, before.id));
  if (changes.establishmentIds || changes.siteIds || changes.fundings) await writeProjectLinks(tx, before.id, input);
  await recordInAuditTrail(tx, {
    actorUserId: actorId,
    action: input.status === "closed" && before.status !== "closed" && action === "project.update" ? "project.close" : action,
    entityType: PROJECT_ENTITY,
    entityId: before.id,
    changes,
  });
  return true;
}

export async function updateProject(db: Db, actor: Actor, id: string, input: ProjectInput): Promise<boolean> {
  requireEditor(actor);
  await checkProjectLinks(db, input);
  const before = await getProject(db, actor, id);
  if (!before) throw new RegistryError("not_found");
  return db.transaction((tx) => applyProjectUpdate(tx, actor.id, before, input));
}

/** Closes a project: status closed, end year this year unless one is set (and not before its start). */
export async function closeProject(db: Db, actor: Actor, id: string, now = new Date()): Promise<void> {
  requireEditor(actor);
  const before = await getProject(db, actor, id);
  if (!before) throw new RegistryError("not_found");
  if (before.status === "closed") throw new RegistryError("already_closed");
  const year = now.getUTCFullYear();
  const input = projectInputOf(before);
  input.status = "closed";
  if (input.endYear === undefined && (input.startYear === undefined || input.startYear <= year)) input.endYear = year;
  await db.transaction((tx) => applyProjectUpdate(tx, actor.id, before, input, "project.close"));
}

// ─── Establishments ──────────────────────────────────────────────────────────────────────────────────────────

export function establishmentSearchText(e: { name: string; shortName: string; city: string }): string {
  return normalizeForSearch(`${e.name} ${e.shortName} ${e.city}`);
}

/** Partner establishments (merged duplicates left out), with their number of projects and agreements. */
export async function listEstablishments(db: Db, actor: Actor) {
  const scope = canReadWholeRegistry(actor)
    ? isNull(establishments.mergedIntoId)
    : actor.role === "hospital" && actor.establishmentId
      ? eq(establishments.id, actor.establishmentId)
      : sql`false`;
  const [rows, projectCounts, agreementCounts] = await Promise.all([
    db.select().from(establishments).where(scope).orderBy(asc(establishments.name)),
    db
      .select({ id: projectEstablishments.establishmentId, count: sql<number>`count(*)::int` })
      .from(projectEstablishments)
      .groupBy(projectEstablishments.establishmentId),
    db
      .select({ id: frameworkAgreements.establishmentId, count: sql<number>`count(*)::int` })
      .from(frameworkAgreements)
      .groupBy(frameworkAgreements.establishmentId),
  ]);
  const projects = new Map(projectCounts.map((r) => [r.id, Number(r.count)]));
  const agreements = new Map(agreementCounts.map((r) => [r.id, Number(r.count)]));
  return rows.map((e) => ({ ...e, projectCount: projects.get(e.id) ?? 0, agreementCount: agreements.get(e.id) ?? 0 }));
}

export async function listEstablishmentChoices(db: Db) {
  return db
    .select({ id: establishments.id, name: establishments.name, city: establishments.city, countryCode: establishments.countryCode })
    .from(establishments)
    .where(isNull(establishments.mergedIntoId))
    .orderBy(asc(establishments.name));
}

export async function getEstablishment(db: Db, actor: Actor, id: string) {
  if (!canViewEstablishment(actor, id)) return null;
  const [row] = await db.select().from(establishments).where(eq(establishments.id, id));
  if (!row) return null;
  const projectIds = (
    await db.select({ id: projectEstablishments.projectId }).from(projectEstablishments).where(eq(projectEstablishments.establishmentId, id))
  ).map((r) => r.id);
  const [projects, agreements, mergedInto] = await Promise.all([
    loadProjects(db, projectIds),
    db.select().from(frameworkAgreements).where(eq(frameworkAgreements.establishmentId, id)).orderBy(desc(frameworkAgreements.signedOn)),
    row.mergedIntoId
      ? db.select({ id: establishments.id, name: establishments.name }).from(establishments).where(eq(establishments.id, row.mergedIntoId))
      : Promise.resolve([]),
  ]);
  return { ...row, projects, agreements, mergedInto: mergedInto[0] ?? null };
}

function establishmentColumns(input: EstablishmentInput) {
  return {
    name: input.name.trim(),
    shortName: input.shortName.trim(),
    countryCode: input.countryCode,
    city: input.city.trim(),
    kind: input.kind ?? null,
    beds: input.beds ?? null,
    website: clean(input.website),
    notes: clean(input.notes),
  };
}

async function checkEstablishment(db: Db, input: EstablishmentInput, selfId?: string) {
  const [country] = await db.select({ iso: countries.iso }).from(countries).where(eq(countries.iso, input.countryCode));
  if (!country) throw new RegistryError("country_unknown", "countryCode");
  // Same name and city = the same hospital (compared without accents or case, so "Hopital" finds "Hôpital").
  const candidates = await db
    .select({ id: establishments.id, name: establishments.name, city: establishments.city })
    .from(establishments)
    .where(isNull(establishments.mergedIntoId));
  const key = (name: string, city: string) => `${normalizeForSearch(name)}|${normalizeForSearch(city)}`;
  const wanted = key(input.name, input.city);
  if (candidates.some((c) => c.id !== selfId && key(c.name, c.city) === wanted)) throw new RegistryError("establishment_duplicate", "name");
}

export async function createEstablishment(db: Db, actor: Actor, input: EstablishmentInput): Promise<string> {
  requireEditor(actor);
  await checkEstablishment(db, input);
  const columns = establishmentColumns(input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(establishments)
      .values({ ...columns, search: establishmentSearchText(columns) })
      .onConflictDoNothing({ target: [establishments.name, establishments.city] })
      .returning({ id: establishments.id });
    if (!row) throw new RegistryError("establishment_duplicate", "name");
    await recordInAuditTrail(tx, { actorUserId: actor.id, action: "establishment.create", entityType: ESTABLISHMENT_ENTITY, entityId: row.id, changes: changedFields(null, columns) });
    return row.id;
  });
}

export async function updateEstablishment(db: Db, actor: Actor, id: string, input: EstablishmentInput): Promise<boolean> {
  requireEditor(actor);
  await checkEstablishment(db, input, id);
  const columns = establishmentColumns(input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(establishments).where(eq(establishments.id, id));
    if (!before || before.mergedIntoId) throw new RegistryError("not_found");
    const changes = changedFields(before, columns);
    if (Object.keys(changes).length === 0) return false;
    await tx.update(establishments).set({ ...columns, search: establishmentSearchText(columns), updatedAt: new Date() }).where(eq(establishments.id, id));
    if (changes.name || changes.shortName || changes.city) await refreshProjectSearch(tx, { establishmentId: id });
    await recordInAuditTrail(tx, { actorUserId: actor.id, action: "establishment.update", entityType: ESTABLISHMENT_ENTITY, entityId: id, changes });
    return true;
  });
}

/** Recomputes the search text of the projects naming this establishment or site (after it was renamed). */
async function refreshProjectSearch(tx: Db, scope: { establishmentId: string } | { siteId: string }) {
  const links =
    "siteId" in scope
      ? await tx.select({ id: projectSites.projectId }).from(projectSites).where(eq(projectSites.siteId, scope.siteId))
      : await tx.select({ id: projectEstablishments.projectId }).from(projectEstablishments).where(eq(projectEstablishments.establishmentId, scope.establishmentId));
  const ids = links.map((r) => r.id);
  for (const p of await loadProjects(tx, ids)) {
    await tx.update(cooperationProjects).set({ search: await projectSearchText(tx, projectInputOf(p)) }).where(eq(cooperationProjects.id, p.id));
  }
}

/**
 * Merges a duplicate into the establishment kept: its projects, agreements, users and labelling processes move to
 * the kept one (labels, once they exist, must move the same way); the duplicate stays, marked as merged, so
 * old links still lead somewhere. Refused when both have an open labelling process.
 */
export async function mergeEstablishments(db: Db, actor: Actor, keepId: string, duplicateId: string) {
  requireEditor(actor);
  if (keepId === duplicateId) throw new RegistryError("merge_same", "duplicateId");
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(establishments).where(inArray(establishments.id, [keepId, duplicateId]));
    const keep = rows.find((r) => r.id === keepId);
    const duplicate = rows.find((r) => r.id === duplicateId);
    if (!keep || keep.mergedIntoId) throw new RegistryError("not_found");
    if (!duplicate || duplicate.mergedIntoId) throw new RegistryError("establishment_unknown", "duplicateId");
    const openProcesses = await tx
      .select({ establishmentId: labellingProcesses.establishmentId })
      .from(labellingProcesses)
      .where(and(inArray(labellingProcesses.establishmentId, [keepId, duplicateId]), sql`${labellingProcesses.state} not in ('decided', 'withdrawn')`));
    if (new Set(openProcesses.map((p) => p.establishmentId)).size > 1) throw new RegistryError("merge_open_processes", "duplicateId");

    const keptLinks = new Set(
      (await tx.select({ id: projectEstablishments.projectId }).from(projectEstablishments).where(eq(projectEstablishments.establishmentId, keepId))).map((r) => r.id),
    );
    const movedLinks = (
      await tx.select({ id: projectEstablishments.projectId }).from(projectEstablishments).where(eq(projectEstablishments.establishmentId, duplicateId))
    ).map((r) => r.id);
    await tx.delete(projectEstablishments).where(eq(projectEstablishments.establishmentId, duplicateId));
    const toAdd = movedLinks.filter((id) => !keptLinks.has(id));
    if (toAdd.length) await tx.insert(projectEstablishments).values(toAdd.map((projectId) => ({ projectId, establishmentId: keepId })));
    const agreements = await tx.update(frameworkAgreements).set({ establishmentId: keepId, updatedAt: new Date() }).where(eq(frameworkAgreements.establishmentId, duplicateId)).returning({ id: frameworkAgreements.id });
    const movedUsers = await tx.update(users).set({ establishmentId: keepId, updatedAt: new Date() }).where(eq(users.establishmentId, duplicateId)).returning({ id: users.id });
    const processes = await tx
      .update(labellingProcesses)
      .set({ establishmentId: keepId, updatedAt: new Date() })
      .where(eq(labellingProcesses.establishmentId, duplicateId))
      .returning({ id: labellingProcesses.id });
    await tx.update(establishments).set({ mergedIntoId: keepId, updatedAt: new Date() }).where(eq(establishments.id, duplicateId));
    await tx.update(establishments).set({ updatedAt: new Date() }).where(eq(establishments.id, keepId));
    await refreshProjectSearch(tx, { establishmentId: keepId });
    const summary = {
      mergedFrom: { from: null, to: `${duplicate.name} (${duplicate.city})` },
      projectsMoved: { from: null, to: movedLinks.length },
      agreementsMoved: { from: null, to: agreements.length },
      usersMoved: { from: null, to: movedUsers.length },
      processesMoved: { from: null, to: processes.length },
    };
    await recordInAuditTrail(tx, { actorUserId: actor.id, action: "establishment.merge", entityType: ESTABLISHMENT_ENTITY, entityId: keepId, changes: summary });
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: "establishment.merged_into",
      entityType: ESTABLISHMENT_ENTITY,
      entityId: duplicateId,
      changes: { mergedInto: { from: null, to: `${keep.name} (${keep.city})` } },
    });
    for (const projectId of movedLinks) {
      await recordInAuditTrail(tx, {
        actorUserId: actor.id,
        action: "project.update",
        entityType: PROJECT_ENTITY,
        entityId: projectId,
        changes: { establishmentIds: { from: duplicate.name, to: keep.name } },
      });
    }
    for (const u of movedUsers) {
      await recordInAuditTrail(tx, { actorUserId: actor.id, action: "user.update", entityType: "user", entityId: u.id, changes: { establishmentId: { from: duplicateId, to: keepId } } });
    }
    return { projects: movedLinks.length, agreements: agreements.length, users: movedUsers.length, processes: processes.length };
  });
}

// ─── AP-HP sites ─────────────────────────────────────────────────────────────────────────────────────────────

export async function getSite(db: Db, actor: Actor, id: string) {
  if (!canReadWholeRegistry(actor)) return null;
  const [site] = await db.select().from(apHpSites).where(eq(apHpSites.id, id));
  if (!site) return null;
  const ids = (await db.select({ id: projectSites.projectId }).from(projectSites).where(eq(projectSites.siteId, id))).map((r) => r.id);
  const projects = await loadProjects(db, ids);
  const partners = new Map<string, ProjectRecord["establishments"][number] & { projectCount: number }>();
  for (const p of projects) {
    for (const e of p.establishments) partners.set(e.id, { ...e, projectCount: (partners.get(e.id)?.projectCount ?? 0) + 1 });
  }
  return { site, projects, partners: [...partners.values()].sort((a, b) => a.name.localeCompare(b.name, "fr")) };
}

function siteColumns(input: SiteInput) {
  return { name: input.name.trim(), shortName: input.shortName.trim(), kind: input.kind, city: clean(input.city), notes: clean(input.notes) };
}

const siteSearchText = (c: { name: string; shortName: string; city: string | null }) => normalizeForSearch([c.name, c.shortName, c.city].filter(Boolean).join(" "));

export async function createSite(db: Db, actor: Actor, input: SiteInput): Promise<string> {
  requireEditor(actor);
  const columns = siteColumns(input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apHpSites)
      .values({ ...columns, search: siteSearchText(columns) })
      .onConflictDoNothing({ target: apHpSites.name })
      .returning({ id: apHpSites.id });
    if (!row) throw new RegistryError("site_duplicate", "name");
    await recordInAuditTrail(tx, { actorUserId: actor.id, action: "site.create", entityType: SITE_ENTITY, entityId: row.id, changes: changedFields(null, columns) });
    return row.id;
  });
}

/** Edits a site; the projects naming it are searchable under its new name at once. */
export async function updateSite(db: Db, actor: Actor, id: string, input: SiteInput): Promise<boolean> {
  requireEditor(actor);
  const columns = siteColumns(input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(apHpSites).where(eq(apHpSites.id, id));
    if (!before) throw new RegistryError("not_found");
    const changes = changedFields(before, columns);
    if (Object.keys(changes).length === 0) return false;
    if (changes.name) {
      const [taken] = await tx.select({ id: apHpSites.id }).from(apHpSites).where(and(eq(apHpSites.name, columns.name), ne(apHpSites.id, id)));
      if (taken) throw new RegistryError("site_duplicate", "name");
    }
    await tx.update(apHpSites).set({ ...columns, search: siteSearchText(columns), updatedAt: new Date() }).where(eq(apHpSites.id, id));
    if (changes.name || changes.shortName) await refreshProjectSearch(tx, { siteId: id });
    await recordInAuditTrail(tx, { actorUserId: actor.id, action: "site.update", entityType: SITE_ENTITY, entityId: id, changes });
    return true;
  });
}

// ─── Framework agreements ────────────────────────────────────────────────────────────────────────────────────

export async function listAgreements(db: Db, actor: Actor) {
  const scope = canReadWholeRegistry(actor)
    ? undefined
    : actor.role === "hospital" && actor.establishmentId
      ? eq(frameworkAgreements.establishmentId, actor.establishmentId)
      : sql`false`;
  return db
    .select({
      id: frameworkAgreements.id,
      establishmentId: frameworkAgreements.establishmentId,
      establishmentName: establishments.name,
      partnerInstitution: frameworkAgreements.partnerInstitution,
      countryCode: frameworkAgreements.countryCode,
      signedOn: frameworkAgreements.signedOn,
      renewedOn: frameworkAgreements.renewedOn,
      expiresOn: frameworkAgreements.expiresOn,
      status: frameworkAgreements.status,
      sources: frameworkAgreements.sources,
      notes: frameworkAgreements.notes,
      search: frameworkAgreements.search,
      updatedAt: frameworkAgreements.updatedAt,
    })
    .from(frameworkAgreements)
    .leftJoin(establishments, eq(establishments.id, frameworkAgreements.establishmentId))
    .where(scope)
    .orderBy(desc(frameworkAgreements.signedOn), asc(frameworkAgreements.countryCode));
}
export type AgreementRow = Awaited<ReturnType<typeof listAgreements>>[number];

export async function getAgreement(db: Db, actor: Actor, id: string) {
  const rows = await listAgreements(db, actor);
  return rows.find((a) => a.id === id) ?? null;
}

async function agreementColumns(db: Db, input: AgreementInput) {
  let countryCode = input.countryCode ?? null;
  let establishmentName = "";
  if (input.establishmentId) {
    const [est] = await db
      .select({ countryCode: establishments.countryCode, name: establishments.name, merged: establishments.mergedIntoId })
      .from(establishments)
      .where(eq(establishments.id, input.establishmentId));
    if (!est || est.merged) throw new RegistryError("establishment_unknown", "establishmentId");
    countryCode = countryCode ?? est.countryCode;
    establishmentName = est.name;
  }
  const [country] = countryCode ? await db.select({ iso: countries.iso }).from(countries).where(eq(countries.iso, countryCode)) : [];
  if (!country) throw new RegistryError("country_unknown", "countryCode");
  const columns = {
    establishmentId: input.establishmentId ?? null,
    partnerInstitution: clean(input.partnerInstitution),
    countryCode: country.iso,
    signedOn: clean(input.signedOn),
    renewedOn: input.renewedOn,
    expiresOn: clean(input.expiresOn),
    status: input.status as AgreementStatus,
    notes: clean(input.notes),
  };
  return { columns, search: normalizeForSearch(`${establishmentName} ${columns.partnerInstitution ?? ""} ${columns.notes ?? ""}`) };
}

export async function createAgreement(db: Db, actor: Actor, input: AgreementInput, extra: { seedKey?: string; sources?: string } = {}): Promise<string> {
  requireEditor(actor);
  const { columns, search } = await agreementColumns(db, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(frameworkAgreements)
      .values({ ...columns, search, seedKey: extra.seedKey ?? null, sources: extra.sources ?? null })
      .returning({ id: frameworkAgreements.id });
    await recordInAuditTrail(tx, { actorUserId: actor.id, action: "agreement.create", entityType: AGREEMENT_ENTITY, entityId: row!.id, changes: changedFields(null, columns) });
    return row!.id;
  });
}

export async function updateAgreement(db: Db, actor: Actor, id: string, input: AgreementInput, action = "agreement.update"): Promise<boolean> {
  requireEditor(actor);
  const { columns, search } = await agreementColumns(db, input);
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(frameworkAgreements).where(eq(frameworkAgreements.id, id));
    if (!before) throw new RegistryError("not_found");
    const changes = changedFields(before, columns);
    if (Object.keys(changes).length === 0) return false;
    const closing = columns.status !== "active" && columns.status !== "unknown" && before.status !== columns.status;
    await tx
      .update(frameworkAgreements)
      .set({ ...columns, search, updatedAt: new Date(), closedAt: closing ? new Date() : columns.status === "active" ? null : undefined })
      .where(eq(frameworkAgreements.id, id));
    await recordInAuditTrail(tx, { actorUserId: actor.id, action: closing && action === "agreement.update" ? "agreement.close" : action, entityType: AGREEMENT_ENTITY, entityId: id, changes });
    return true;
  });
}

// ─── Dashboard ───────────────────────────────────────────────────────────────────────────────────────────────

/**
 * When the registry's data last changed (any project, establishment, site or agreement), and a stamp of everything
 * the dashboard counts, in one query: each table by its row count and a checksum of the columns the dashboard reads
 * (computed in the database, without relying on any `updated_at`: a bulk import or a script that forgets it is
 * still seen).
 */
export async function registryState(db: Db): Promise<{ lastChanged: Date | null; stamp: string }> {
  const counted: [PgTable, AnyPgColumn[]][] = [
    [cooperationProjects, [cooperationProjects.id, cooperationProjects.titleFr, cooperationProjects.titleEn, cooperationProjects.theme, cooperationProjects.status, cooperationProjects.startYear, cooperationProjects.endYear, cooperationProjects.partnerCountryCode]],
    [establishments, [establishments.id, establishments.countryCode]],
    [frameworkAgreements, [frameworkAgreements.id, frameworkAgreements.status]],
    [apHpSites, [apHpSites.id, apHpSites.shortName, apHpSites.name]],
    [projectEstablishments, [projectEstablishments.projectId, projectEstablishments.establishmentId]],
    [projectSites, [projectSites.projectId, projectSites.siteId]],
    [projectFundings, [projectFundings.projectId, projectFundings.source, projectFundings.position]],
    [countries, [countries.iso, countries.nameFr, countries.nameEn, countries.region]],
  ];
  const parts = counted.map(
    // row(…)::text keeps each column's place, an empty one included (concat_ws would skip a null).
    ([table, columns]) => sql`(select count(*) || ':' || coalesce(sum(hashtext(row(${sql.join(columns, sql`, `)})::text)), 0) from ${table})`,
  );
  const newest = [cooperationProjects, establishments, frameworkAgreements, apHpSites].map((table) => sql`(select max(${table.updatedAt}) from ${table})`);
  const [row] = await db
    .select({
      stamp: sql<string>`${sql.join(parts, sql` || '/' || `)}`,
      lastChangedMs: sql<string | null>`extract(epoch from greatest(${sql.join(newest, sql`, `)})) * 1000`,
    })
    .from(sql`(values (1)) as one_row (one)`);
  return { stamp: row!.stamp, lastChanged: row!.lastChangedMs === null ? null : new Date(Number(row!.lastChangedMs)) };
}

export async function countAgreements(db: Db): Promise<{ total: number; active: number }> {
  const rows = await db.select({ status: frameworkAgreements.status, count: sql<number>`count(*)::int` }).from(frameworkAgreements).groupBy(frameworkAgreements.status);
  return {
    total: rows.reduce((n, r) => n + Number(r.count), 0),
    active: Number(rows.find((r) => r.status === "active")?.count ?? 0),
  };
}

export type { CooperationStatus };
