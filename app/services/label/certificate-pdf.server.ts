// Placeholder until the label-domain branch lands (same interface).
import type { LevelCode } from "#app/domain/referential/schema.ts";
export interface CertificateView {
  certificateNumber: string;
  establishment: { name: string; city: string; country: { fr: string; en: string } };
  level: LevelCode;
  levelName: { fr: string; en: string };
  mention: { fr: string; en: string } | null;
  referential: { code: string; version: string; accreditation: { body: string; accreditedOn: string; reference: string } | null };
  decidedOn: string;
  validFrom: string;
  validUntil: string;
  signer: { name: string; title: string };
  verifyUrl: string;
}
export async function renderCertificatePdf(view: CertificateView): Promise<Buffer> {
  return Buffer.from(JSON.stringify(view));
}
