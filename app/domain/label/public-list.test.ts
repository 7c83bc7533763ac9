import { describe, expect, it } from "vitest";
import { BOM, decodeCsv } from "#app/domain/registry/csv.ts";
import { parsePublicLabelFilters, PUBLIC_LABEL_CSV_COLUMNS, publicLabelDocument, publicLabelRecord, publicLabelsCsv, type PublicLabelSource } from "./public-list.ts";

const touba: PublicLabelSource = {
  certificateNumber: "LQS-2025-7K3M9Q2X1",
  establishmentName: "Centre hospitalier national Cheikh Ahmadou Khadim",
  establishmentCity: "Touba",
  countryCode: "SN",
  countryName: { fr: "Sénégal", en: "Senegal" },
  level: "silver",
  levelName: { fr: "Argent", en: "Silver" },
  mentionFr: "pour la dynamique engendrée",
  mentionEn: "for the momentum it created",
  referentialCode: "label-qss",
  referentialVersion: "2024",
  validFrom: "2025-12-05",
  validUntil: "2029-12-04",
  status: "valid",
};

describe("the public list's filters", () => {
  it("reads a country code and a level from the URL", () => {
    expect(parsePublicLabelFilters(new URLSearchParams("country=sn&level=gold"))).toEqual({ country: "SN", level: "gold" });
  });

  it("ignores what is not a country code or a level", () => {
    for (const query of ["country=' OR 1=1 --&level=platinum", "country=SEN&level=", "country=%00&level=GOLD", ""]) {
      expect(parsePublicLabelFilters(new URLSearchParams(query))).toEqual({ country: null, level: null });
    }
  });
});

describe("a label's public record", () => {
  it("has the stable fields, an absolute verification address and the mention in both languages", () => {
    expect(publicLabelRecord(touba, "https://label.aphp.fr/")).toEqual({
      certificateNumber: "LQS-2025-7K3M9Q2X1",
      establishment: "Centre hospitalier national Cheikh Ahmadou Khadim",
      city: "Touba",
      countryCode: "SN",
      country: { fr: "Sénégal", en: "Senegal" },
      level: "silver",
      levelName: { fr: "Argent", en: "Silver" },
      mention: { fr: "pour la dynamique engendrée", en: "for the momentum it created" },
      referential: "label-qss 2024",
      validFrom: "2025-12-05",
      validUntil: "2029-12-04",
      status: "valid",
      verifyUrl: "https://label.aphp.fr/verify/LQS-2025-7K3M9Q2X1",
    });
  });

  it("has no mention when the committee gave none, and nothing the public may not read", () => {
    const record = publicLabelRecord({ ...touba, mentionFr: "", mentionEn: "", signerName: "X", levelJustification: "secret" } as PublicLabelSource, "");
    expect(record.mention).toBeNull();
    expect(JSON.stringify(record)).not.toContain("secret");
    expect(record.verifyUrl).toBe("/verify/LQS-2025-7K3M9Q2X1");
  });

  it("makes a list document with its count and time", () => {
    const list = publicLabelDocument([publicLabelRecord(touba, "")], new Date("2026-01-02T03:04:05Z"));
    expect(list).toMatchObject({ generatedAt: "2026-01-02T03:04:05.000Z", count: 1 });
  });
});

describe("the public list as CSV", () => {
  it("has the JSON's fields as columns, the registry export's BOM and separator, and runs no formula", () => {
    const csv = publicLabelsCsv([publicLabelRecord({ ...touba, establishmentName: "=HYPERLINK(\"http://evil\")" }, "https://label.aphp.fr")]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.split("\r\n")[0]).toBe(`${BOM}${PUBLIC_LABEL_CSV_COLUMNS.join(";")}`);
    expect(csv).toContain(";\"'=HYPERLINK(\"\"http://evil\"\")\";");
    const [header, row] = decodeCsv(csv);
    expect(header!.cells).toEqual([...PUBLIC_LABEL_CSV_COLUMNS]);
    expect(row!.cells[1]).toBe("=HYPERLINK(\"http://evil\")");
    expect(row!.cells[PUBLIC_LABEL_CSV_COLUMNS.indexOf("country.en")]).toBe("Senegal");
  });
});
