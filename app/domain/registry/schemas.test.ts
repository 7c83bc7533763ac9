import { describe, expect, it } from "vitest";
import { agreementSchema, establishmentSchema, projectSchema } from "./schemas.ts";

const countryCodes = new Set(["SN", "TG"]);
const site = "00000000-0000-4000-8000-00000000000a";
const est = "00000000-0000-4000-8000-00000000000b";
const valid = { titleFr: "Projet", titleEn: "Project", theme: "paediatrics", status: "active", siteIds: [site], establishmentIds: [est] };
const messages = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));

describe("project form rules", () => {
  it("accepts a valid project, with a single id given as a string", () => {
    expect(projectSchema({ countryCodes }).safeParse({ ...valid, siteIds: site }).success).toBe(true);
  });
  it("refuses an end year before the start year, a negative amount, an unknown country", () => {
    const r = projectSchema({ countryCodes }).safeParse({
      ...valid,
      startYear: 2020,
      endYear: 2019,
      fundings: [{ source: "dgos_migac", amountEur: -1 }],
      partnerCountryCode: "XX",
    });
    expect(messages(r)).toEqual({ endYear: "end_before_start", "fundings.0.amountEur": "amount_negative", partnerCountryCode: "country_unknown" });
  });
  it("needs an establishment, or a partner institution and its country; and an AP-HP site", () => {
    const r = projectSchema({ countryCodes }).safeParse({ ...valid, establishmentIds: [], partnerInstitution: "Ministère", siteIds: [] });
    expect(messages(r)).toEqual({ establishmentIds: "partner_required", siteIds: "site_required" });
    expect(projectSchema({ countryCodes }).safeParse({ ...valid, establishmentIds: [], partnerInstitution: "Ministère", partnerCountryCode: "sn" }).success).toBe(true);
  });
  it("drops empty funding rows and requires a source on a filled one", () => {
    const ok = projectSchema().parse({ ...valid, fundings: [{}, { source: "embassy", year: 2020 }, { call: "" }] });
    expect(ok.fundings).toEqual([{ source: "embassy", year: 2020 }]);
    expect(messages(projectSchema().safeParse({ ...valid, fundings: [{ call: "PRPH4" }] }))).toEqual({ "fundings.0.source": "funding_source_required" });
  });
});

describe("establishment and agreement rules", () => {
  it("checks country, beds and website", () => {
    const r = establishmentSchema({ countryCodes }).safeParse({ name: "CHU", shortName: "CHU", city: "Lomé", countryCode: "ZZ", beds: -3, website: "javascript:alert(1)" });
    expect(messages(r)).toEqual({ countryCode: "country_unknown", beds: "beds_invalid", website: "website_invalid" });
  });
  it("allows a year alone for the signature date, and checks real dates", () => {
    const base = { partnerInstitution: "Ministère", countryCode: "SN", status: "active" };
    expect(agreementSchema({ countryCodes }).parse({ ...base, signedOn: "2017", renewedOn: "2020-05, 2023" }).renewedOn).toEqual(["2020-05", "2023"]);
    expect(messages(agreementSchema({ countryCodes }).safeParse({ ...base, signedOn: "2017-02-30" }))).toEqual({ signedOn: "partial_date_invalid" });
    expect(messages(agreementSchema({ countryCodes }).safeParse({ status: "active" }))).toEqual({ establishmentId: "partner_required", countryCode: "required" });
  });
});
