// Loads the cooperation registry's reference data (db/seed/registry-data.json, db/seed/countries.json).
// Idempotent: countries are upserted; sites are matched by name, establishments by name and city (existing ones,
// e.g. the demo's CHNCAK and CNHU Fann, are enriched where a field is empty, never overwritten), projects and
// agreements by their seed key (a record someone has since edited is left as it is).
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import countryFile from "#db/seed/countries.json";
import registryFile from "#db/seed/registry-data.json";
import type { Db } from "#db/client.ts";
import { apHpSites, cooperationProjects, countries, establishments, frameworkAgreements } from "#db/schema.ts";
import { normalizeForSearch } from "#app/domain/referential/search.ts";
import {
  AGREEMENT_STATUSES,
  COOPERATION_STATUSES,
  ESTABLISHMENT_KINDS,
  FUNDING_SOURCES,
  REGIONS,
  SITE_KINDS,
  THEMES,
} from "#app/domain/registry/codes.ts";
import type { ProjectInput } from "#app/domain/registry/schemas.ts";
import { changedFields, recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { AGREEMENT_ENTITY, ESTABLISHMENT_ENTITY, establishmentSearchText, insertProject } from "./registry.server.ts";


const source = z.array(z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/)).min(1);
const registryDataSchema = z.object({
  sites: z.array(
    z.object({ key: z.string(), name: z.string(), shortName: z.string(), kind: z.enum(SITE_KINDS), city: z.string().optional(), source, note: z.string().optional() }),
  ),
  establishments: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      shortName: z.string(),
      countryCode: z.string().regex(/^[A-Z]{2}$/),
      city: z.string(),
      kind: z.enum(ESTABLISHMENT_KINDS).optional(),
      beds: z.number().int().positive().optional(),
      source,
      note: z.string().optional(),
    }),
  ),
  projects: z.array(
    z.object({
      key: z.string(),
      titleFr: z.string(),
      titleEn: z.string(),
      summary: z.string().optional(),
      theme: z.enum(THEMES),
      establishments: z.array(z.string()).optional(),
      partnerInstitution: z.string().optional(),
      partnerCountry: z.string().optional(),
      partnerNotNamed: z.boolean().optional(),
      sites: z.array(z.string()).min(1),
      apHpLead: z.string().optional(),
      fundings: z.array(z.object({ source: z.enum(FUNDING_SOURCES), call: z.string().optional(), year: z.number().int().optional(), amountEur: z.number().int().min(0).optional() })),
      startYear: z.number().int().nullable(),
      endYear: z.number().int().nullable().optional(),
      status: z.enum(COOPERATION_STATUSES),
      source,
      note: z.string().optional(),
    }),
  ),
  agreements: z.array(
    z.object({
      key: z.string(),
      establishment: z.string().optional(),
      partnerInstitution: z.string().optional(),
      country: z.string(),
      signedOn: z.string().nullable(),
      renewedOn: z.array(z.string()),
      expiresOn: z.string().nullable(),
      status: z.enum(AGREEMENT_STATUSES),
      source,
      note: z.string().optional(),
    }),
  ),
});
export type RegistryData = z.infer<typeof registryDataSchema>;

const countriesSchema = z.array(z.object({ iso: z.string().regex(/^[A-Z]{2}$/), nameFr: z.string(), nameEn: z.string(), region: z.enum(REGIONS) }));

export function readRegistryData(): RegistryData {
  return registryDataSchema.parse(registryFile);
}

export function readCountryData() {
  return countriesSchema.parse(countryFile);
}

export async function isRegistryEmpty(db: Db): Promise<boolean> {
  const [projects, agreements, sites] = await Promise.all([
    db.select({ id: cooperationProjects.id }).from(cooperationProjects).limit(1),
    db.select({ id: frameworkAgreements.id }).from(frameworkAgreements).limit(1),
    db.select({ id: apHpSites.id }).from(apHpSites).limit(1),
  ]);
  return projects.length + agreements.length + sites.length === 0;
}

