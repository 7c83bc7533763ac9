/**
 * Labels: what an award created, its status over time (from its dates and its events: suspended, lifted, revoked,
 * annulled), the public list and verification, the establishment's history and the certificate's data.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { countries, establishments, labelEvents, labellingDecisions, labels, referentialVersions, users } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { verifyPath } from "#app/domain/label/public-list.ts";
import { todayIso } from "#app/domain/process/workspace.ts";
import { isPubliclyListed, labelEventRefusal, staffMayDownloadCertificate, labelStatus, type LabelEventKind, type LabelStatus } from "#app/domain/label/status.ts";
import type { LevelCode } from "#app/domain/referential/schema.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { driAdmins, establishmentStaff, notify, type NotifyContext } from "#app/services/notifications/notifications.server.ts";
import { latestAccreditation } from "#app/services/referential/accreditations.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import type { CertificateView } from "./certificate-pdf.server.ts";
import { levelNames } from "./decisions.server.ts";
import { LabelError } from "./label-error.ts";

export { todayIso };

export interface LabelEventView {
  kind: LabelEventKind;
  reason: string;
  at: Date;
  actorName: string | null;
}

export interface LabelView {
  id: string;
  processId: string;
  certificateNumber: string;
  establishmentId: string;
  establishmentName: string;
  establishmentCity: string;
  countryCode: string;
  countryName: { fr: string; en: string };
  level: LevelCode;
  levelName: { fr: string; en: string };
  mentionFr: string;
  mentionEn: string;
  referentialVersionId: string;
  referentialCode: string;
  referentialVersion: string;
  decidedOn: string;
  validFrom: string;
  validUntil: string;
  signerName: string;
  signerTitle: string;
  /** The committee departed from the computed level: its written justification (DRI's view only). */
  levelJustification: string;
  computedLevel: LevelCode | null;
  status: LabelStatus;
  events: LabelEventView[];
}

const labelColumns = {
  id: labels.id,
  processId: labellingDecisions.processId,
  certificateNumber: labels.certificateNumber,
  establishmentId: labels.establishmentId,
  establishmentName: establishments.name,
  establishmentCity: establishments.city,
  countryCode: establishments.countryCode,
  countryFr: countries.nameFr,
  countryEn: countries.nameEn,
  level: labels.level,
  mentionFr: labels.mentionFr,
  mentionEn: labels.mentionEn,
  referentialVersionId: labels.referentialVersionId,
  referentialCode: referentialVersions.code,
  referentialVersion: referentialVersions.version,
  decidedOn: labels.decidedOn,
  validFrom: labels.validFrom,
  validUntil: labels.validUntil,
  signerName: labellingDecisions.signerName,
  signerTitle: labellingDecisions.signerTitle,
  levelJustification: labellingDecisions.levelJustification,
  computedLevel: labellingDecisions.computedLevel,
};

function labelQuery(db: Db) {
  return db
    .select(labelColumns)
    .from(labels)
    .innerJoin(labellingDecisions, eq(labellingDecisions.id, labels.decisionId))
    .innerJoin(establishments, eq(establishments.id, labels.establishmentId))
    .leftJoin(countries, eq(countries.iso, establishments.countryCode))
    .innerJoin(referentialVersions, eq(referentialVersions.id, labels.referentialVersionId));
}

type LabelRow = Awaited<ReturnType<ReturnType<typeof labelQuery>["where"]>>[number];

/** The rows with their events, status and level names (two queries more, whatever the number of labels). */
async function withStatus(db: Db, rows: LabelRow[], today: string): Promise<LabelView[]> {
  if (rows.length === 0) return [];
  const events = await db
    .select({ labelId: labelEvents.labelId, kind: labelEvents.kind, reason: labelEvents.reason, at: labelEvents.at, actorName: users.name })
    .from(labelEvents)
    .leftJoin(users, eq(users.id, labelEvents.actorUserId))
    .where(inArray(labelEvents.labelId, rows.map((r) => r.id)))
    .orderBy(asc(labelEvents.at), asc(labelEvents.id));
  const versions = new Map(await Promise.all([...new Set(rows.map((r) => r.referentialVersionId))].map(async (id) => [id, await getFrozenVersion(db, id)] as const)));
  return rows.map(({ countryFr, countryEn, ...row }) => {
    const own = events.filter((e) => e.labelId === row.id).map(({ labelId: _, ...e }) => e);
    const names = levelNames(versions.get(row.referentialVersionId)!, row.level);
    return {
      ...row,
      countryName: { fr: countryFr ?? row.countryCode, en: countryEn ?? row.countryCode },
      levelName: { fr: names.levelFr, en: names.levelEn },
      status: labelStatus(row, own, today),
      events: own,
    };
  });
}

/** One label by its certificate number (already checked and normalised), or null. Public: no personal data. */
export async function findLabelByNumber(db: Db, number: string, today = todayIso()): Promise<LabelView | null> {
  const rows = await labelQuery(db).where(eq(labels.certificateNumber, number));
  const [label] = await withStatus(db, rows, today);
  return label ?? null;
}

