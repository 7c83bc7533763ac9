/**
 * External accreditations of a referential version (ISQua accredited the 2024 version in 2025): what happened to a
 * published version afterwards, recorded beside it (never inside its frozen content) and in its history. Shown on
 * the version's page, the public check of a certificate and the certificate itself.
 */
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "#db/client.ts";
import { labels, referentialAccreditations, referentialVersions } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { accreditationSchema, type AccreditationInput } from "#app/forms/accreditation.ts";
import { LabelError } from "#app/services/label/label-error.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { REFERENTIAL_ENTITY } from "./referentials.server.ts";

export interface Accreditation {
  id: string;
  body: string;
  accreditedOn: string;
  reference: string;
}

/**
 * The DRI records that a body accredited a published (or since retired) version. Refusals: forbidden (not the
 * DRI), not_found, accreditation_invalid (under the field at fault), accreditation_not_published (a draft).
 */
export async function recordAccreditation(db: Db, actor: Actor, versionId: string, input: AccreditationInput): Promise<Accreditation> {
  if (actor.role !== "dri_admin") throw new LabelError("forbidden");
  if (!z.uuid().safeParse(versionId).success) throw new LabelError("not_found");
  const parsed = accreditationSchema.safeParse(input);
  if (!parsed.success) throw new LabelError("accreditation_invalid", String(parsed.error.issues[0]?.path[0] ?? ""));
  const [version] = await db.select({ status: referentialVersions.status }).from(referentialVersions).where(eq(referentialVersions.id, versionId));
  if (!version) throw new LabelError("not_found");
  if (version.status === "draft") throw new LabelError("accreditation_not_published");
  const { body, accreditedOn, reference } = parsed.data;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(referentialAccreditations)
      .values({ referentialVersionId: versionId, body, accreditedOn, reference, recordedBy: actor.id })
      .returning({ id: referentialAccreditations.id });
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: "referential_version.accredit",
      entityType: REFERENTIAL_ENTITY,
      entityId: versionId,
      changes: { accreditationBody: { from: null, to: body }, accreditedOn: { from: null, to: accreditedOn }, accreditationReference: { from: null, to: reference || null } },
    });
    return { id: row!.id, body, accreditedOn, reference };
  });
}

/** The accreditations of a version, the latest first. */
export async function listAccreditations(db: Db, versionId: string): Promise<Accreditation[]> {
  return db
    .select({ id: referentialAccreditations.id, body: referentialAccreditations.body, accreditedOn: referentialAccreditations.accreditedOn, reference: referentialAccreditations.reference })
    .from(referentialAccreditations)
    .where(eq(referentialAccreditations.referentialVersionId, versionId))
    .orderBy(desc(referentialAccreditations.accreditedOn), desc(referentialAccreditations.recordedAt));
}

/** The latest external accreditation of a version, if one is recorded (shown on its certificates). */
export async function latestAccreditation(db: Db, versionId: string): Promise<Omit<Accreditation, "id"> | null> {
  const [latest] = await listAccreditations(db, versionId);
  return latest ? { body: latest.body, accreditedOn: latest.accreditedOn, reference: latest.reference } : null;
}

/**
 * The latest accreditation of the version a certificate was awarded on, found from the certificate number alone (so
 * that the public check asks it beside the label, the same for a number that names no label).
 */
export async function accreditationOfCertificate(db: Db, certificateNumber: string): Promise<Omit<Accreditation, "id"> | null> {
  const [row] = await db
    .select({ body: referentialAccreditations.body, accreditedOn: referentialAccreditations.accreditedOn, reference: referentialAccreditations.reference })
    .from(labels)
    .innerJoin(referentialAccreditations, eq(referentialAccreditations.referentialVersionId, labels.referentialVersionId))
    .where(eq(labels.certificateNumber, certificateNumber))
    .orderBy(desc(referentialAccreditations.accreditedOn), desc(referentialAccreditations.recordedAt))
    .limit(1);
  return row ?? null;
}
