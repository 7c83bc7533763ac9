// The registry's form schemas, shared by the browser (instant hints), the server (the truth) and the CSV import.
// Messages are translation keys under `validation.` (common.json).
import type { TextOptions } from "#app/domain/text.ts";
import { checkboxField, text, z } from "#app/forms/validation.ts";
import {
  AGREEMENT_STATUSES,
  COOPERATION_STATUSES,
  ESTABLISHMENT_KINDS,
  FUNDING_SOURCES,
  MAX_FUNDINGS,
  MAX_YEAR,
  MIN_YEAR,
  SITE_KINDS,
  THEMES,
} from "./codes.ts";

export interface SchemaOptions {
  /** Known ISO codes (server side); the browser only checks the format, its list comes from the server anyway. */
  countryCodes?: ReadonlySet<string>;
}

const optionalText = (max: number, options?: TextOptions) => text(max, options).optional();

export const yearField = z
  .number({ error: "year_invalid" })
  .int({ error: "year_invalid" })
  .min(MIN_YEAR, { error: "year_invalid" })
  .max(MAX_YEAR, { error: "year_invalid" });

export function countryField(options: SchemaOptions) {
  return z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, { error: "country_unknown" })
    .refine((code) => !options.countryCodes || options.countryCodes.has(code), { error: "country_unknown" });
}

/** "2017", "2017-05" or "2017-05-12": a year alone where that is all the source says. */
export const partialDateField = z
  .string()
  .trim()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, { error: "partial_date_invalid" })
  .refine((value) => {
    const [y, m, d] = value.split("-").map(Number);
    if (y! < MIN_YEAR || y! > MAX_YEAR) return false;
    if (m !== undefined && (m < 1 || m > 12)) return false;
    if (d !== undefined) {
      const date = new Date(Date.UTC(y!, m! - 1, d));
      return date.getUTCMonth() === m! - 1 && date.getUTCDate() === d;
    }
    return true;
  }, { error: "partial_date_invalid" });

export const fundingSchema = z.object({
  source: z.enum(FUNDING_SOURCES, { error: "funding_source_required" }),
  call: optionalText(200),
  year: yearField.optional(),
  amountEur: z
    .number({ error: "amount_invalid" })
    .int({ error: "amount_invalid" })
    .min(0, { error: "amount_negative" })
    .max(1_000_000_000, { error: "amount_invalid" })
    .optional(),
});

const uuidList = (error: string) =>
  z.preprocess((v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(z.uuid({ error }), { error }));

export function projectSchema(options: SchemaOptions = {}) {
  return z
    .object({
      titleFr: text(300).min(1),
      titleEn: text(300).min(1),
      summary: optionalText(5000, { multiline: true }),
      theme: z.enum(THEMES),
      status: z.enum(COOPERATION_STATUSES),
      startYear: yearField.optional(),
      endYear: yearField.optional(),
      establishmentIds: uuidList("establishment_unknown").pipe(z.array(z.uuid()).max(30)),
      partnerInstitution: optionalText(300),
      partnerCountryCode: countryField(options).optional(),
      partnerNotNamed: checkboxField,
      siteIds: uuidList("site_required").pipe(z.array(z.uuid()).min(1, { error: "site_required" }).max(30)),
      apHpLead: optionalText(200),
      partnerContact: optionalText(300),
      // Empty funding rows of the form are dropped; a row with anything in it must name its source.
      fundings: z
        .preprocess(
          (v) => (Array.isArray(v) ? v.filter((row) => row && Object.values(row).some((x) => x !== undefined && x !== "")) : []),
          z.array(fundingSchema),
        )
        .pipe(z.array(fundingSchema).max(MAX_FUNDINGS, { error: "too_many_fundings" })),
      sources: optionalText(1000),
      notes: optionalText(5000, { multiline: true }),
    })
    .superRefine((v, ctx) => {
      if (v.startYear !== undefined && v.endYear !== undefined && v.endYear < v.startYear) {
        ctx.addIssue({ code: "custom", path: ["endYear"], message: "end_before_start" });
      }
      if (v.establishmentIds.length === 0 && !(v.partnerInstitution && v.partnerCountryCode)) {
        ctx.addIssue({ code: "custom", path: ["establishmentIds"], message: "partner_required" });
      }
    });
}
export type ProjectInput = z.infer<ReturnType<typeof projectSchema>>;

export function establishmentSchema(options: SchemaOptions = {}) {
  return z.object({
    name: text(300).min(1),
    shortName: text(100).min(1),
    countryCode: countryField(options),
    city: text(200).min(1),
    kind: z.enum(ESTABLISHMENT_KINDS).optional(),
    beds: z.number({ error: "beds_invalid" }).int({ error: "beds_invalid" }).min(1, { error: "beds_invalid" }).max(100_000, { error: "beds_invalid" }).optional(),
    website: z
      .url({ protocol: /^https?$/, error: "website_invalid" })
      .max(500)
      .optional(),
    notes: optionalText(5000, { multiline: true }),
  });
}
export type EstablishmentInput = z.infer<ReturnType<typeof establishmentSchema>>;

/** An AP-HP hospital, hospital group or the headquarters, as the registry names it. */
export function siteSchema() {
  return z.object({
    name: text(300).min(1),
    shortName: text(100).min(1),
    kind: z.enum(SITE_KINDS),
    city: optionalText(200),
    notes: optionalText(5000, { multiline: true }),
  });
}
export type SiteInput = z.infer<ReturnType<typeof siteSchema>>;

export function agreementSchema(options: SchemaOptions = {}) {
  return z
    .object({
      establishmentId: z.uuid({ error: "establishment_unknown" }).optional(),
      partnerInstitution: optionalText(300),
      countryCode: countryField(options).optional(),
      signedOn: partialDateField.optional(),
      /** Renewal dates, separated by commas or spaces. */
      renewedOn: z
        .string()
        .optional()
        .transform((v) => (v ?? "").split(/[\s,;]+/).filter(Boolean))
        .pipe(z.array(partialDateField).max(20)),
      expiresOn: partialDateField.optional(),
      status: z.enum(AGREEMENT_STATUSES),
      notes: optionalText(5000, { multiline: true }),
    })
    .superRefine((v, ctx) => {
      if (!v.establishmentId && !v.partnerInstitution) {
        ctx.addIssue({ code: "custom", path: ["establishmentId"], message: "partner_required" });
      }
      if (!v.establishmentId && !v.countryCode) ctx.addIssue({ code: "custom", path: ["countryCode"], message: "required" });
    });
}
export type AgreementInput = z.infer<ReturnType<typeof agreementSchema>>;

export const mergeSchema = z.object({
  duplicateId: z.uuid({ error: "required" }),
  confirm: checkboxField.refine((v) => v, { error: "confirm_required" }),
});