export interface SeedReport {
  countries: number;
  sites: { created: number; existing: number };
  establishments: { created: number; enriched: number; existing: number };
  projects: { created: number; existing: number };
  agreements: { created: number; existing: number };
}

const sourceText = (files: string[], note?: string) => ({ sources: files.join(", "), notes: note ?? null });

/** Loads the seed in one transaction (a few hundred rows: well under a second). */
export async function loadRegistrySeed(db: Db, data: RegistryData = readRegistryData()): Promise<SeedReport> {
  const countryRows = readCountryData();
  const report: SeedReport = {
    countries: countryRows.length,
    sites: { created: 0, existing: 0 },
    establishments: { created: 0, enriched: 0, existing: 0 },
    projects: { created: 0, existing: 0 },
    agreements: { created: 0, existing: 0 },
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(countries)
      .values(countryRows)
      .onConflictDoUpdate({
        target: countries.iso,
        set: { nameFr: sql`excluded.name_fr`, nameEn: sql`excluded.name_en`, region: sql`excluded.region` },
      });

    const siteIdByKey = new Map<string, string>();
    const existingSites = await tx.select({ id: apHpSites.id, name: apHpSites.name }).from(apHpSites);
    for (const s of data.sites) {
      const found = existingSites.find((e) => e.name === s.name);
      if (found) {
        siteIdByKey.set(s.key, found.id);
        report.sites.existing++;
        continue;
      }
      const [row] = await tx
        .insert(apHpSites)
        .values({ name: s.name, shortName: s.shortName, kind: s.kind, city: s.city ?? null, notes: s.note ?? null, search: normalizeForSearch(`${s.name} ${s.shortName}`) })
        .returning({ id: apHpSites.id });
      siteIdByKey.set(s.key, row!.id);
      report.sites.created++;
    }

    const estIdByKey = new Map<string, string>();
    const existingEsts = await tx.select().from(establishments);
    for (const e of data.establishments) {
      const found = existingEsts.find((x) => x.name === e.name && x.city === e.city);
      const notes = `${e.note ? `${e.note} ` : ""}Sources : ${e.source.join(", ")}.`;
      if (found) {
        estIdByKey.set(e.key, found.mergedIntoId ?? found.id);
        const fill = {
          kind: found.kind ?? e.kind ?? null,
          beds: found.beds ?? e.beds ?? null,
          notes: found.notes ?? notes,
          search: found.search ?? establishmentSearchText(found),
        };
        const changes = changedFields(found, fill);
        if (Object.keys(changes).length) {
          await tx.update(establishments).set({ ...fill, updatedAt: new Date() }).where(eq(establishments.id, found.id));
          await recordInAuditTrail(tx, { actorUserId: null, action: "establishment.seed_enrich", entityType: ESTABLISHMENT_ENTITY, entityId: found.id, changes });
          report.establishments.enriched++;
        } else report.establishments.existing++;
        continue;
      }
      const columns = { name: e.name, shortName: e.shortName, countryCode: e.countryCode, city: e.city, kind: e.kind ?? null, beds: e.beds ?? null, notes };
      const [row] = await tx.insert(establishments).values({ ...columns, search: establishmentSearchText(columns) }).returning({ id: establishments.id });
      await recordInAuditTrail(tx, { actorUserId: null, action: "establishment.create", entityType: ESTABLISHMENT_ENTITY, entityId: row!.id, changes: changedFields(null, columns) });
      estIdByKey.set(e.key, row!.id);
      report.establishments.created++;
    }

    const seededProjects = new Set(
      (await tx.select({ key: cooperationProjects.seedKey }).from(cooperationProjects).where(sql`${cooperationProjects.seedKey} is not null`)).map((r) => r.key),
    );
    for (const p of data.projects) {
      if (seededProjects.has(p.key)) {
        report.projects.existing++;
        continue;
      }
      const { sources, notes } = sourceText(p.source, p.note);
      const input: ProjectInput = {
        titleFr: p.titleFr,
        titleEn: p.titleEn,
        summary: p.summary,
        theme: p.theme,
        status: p.status,
        startYear: p.startYear ?? undefined,
        endYear: p.endYear ?? undefined,
        establishmentIds: (p.establishments ?? []).map((k) => must(estIdByKey, k, p.key)),
        partnerInstitution: p.partnerInstitution,
        partnerCountryCode: p.partnerCountry,
        partnerNotNamed: p.partnerNotNamed ?? false,
        siteIds: p.sites.map((k) => must(siteIdByKey, k, p.key)),
        apHpLead: p.apHpLead,
        partnerContact: undefined,
        fundings: p.fundings,
        sources,
        notes: notes ?? undefined,
      };
      await insertProject(tx, null, input, { seedKey: p.key });
      report.projects.created++;
    }

    const seededAgreements = new Set(
      (await tx.select({ key: frameworkAgreements.seedKey }).from(frameworkAgreements).where(sql`${frameworkAgreements.seedKey} is not null`)).map((r) => r.key),
    );
    const estNames = new Map(data.establishments.map((e) => [e.key, e.name]));
    for (const a of data.agreements) {
      if (seededAgreements.has(a.key)) {
        report.agreements.existing++;
        continue;
      }
      const { sources, notes } = sourceText(a.source, a.note);
      const columns = {
        establishmentId: a.establishment ? must(estIdByKey, a.establishment, a.key) : null,
        partnerInstitution: a.partnerInstitution ?? null,
        countryCode: a.country,
        signedOn: a.signedOn,
        renewedOn: a.renewedOn,
        expiresOn: a.expiresOn,
        status: a.status,
        notes,
      };
      const search = normalizeForSearch(`${a.establishment ? estNames.get(a.establishment) : ""} ${a.partnerInstitution ?? ""} ${notes ?? ""}`);
      const [row] = await tx.insert(frameworkAgreements).values({ ...columns, sources, seedKey: a.key, search }).returning({ id: frameworkAgreements.id });
      await recordInAuditTrail(tx, { actorUserId: null, action: "agreement.create", entityType: AGREEMENT_ENTITY, entityId: row!.id, changes: changedFields(null, columns) });
      report.agreements.created++;
    }
  });
  return report;
}

