// Applications to join the label: hospitals apply on the public /apply page; the DRI accepts them
// (establishment created or linked, labelling process opened, contact invited as coordinator) or declines them
// with a reason sent to the applicant. Every decision is recorded in the audit trail.
import { and, asc, desc, eq, isNull, notInArray, sql } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { applications, countries, establishments, labellingProcesses, referentialVersions, users } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { CLOSED_STATES } from "#app/domain/process/state-machine.ts";
import { normalizeForSearch } from "#app/domain/referential/search.ts";
import type { ApplicationInput } from "#app/forms/applications.ts";
import { formatDate } from "#app/domain/format.ts";
import { changedFields, recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { driAdmins, notify } from "#app/services/notifications/notifications.server.ts";
import { enqueueMessage } from "#app/services/platform/outbox.server.ts";
import { openProcess } from "./lifecycle.server.ts";
import { ESTABLISHMENT_ENTITY, establishmentSearchText } from "#app/services/registry/registry.server.ts";
import { inviteUser, type Translate } from "#app/services/accounts/users.server.ts";
import { AppError, isAppError, type ErrorCode } from "#app/services/errors.ts";

export const APPLICATION_ENTITY = "application";

export type ApplicationErrorCode = ErrorCode<"application">;

/** A decision on an application refused (see APP_ERRORS.application). */
export class ApplicationError extends AppError<"application"> {
  constructor(code: ApplicationErrorCode) {
    super("application", code);
  }
}

/** The same hospital whatever the accents, case or spacing: normalised name + city. */
export function applicationSearchKey(name: string, city: string): string {
  const norm = (v: string) => normalizeForSearch(v).replace(/\s+/g, " ").trim();
  return `${norm(name)}|${norm(city)}`;
}

export type SubmitResult = { ok: true; id: string } | { ok: false; code: "duplicate_pending" | "country_unknown" };

/**
 * Stores a public application, unless this hospital already has one pending (the route applies the limit per
 * client address); the applicant gets an acknowledgement in the application's language (through the outbox, in
 * the same transaction).
 */
export async function submitApplication(
  db: Db,
  input: ApplicationInput,
  clientAddress: string,
  ctx: { t: Translate; baseUrl: string; now?: Date },
): Promise<SubmitResult> {
  const now = ctx.now ?? new Date();
  const [country] = await db.select({ iso: countries.iso }).from(countries).where(eq(countries.iso, input.countryCode));
  if (!country) return { ok: false, code: "country_unknown" };
  const searchKey = applicationSearchKey(input.establishmentName, input.city);
  const [pending] = await db
    .select({ id: applications.id })
    .from(applications)
    .where(and(eq(applications.searchKey, searchKey), eq(applications.status, "pending")));
  if (pending) return { ok: false, code: "duplicate_pending" };
  return db.transaction(async (tx) => {
    // The partial unique index settles a race between two identical submissions.
    const [row] = await tx
      .insert(applications)
      .values({
        establishmentName: input.establishmentName,
        searchKey,
        countryCode: input.countryCode,
        city: input.city,
        contactName: input.contactName,
        contactEmail: input.contactEmail,
        language: input.language,
        motivation: input.motivation,
        cooperationLink: input.cooperationLink?.trim() || null,
        clientAddress,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: applications.id });
    if (!row) return { ok: false, code: "duplicate_pending" } as const;
    const lng = input.language;
    await enqueueMessage(tx, {
      toEmail: input.contactEmail,
      language: lng,
      kind: "application_received",
      subject: ctx.t(lng, "notifications:email.applicationReceived.subject"),
      body: ctx.t(lng, "notifications:email.applicationReceived.body", {
        name: input.contactName,
        establishment: input.establishmentName,
        city: input.city,
        date: formatDate(lng, now),
      }),
    });
    // The DRI learns of it at once, in the app and by e-mail (each admin in their language).
    await notify(tx, ctx, {
      userIds: await driAdmins(tx),
      kind: "application_received",
      processId: null,
      params: { applicationId: row.id, establishment: input.establishmentName, city: input.city, contact: input.contactName },
    });
    return { ok: true, id: row.id } as const;
  });
}

const applicationColumns = {
  id: applications.id,
  establishmentName: applications.establishmentName,
  countryCode: applications.countryCode,
  countryNameFr: countries.nameFr,
  countryNameEn: countries.nameEn,
  city: applications.city,
  contactName: applications.contactName,
  contactEmail: applications.contactEmail,
  language: applications.language,
  motivation: applications.motivation,
  cooperationLink: applications.cooperationLink,
  status: applications.status,
  declineReason: applications.declineReason,
  establishmentId: applications.establishmentId,
  processId: applications.processId,
  createdAt: applications.createdAt,
  decidedAt: applications.decidedAt,
  decidedByName: users.name,
};

/** Applications waiting for a DRI decision (the badge on "Applications" in the DRI's navigation). */
export async function countPendingApplications(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(applications).where(eq(applications.status, "pending"));
  return Number(row?.n ?? 0);
}

/** Every application, pending ones first, newest first. */
export async function listApplications(db: Db) {
  return db
    .select(applicationColumns)
    .from(applications)
    .innerJoin(countries, eq(countries.iso, applications.countryCode))
    .leftJoin(users, eq(users.id, applications.decidedBy))
    .orderBy(sql`(${applications.status} = 'pending') desc`, desc(applications.createdAt), asc(applications.id));
}

export async function getApplication(db: Db, id: string) {
  const [row] = await db
    .select(applicationColumns)
    .from(applications)
    .innerJoin(countries, eq(countries.iso, applications.countryCode))
    .leftJoin(users, eq(users.id, applications.decidedBy))
    .where(eq(applications.id, id));
  return row ?? null;
}
export type ApplicationRecord = NonNullable<Awaited<ReturnType<typeof getApplication>>>;

async function pendingApplication(db: Db, actor: Actor, id: string) {
  if (actor.role !== "dri_admin") throw new ApplicationError("forbidden");
  const [row] = await db.select().from(applications).where(eq(applications.id, id));
  if (!row) throw new ApplicationError("not_found");
  if (row.status !== "pending") throw new ApplicationError("already_decided");
  return row;
}

/** The establishment with the same name and city (accents and case ignored), if the registry has it. */
export async function findEstablishment(db: Db, name: string, city: string) {
  const wanted = applicationSearchKey(name, city);
  const candidates = await db
    .select({ id: establishments.id, name: establishments.name, city: establishments.city })
    .from(establishments)
    .where(isNull(establishments.mergedIntoId));
  return candidates.find((c) => applicationSearchKey(c.name, c.city) === wanted) ?? null;
}

/**
 * Accepts a pending application. Everything is checked before anything is written (open process, existing
 * account, published version); then, in one transaction, the establishment is created or linked, its labelling
 * process opened and the contact invited as coordinator (invitation link through the outbox).
 */
export async function acceptApplication(
  db: Db,
  actor: Actor & { name: string },
  id: string,
  referentialVersionId: string,
  ctx: { baseUrl: string; t: Translate; now?: Date },
  /** For an establishment already in the registry that had a process: start from its ratings (openProcess). */
  options: { carryOver?: boolean } = {},
): Promise<{ establishmentId: string; processId: string; userId: string; link: string; linked: boolean }> {
  const now = ctx.now ?? new Date();
  const application = await pendingApplication(db, actor, id);
  const [version] = await db.select({ status: referentialVersions.status }).from(referentialVersions).where(eq(referentialVersions.id, referentialVersionId));
  if (version?.status !== "published") throw new ApplicationError("version_not_published");
  const existing = await findEstablishment(db, application.establishmentName, application.city);
  if (existing) {
    const [open] = await db
      .select({ id: labellingProcesses.id })
      .from(labellingProcesses)
      .where(and(eq(labellingProcesses.establishmentId, existing.id), notInArray(labellingProcesses.state, [...CLOSED_STATES])));
    if (open) throw new ApplicationError("establishment_has_open_process");
  }
  const [account] = await db.select({ id: users.id }).from(users).where(eq(users.email, application.contactEmail.toLowerCase()));
  if (account) throw new ApplicationError("contact_has_account");

  try {
    return await db.transaction(async (tx) => {
      let establishmentId = existing?.id ?? null;
      if (!establishmentId) {
        const columns = { name: application.establishmentName, shortName: application.establishmentName, countryCode: application.countryCode, city: application.city };
        const [created] = await tx
          .insert(establishments)
          .values({ ...columns, search: establishmentSearchText(columns) })
          .returning({ id: establishments.id });
        establishmentId = created!.id;
        await recordInAuditTrail(tx, { actorUserId: actor.id, action: "establishment.create", entityType: ESTABLISHMENT_ENTITY, entityId: establishmentId, changes: changedFields(null, columns) });
      }
      const processId = await openProcess(
        tx,
        actor,
        { establishmentId, referentialVersionId, selfAssessmentDue: null, plannedVisit: null, carryOver: !!existing && options.carryOver === true },
        ctx,
      );
      const { userId, link } = await inviteUser(
        tx,
        actor,
        { email: application.contactEmail, name: application.contactName, role: "hospital", establishmentId, isCoordinator: true, language: application.language },
        { ...ctx, now },
      );
      const decided = await tx
        .update(applications)
        .set({ status: "accepted", establishmentId, processId, decidedAt: now, decidedBy: actor.id })
        .where(and(eq(applications.id, id), eq(applications.status, "pending")))
        .returning({ id: applications.id });
      if (decided.length === 0) throw new ApplicationError("already_decided");
      await recordInAuditTrail(tx, {
        actorUserId: actor.id,
        action: "application.accept",
        entityType: APPLICATION_ENTITY,
        entityId: id,
        changes: {
          status: { from: "pending", to: "accepted" },
          establishmentId: { from: null, to: establishmentId },
          processId: { from: null, to: processId },
          userId: { from: null, to: userId },
        },
      });
      return { establishmentId, processId, userId, link, linked: !!existing };
    });
  } catch (error) {
    // Someone else acted between the checks and the transaction: nothing was written.
    if (isAppError(error, "process.already_open")) throw new ApplicationError("establishment_has_open_process");
    if (isAppError(error, "process.version_not_published")) throw new ApplicationError("version_not_published");
    if (isAppError(error, "accounts.email_taken")) throw new ApplicationError("contact_has_account");
    throw error;
  }
}

/** Declines a pending application; the reason goes to the applicant, in their language, through the outbox. */
export async function declineApplication(
  db: Db,
  actor: Actor,
  id: string,
  reason: string,
  ctx: { t: Translate; now?: Date },
): Promise<void> {
  const now = ctx.now ?? new Date();
  const application = await pendingApplication(db, actor, id);
  await db.transaction(async (tx) => {
    const decided = await tx
      .update(applications)
      .set({ status: "declined", declineReason: reason, decidedAt: now, decidedBy: actor.id })
      .where(and(eq(applications.id, id), eq(applications.status, "pending")))
      .returning({ id: applications.id });
    if (decided.length === 0) throw new ApplicationError("already_decided");
    const lng = application.language;
    await enqueueMessage(tx, {
      toEmail: application.contactEmail,
      language: lng,
      kind: "application_declined",
      subject: ctx.t(lng, "email.applicationDeclined.subject"),
      body: ctx.t(lng, "email.applicationDeclined.body", { name: application.contactName, establishment: application.establishmentName, reason }),
    });
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: "application.decline",
      entityType: APPLICATION_ENTITY,
      entityId: id,
      changes: { status: { from: "pending", to: "declined" }, declineReason: { from: null, to: reason } },
    });
  });
}