export async function findLabelById(db: Db, id: string, today = todayIso()): Promise<LabelView | null> {
  const rows = await labelQuery(db).where(eq(labels.id, id));
  const [label] = await withStatus(db, rows, today);
  return label ?? null;
}

/** Every label of an establishment, newest first (the registry's establishment page). */
export async function labelsOfEstablishment(db: Db, establishmentId: string, today = todayIso()): Promise<LabelView[]> {
  return withStatus(db, await labelQuery(db).where(eq(labels.establishmentId, establishmentId)).orderBy(desc(labels.decidedOn), desc(labels.createdAt)), today);
}

/** The label of a process's decision in force, if any. */
export async function labelOfProcess(db: Db, processId: string, today = todayIso()): Promise<LabelView | null> {
  const rows = await labelQuery(db).where(eq(labellingDecisions.processId, processId)).orderBy(desc(labels.createdAt));
  const views = await withStatus(db, rows, today);
  return views.find((l) => l.status !== "annulled") ?? views[0] ?? null;
}

export interface PublicLabelFilters {
  country: string | null;
  level: LevelCode | null;
}

/**
 * The public list: every label valid or expiring today, one per establishment (the newest), filtered by country and
 * level, by country then establishment name.
 */
export async function listPublicLabels(db: Db, filters: PublicLabelFilters, today = todayIso()): Promise<LabelView[]> {
  const conditions = [sql`${labels.validUntil} >= ${today}`, sql`${labels.validFrom} <= ${today}`];
  if (filters.country) conditions.push(eq(establishments.countryCode, filters.country));
  if (filters.level) conditions.push(eq(labels.level, filters.level));
  const rows = await labelQuery(db).where(and(...conditions)).orderBy(asc(countries.nameFr), asc(establishments.name), desc(labels.decidedOn));
  const listed = (await withStatus(db, rows, today)).filter((l) => isPubliclyListed(l.status));
  const seen = new Set<string>();
  return listed.filter((l) => (seen.has(l.establishmentId) ? false : (seen.add(l.establishmentId), true)));
}

/** The countries of the labels listed today (for the public list's filter). */
export async function publicLabelCountries(db: Db, today = todayIso()) {
  const listed = await listPublicLabels(db, { country: null, level: null }, today);
  const byCode = new Map(listed.map((l) => [l.countryCode, l.countryName]));
  return [...byCode].map(([code, name]) => ({ code, name }));
}

const EVENT_NOTICE = { suspended: "label_suspended", lifted: "label_reinstated", revoked: "label_revoked" } as const;

/** The DRI suspends, reinstates or revokes a label, with a reason; the coordinators and the DRI are told. */
export async function changeLabelStatus(db: Db, actor: Actor, label: LabelView, kind: "suspended" | "lifted" | "revoked", reason: string, ctx: NotifyContext): Promise<void> {
  if (actor.role !== "dri_admin") throw new LabelError("forbidden");
  if (!reason.trim()) throw new LabelError("reason_required", "reason");
  if (labelEventRefusal(label.status, kind)) throw new LabelError("status_change_not_allowed");
  await db.transaction(async (tx) => {
    await tx.insert(labelEvents).values({ labelId: label.id, kind, reason: reason.trim(), actorUserId: actor.id });
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: `label.${kind}`,
      entityType: "label",
      entityId: label.id,
      changes: { status: { from: label.status, to: kind === "lifted" ? "valid" : kind }, reason: { from: null, to: reason.trim() } },
    });
    await notify(tx, ctx, {
      userIds: [...(await establishmentStaff(tx, label.establishmentId, { coordinatorsOnly: true })), ...(await driAdmins(tx))].filter((id) => id !== actor.id),
      kind: EVENT_NOTICE[kind],
      processId: label.processId,
      params: { establishment: label.establishmentName, certificate: label.certificateNumber, reason: reason.trim(), levelFr: label.levelName.fr, levelEn: label.levelName.en },
    });
  });
}

/** What the certificate of a label says (regenerated from stored data: the same label gives the same document). */
export async function certificateOf(db: Db, label: LabelView, publicUrl: string): Promise<CertificateView> {
  return {
    certificateNumber: label.certificateNumber,
    establishment: { name: label.establishmentName, city: label.establishmentCity, country: label.countryName },
    level: label.level,
    levelName: label.levelName,
    mention: label.mentionFr || label.mentionEn ? { fr: label.mentionFr, en: label.mentionEn } : null,
    referential: { code: label.referentialCode, version: label.referentialVersion, accreditation: await latestAccreditation(db, label.referentialVersionId) },
    decidedOn: label.decidedOn,
    validFrom: label.validFrom,
    validUntil: label.validUntil,
    signer: { name: label.signerName, title: label.signerTitle },
    verifyUrl: `${publicUrl.replace(/\/$/, "")}${verifyPath(label.certificateNumber)}`,
  };
}

/** Whether the actor may download a label's certificate: the DRI, and the labelled establishment's staff (not once revoked or annulled). */
export function mayDownloadCertificate(actor: Actor, label: Pick<LabelView, "establishmentId" | "status">): boolean {
  if (actor.role === "dri_admin") return true;
  return actor.role === "hospital" && actor.establishmentId === label.establishmentId && staffMayDownloadCertificate(label.status);
}