function must(map: Map<string, string>, key: string, where: string): string {
  const id = map.get(key);
  if (!id) throw new Error(`registry-data.json: ${where} refers to unknown key "${key}"`);
  return id;
}

/** Fills the search column of establishments created before the registry existed (or by other parts of the app). */
export async function backfillEstablishmentSearch(db: Db): Promise<number> {
  const rows = await db.select().from(establishments).where(isNull(establishments.search));
  for (const row of rows) await db.update(establishments).set({ search: establishmentSearchText(row) }).where(and(eq(establishments.id, row.id), isNull(establishments.search)));
  return rows.length;
}

/** At start: load the registry when it is empty (on any database, not only the demo), then keep search columns filled. */
export async function ensureRegistry(db: Db, options: { log?: (message: string) => void } = {}): Promise<SeedReport | null> {
  let report: SeedReport | null = null;
  if (await isRegistryEmpty(db)) {
    try {
      report = await loadRegistrySeed(db);
      options.log?.(describeSeedReport(report));
    } catch (error) {
      // Several instances starting together on one PostgreSQL: the one that lost the race finds it loaded.
      if (await isRegistryEmpty(db)) throw error;
      options.log?.("Cooperation registry: loaded by another instance meanwhile.");
    }
  }
  await backfillEstablishmentSearch(db);
  return report;
}

export function describeSeedReport(r: SeedReport): string {
  return (
    `Cooperation registry: ${r.countries} countries; ${r.sites.created} AP-HP sites created (${r.sites.existing} already there); ` +
    `${r.establishments.created} establishments created, ${r.establishments.enriched} enriched (${r.establishments.existing} unchanged); ` +
    `${r.projects.created} projects created (${r.projects.existing} already there); ${r.agreements.created} agreements created (${r.agreements.existing} already there).`
  );
}

