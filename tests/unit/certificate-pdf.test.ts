// The certificate as its readers get it: the text a PDF reader copies, one A4 landscape page, the same bytes for
// the same certificate, and a QR code a phone reads back to the verification page.
import { describe, expect, it } from "vitest";
import { renderCertificatePdf, type CertificateView } from "#app/services/label/certificate-pdf.server.ts";
import { bingervilleCertificate } from "#tests/support/certificate-fixtures.ts";
import { pdfText, poppler, qrCodeOf } from "#tests/support/pdf-text.ts";

function pageCountAndSize(pdf: Uint8Array): { pages: number; width: number; height: number } {
  const info = poppler(pdf, (file) => ["pdfinfo", file]).stdout;
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)![1]), width: Number(size[1]), height: Number(size[2]) };
}

/** The box holding every word of the page, in points from the top left (a footer too long runs off the frame). */
function textBox(pdf: Uint8Array): { left: number; top: number; right: number; bottom: number } {
  const words = [...poppler(pdf, (file) => ["pdftotext", "-bbox", file, "-"]).stdout.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"/g)].map((m) => m.slice(1).map(Number));
  return {
    left: Math.min(...words.map((w) => w[0]!)),
    top: Math.min(...words.map((w) => w[1]!)),
    right: Math.max(...words.map((w) => w[2]!)),
    bottom: Math.max(...words.map((w) => w[3]!)),
  };
}

/** Inside the frame drawn 30 pt from the edges of the landscape page. */
const INSIDE_FRAME = { left: 30, top: 30, right: 841.89 - 30, bottom: 595.28 - 30 };

describe("the certificate", () => {
  it("says in both languages who holds which label, until when, under which number", async () => {
    const text = pdfText(await renderCertificatePdf(bingervilleCertificate));
    for (const words of [
      "Label qualité et sécurité des soins AP-HP à l'international",
      "AP-HP International Quality and Safety of Care Label",
      "Hôpital Mère-Enfant de Bingerville",
      "Bingerville, Côte d'Ivoire",
      "Label Argent",
      "Silver Label",
      "avec la mention spéciale « pour la dynamique engendrée »",
      "with the special mention “for the dynamic it created”",
      "Référentiel 2024, accrédité par ISQua (2025)",
      "Standards manual 2024, accredited by ISQua (2025)",
      "Décision du comité de labellisation du 20/11/2025",
      "Valable du 05/12/2025 au 04/12/2029",
      "Labelling committee decision of 20 November 2025",
      "Valid from 5 December 2025 to 4 December 2029",
      "LQS-2025-7K3M9Q2X1",
      "Prénom Nom",
      "Directeur des relations internationales de l'AP-HP",
    ]) {
      expect(text).toContain(words);
    }
    // The address may wrap after a slash.
    expect(text.replaceAll("/ ", "/")).toContain("https://label.example.org/certificates/LQS-2025-7K3M9Q2X1");
    // French first.
    expect(text.indexOf("Label Argent")).toBeLessThan(text.indexOf("Silver Label"));
    expect(text.indexOf("Valable du")).toBeLessThan(text.indexOf("Valid from"));
  });

  it("is one A4 landscape page, with a long name, both place names, a reference and no mention as well", async () => {
    const page = pageCountAndSize(await renderCertificatePdf(bingervilleCertificate));
    expect(page).toEqual({ pages: 1, width: 841.89, height: 595.28 });
    expect(page.width).toBeGreaterThan(page.height);
    const long: CertificateView = {
      ...bingervilleCertificate,
      establishment: { name: "Centre Hospitalier Universitaire National de Référence Mère-Enfant Professeur Jean-Baptiste Ouédraogo de la Région des Grands Lacs et du Littoral", city: "Yamoussoukro", country: { fr: "Côte d'Ivoire", en: "Ivory Coast" } },
      level: "gold",
      levelName: { fr: "Or", en: "Gold" },
      mention: { fr: "pour la dynamique engendrée dans tout le réseau des hôpitaux de la région et la qualité de son plan d'actions", en: "for the dynamic it created across the region's hospital network and the quality of its improvement plan" },
      referential: { code: "label-qss", version: "2024", accreditation: { body: "International Society for Quality in Health Care (ISQua EEA)", accreditedOn: "2025-06-30", reference: "ISQua-EEA-2025-00123" } },
      signer: { name: "Prénom Nom-Composé de la Directrice", title: "Directrice des relations internationales de l'Assistance Publique – Hôpitaux de Paris, par délégation du directeur général" },
      verifyUrl: "https://label.example.org/certificates/LQS-2025-7K3M9Q2X1?lang=fr&from=qr-code-on-the-printed-certificate",
    };
    const pdf = await renderCertificatePdf(long);
    expect(pageCountAndSize(pdf).pages).toBe(1);
    const box = textBox(pdf);
    expect(box.left).toBeGreaterThan(INSIDE_FRAME.left);
    expect(box.top).toBeGreaterThan(INSIDE_FRAME.top);
    expect(box.right).toBeLessThan(INSIDE_FRAME.right);
    expect(box.bottom).toBeLessThan(INSIDE_FRAME.bottom);
    const text = pdfText(pdf);
    expect(text).toContain("Yamoussoukro, Côte d'Ivoire Yamoussoukro, Ivory Coast");
    expect(text).toContain("Label Or / Gold Label");
    expect(text).toContain("réf. ISQua-EEA-2025-00123");
    const plain = pdfText(await renderCertificatePdf({ ...bingervilleCertificate, mention: null, referential: { ...bingervilleCertificate.referential, accreditation: null } }));
    expect(plain).not.toContain("mention");
    expect(plain).toContain("Référentiel 2024 Standards manual 2024");
  });

  it("gives the same bytes for the same certificate, and other bytes for another", async () => {
    const first = await renderCertificatePdf(bingervilleCertificate);
    const second = await renderCertificatePdf(structuredClone(bingervilleCertificate));
    expect(Buffer.compare(first, second)).toBe(0);
    const other = await renderCertificatePdf({ ...bingervilleCertificate, decidedOn: "2025-11-21" });
    expect(Buffer.compare(first, other)).not.toBe(0);
  });

  it("carries a QR code that reads back as the verification address", async () => {
    expect(qrCodeOf(await renderCertificatePdf(bingervilleCertificate))).toBe(bingervilleCertificate.verifyUrl);
  });
});
