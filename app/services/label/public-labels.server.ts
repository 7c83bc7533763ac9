/**
 * What anyone may read about labels without an account: the check of a certificate number and the public list
 * (page, JSON, CSV). Only public fields leave here: no committee, no justification, no computed level.
 */
import type { Db } from "#db/client.ts";
import { parseCertificateNumber } from "#app/domain/label/certificate-number.ts";
import { publicLabelRecord, type PublicLabelRecord } from "#app/domain/label/public-list.ts";
import type { LevelCode } from "#app/domain/referential/schema.ts";
import { accreditationOfCertificate } from "#app/services/referential/accreditations.server.ts";
import { findLabelByNumber, listPublicLabels, todayIso } from "./labels.server.ts";

/** A number no label can carry (year 0000): looked up in place of a malformed one, so both take the same path. */
const NEVER_ISSUED = "LQS-0000-000000000";

export interface CertificateCheck extends PublicLabelRecord {
  decidedOn: string;
  /** Printed on the certificate anyway. */
  signer: { name: string; title: string };
  accreditation: { body: string; accreditedOn: string; reference: string } | null;
}

/**
 * The certificate a typed number names, or null (malformed, wrong check character, unknown). Whatever was typed,
 * the same lookups run (a malformed number is looked up as a number never issued; the label and its version's
 * accreditation side by side), so a known number, an unknown one and garbage answer in about the same time.
 */
export async function checkCertificate(db: Db, typed: string, origin: string, today = todayIso()): Promise<CertificateCheck | null> {
  const canonical = parseCertificateNumber(typed);
  const number = canonical ?? NEVER_ISSUED;
  const [label, accreditation] = await Promise.all([findLabelByNumber(db, number, today), accreditationOfCertificate(db, number)]);
  if (!canonical || !label) return null;
  return {
    ...publicLabelRecord(label, origin),
    decidedOn: label.decidedOn,
    signer: { name: label.signerName, title: label.signerTitle },
    accreditation,
  };
}

/** The public list (labels valid or expiring today, one per establishment) as public records. */
export async function publicLabelRecords(db: Db, filters: { country: string | null; level: LevelCode | null }, origin: string, today = todayIso()): Promise<PublicLabelRecord[]> {
  return (await listPublicLabels(db, filters, today)).map((label) => publicLabelRecord(label, origin));
}
