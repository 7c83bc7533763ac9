/**
 * The public side of labels: what anyone may read about a label (no committee, no justification), the filters of
 * the public list as they come in a URL, and the list as open data (JSON and CSV with the same fields and stable
 * names: README "Public label list and verification"). Pure.
 */
import { encodeCsv } from "#app/domain/registry/csv.ts";
import type { Bilingual, LevelCode } from "#app/domain/referential/schema.ts";
import { LEVEL_CODES } from "#app/domain/referential/vocabulary.ts";
import type { LabelStatus } from "./status.ts";

/** The address of a certificate's public check (printed on the certificate as a QR code). */
export function verifyPath(certificateNumber: string): string {
  return `/verify/${certificateNumber}`;
}

/** The filters of the public list from its URL: anything unknown or malformed is ignored (the whole list). */
export function parsePublicLabelFilters(params: URLSearchParams): { country: string | null; level: LevelCode | null } {
  const country = (params.get("country") ?? "").trim().toUpperCase();
  const level = params.get("level") ?? "";
  return {
    country: /^[A-Z]{2}$/.test(country) ? country : null,
    level: (LEVEL_CODES as readonly string[]).includes(level) ? (level as LevelCode) : null,
  };
}

/** What a label the services read carries that the public may see. */
export interface PublicLabelSource {
  certificateNumber: string;
  establishmentName: string;
  establishmentCity: string;
  countryCode: string;
  countryName: Bilingual;
  level: LevelCode;
  levelName: Bilingual;
  mentionFr: string;
  mentionEn: string;
  referentialCode: string;
  referentialVersion: string;
  validFrom: string;
  validUntil: string;
  status: LabelStatus;
}

/** One label of the public list (the JSON's `labels[]`; the CSV's row). Field names are stable: others rely on them. */
export interface PublicLabelRecord {
  certificateNumber: string;
  establishment: string;
  city: string;
  countryCode: string;
  country: Bilingual;
  level: LevelCode;
  levelName: Bilingual;
  mention: Bilingual | null;
  /** "<code> <version>", e.g. "label-qss 2024". */
  referential: string;
  validFrom: string;
  validUntil: string;
  status: LabelStatus;
  verifyUrl: string;
}

/** The public record of a label; `origin` (e.g. https://label.aphp.fr) makes `verifyUrl` absolute. */
export function publicLabelRecord(label: PublicLabelSource, origin: string): PublicLabelRecord {
  return {
    certificateNumber: label.certificateNumber,
    establishment: label.establishmentName,
    city: label.establishmentCity,
    countryCode: label.countryCode,
    country: { fr: label.countryName.fr, en: label.countryName.en },
    level: label.level,
    levelName: { fr: label.levelName.fr, en: label.levelName.en },
    mention: label.mentionFr || label.mentionEn ? { fr: label.mentionFr, en: label.mentionEn } : null,
    referential: `${label.referentialCode} ${label.referentialVersion}`,
    validFrom: label.validFrom,
    validUntil: label.validUntil,
    status: label.status,
    verifyUrl: origin.replace(/\/$/, "") + verifyPath(label.certificateNumber),
  };
}

/** The JSON document of the public list. */
export function publicLabelDocument(records: PublicLabelRecord[], generatedAt: Date) {
  return { generatedAt: generatedAt.toISOString(), count: records.length, labels: records };
}

/** The CSV's columns: the JSON's fields, a bilingual one as two columns (`country.fr`, `country.en`). */
export const PUBLIC_LABEL_CSV_COLUMNS = [
  "certificateNumber",
  "establishment",
  "city",
  "countryCode",
  "country.fr",
  "country.en",
  "level",
  "levelName.fr",
  "levelName.en",
  "mention.fr",
  "mention.en",
  "referential",
  "validFrom",
  "validUntil",
  "status",
  "verifyUrl",
] as const;

/** The public list as CSV, written like the registry's export (BOM, `;`, no cell ever run as a formula). */
export function publicLabelsCsv(records: PublicLabelRecord[]): string {
  return encodeCsv([
    [...PUBLIC_LABEL_CSV_COLUMNS],
    ...records.map((r) => [
      r.certificateNumber,
      r.establishment,
      r.city,
      r.countryCode,
      r.country.fr,
      r.country.en,
      r.level,
      r.levelName.fr,
      r.levelName.en,
      r.mention?.fr ?? "",
      r.mention?.en ?? "",
      r.referential,
      r.validFrom,
      r.validUntil,
      r.status,
      r.verifyUrl,
    ]),
  ]);
}
