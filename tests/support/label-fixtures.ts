// Labels without the months of a labelling process: a decided process, the committee's award and its label written
// straight into the tables (what recordDecision writes, without the audit it needs), with a certificate number
// from the domain. Their statuses then change through the services, as the DRI changes them (suspend, revoke,
// annul the decision). For a label awarded through recordDecision itself, see tests/integration/labels-public.test.ts.
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { establishments, labellingDecisions, labellingProcesses, labels, referentialVersions } from "#db/schema.ts";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { certificateNumber } from "#app/domain/label/certificate-number.ts";
import type { LevelCode } from "#app/domain/referential/schema.ts";
import { annulDecision } from "#app/services/label/decisions.server.ts";
import { changeLabelStatus, findLabelById } from "#app/services/label/labels.server.ts";
import { translate } from "#app/services/platform/i18n.server.ts";
import { getProcess } from "#app/services/process/lifecycle.server.ts";
import { importShippedReferentials } from "#app/services/referential/referentials.server.ts";

export interface LabelFixture {
  id: string;
  processId: string;
  certificateNumber: string;
  establishmentId: string;
  establishmentName: string;
}

export interface LabelFixtureOptions {
  /** An existing establishment, or one created with this name, city and country. */
  establishment: { id: string; name: string } | { name: string; city: string; countryCode: string };
  level: LevelCode;
  validFrom: string;
  validUntil: string;
  /** Default: validFrom. */
  decidedOn?: string;
  mentionFr?: string;
  mentionEn?: string;
  /** The version of label-qss (default 2024, published by importShippedReferentials). */
  version?: string;
}

/** A calendar day `days` away from `from` (UTC). */
export function addDays(from: string, days: number): string {
  const d = new Date(`${from}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A label awarded on a decided process: the rows recordDecision writes, with a fresh certificate number. */
/** The databases whose shipped referentials are imported already (once is enough). */
const imported = new WeakSet<Db>();

export async function insertLabel(db: Db, options: LabelFixtureOptions): Promise<LabelFixture> {
  if (!imported.has(db)) {
    await importShippedReferentials(db);
    imported.add(db);
  }
  const [version] = await db
    .select({ id: referentialVersions.id })
    .from(referentialVersions)
    .where(and(eq(referentialVersions.code, "label-qss"), eq(referentialVersions.version, options.version ?? "2024")));
  if (!version) throw new Error(`label-qss ${options.version ?? "2024"} is not imported`);
  let establishment: { id: string; name: string };
  if ("id" in options.establishment) establishment = options.establishment;
  else {
    const { name, city, countryCode } = options.establishment;
    const [row] = await db.insert(establishments).values({ name, shortName: name.slice(0, 40), city, countryCode }).returning({ id: establishments.id, name: establishments.name });
    establishment = row!;
  }
  const decidedOn = options.decidedOn ?? options.validFrom;
  const [process] = await db
    .insert(labellingProcesses)
    .values({ establishmentId: establishment.id, referentialVersionId: version.id, state: "decided" })
    .returning({ id: labellingProcesses.id });
  const [decision] = await db
    .insert(labellingDecisions)
    .values({
      processId: process!.id,
      outcome: "awarded",
      level: options.level,
      computedLevel: options.level,
      mentionFr: options.mentionFr ?? "",
      mentionEn: options.mentionEn ?? "",
      decidedOn,
      validFrom: options.validFrom,
      validUntil: options.validUntil,
      committeeMembers: "Membre du comité confidentiel",
      signerName: "Directrice des relations internationales",
      signerTitle: "AP-HP",
    })
    .returning({ id: labellingDecisions.id });
  const number = certificateNumber(Number(decidedOn.slice(0, 4)), randomBytes(5));
  const [label] = await db
    .insert(labels)
    .values({
      decisionId: decision!.id,
      establishmentId: establishment.id,
      referentialVersionId: version.id,
      level: options.level,
      mentionFr: options.mentionFr ?? "",
      mentionEn: options.mentionEn ?? "",
      certificateNumber: number,
      decidedOn,
      validFrom: options.validFrom,
      validUntil: options.validUntil,
    })
    .returning({ id: labels.id });
  return { id: label!.id, processId: process!.id, certificateNumber: number, establishmentId: establishment.id, establishmentName: establishment.name };
}

const ctx = { baseUrl: "", t: translate };

/** The DRI suspends or revokes a label (changeLabelStatus, with its reason, trail and notices). */
export async function changeStatus(db: Db, admin: Actor, fixture: LabelFixture, kind: "suspended" | "revoked", reason: string): Promise<void> {
  const label = await findLabelById(db, fixture.id);
  if (!label) throw new Error(`label ${fixture.certificateNumber} not found`);
  await changeLabelStatus(db, admin, label, kind, reason, ctx);
}

/** The DRI annuls the decision that awarded a label (annulDecision: the label stays, annulled). */
export async function annulLabel(db: Db, admin: Actor, fixture: LabelFixture, reason: string): Promise<void> {
  await annulDecision(db, admin, await getProcess(db, admin, fixture.processId), reason, ctx);
}
