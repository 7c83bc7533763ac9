// The label's certificate: one A4 landscape page, French first then English on the same page (UX.md: the one
// generated document that does not follow the reader's language), for the ceremony and the hospital's wall.
// Its words are fixed here, not in the locale files: both languages are always printed.
//
// The same certificate always gives the same bytes: the document info is fixed (creation date = the decision's
// date), and pdfkit derives the file ID from that info, so nothing in the file depends on when it was rendered.
import { createHash } from "node:crypto";
import type { Content, TDocumentDefinitions } from "pdfmake/interfaces";
import { formatDate } from "#app/domain/format.ts";
import type { LevelCode } from "#app/domain/referential/schema.ts";
import { PDF_COLOURS, renderPdf, wrappable } from "#app/services/platform/pdfmake.server.ts";

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

/** Bump when the layout changes, so browsers holding an older copy (ETag) fetch the new one. */
const LAYOUT_VERSION = 1;

/** The ETag of a certificate, known before rendering it: the same view gives the same bytes (see above). */
export function certificateEtag(view: CertificateView): string {
  return `"${createHash("sha256").update(JSON.stringify([view, LAYOUT_VERSION])).digest("hex").slice(0, 32)}"`;
}

const { blue: BLUE, blueDark: BLUE_DARK, muted: MUTED } = PDF_COLOURS;
const TEXT_COLOUR = "#1f2328";
/** The number's and the QR code's columns, equal so that the signer's stands in the middle of the page. */
const SIDE_COLUMN = 220;
/**
 * pdfmake draws QR modules a whole number of points wide (the fit divided by the modules, rounded down): 84 pt keeps
 * them 2 pt wide up to version 6, about 100 characters of address.
 */
const QR_FIT = 84;

const TEXT = {
  issuer: {
    fr: "Assistance Publique – Hôpitaux de Paris · Direction des relations internationales",
    en: "Assistance Publique – Hôpitaux de Paris · International Relations Department",
  },
  title: { fr: "Label qualité et sécurité des soins AP-HP à l'international", en: "AP-HP International Quality and Safety of Care Label" },
  awardedTo: { fr: "est décerné à", en: "is awarded to" },
  level: { fr: (name: string) => `Label ${name}`, en: (name: string) => `${name} Label` },
  mention: { fr: (text: string) => `avec la mention spéciale «\u00a0${text}\u00a0»`, en: (text: string) => `with the special mention “${text}”` },
  referential: { fr: (version: string) => `Référentiel ${version}`, en: (version: string) => `Standards manual ${version}` },
  accredited: {
    fr: (body: string, year: string) => `, accrédité par ${body} (${year})`,
    en: (body: string, year: string) => `, accredited by ${body} (${year})`,
  },
  reference: { fr: "réf.", en: "ref." },
  decision: { fr: (date: string) => `Décision du comité de labellisation du ${date}`, en: (date: string) => `Labelling committee decision of ${date}` },
  validity: { fr: (from: string, until: string) => `Valable du ${from} au ${until}`, en: (from: string, until: string) => `Valid from ${from} to ${until}` },
  number: { fr: "Certificat n°", en: "Certificate no." },
  signedFor: { fr: "Pour l'AP-HP", en: "For AP-HP" },
  verify: { fr: "Vérifier ce certificat", en: "Verify this certificate" },
};

/** English dates in words on the English lines ("5 December 2025"); the French ones read 05/12/2025. */
const englishDate = (isoDate: string) => new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" }).format(new Date(isoDate));
const frenchDate = (isoDate: string) => formatDate("fr", isoDate);

/** Long hospital names get a smaller size, so that the certificate always holds on its one page. */
function nameSize(name: string): number {
  return name.length <= 50 ? 28 : name.length <= 90 ? 22 : 17;
}

/** A long address wraps after a slash of its path rather than in the middle of the certificate number. */
function breakableUrl(url: string): string {
  return wrappable(url.replace(/(?<=[^/:])\/(?=[^/])/g, "/\u200b"));
}

/** Two lines: the French one, then the English one, smaller and in italics. */
function bilingual(fr: string, en: string, size: number, extra: { color?: string; bold?: boolean; margin?: [number, number, number, number] } = {}): Content {
  return {
    stack: [
      { text: fr, fontSize: size, bold: extra.bold, color: extra.color },
      { text: en, fontSize: size * 0.85, italics: true, color: extra.color ?? MUTED },
    ],
    margin: extra.margin ?? [0, 0, 0, 8],
  };
}

/** The double frame in the deep blue, with a line in the level's colour inside it. */
function frame(levelColour: string) {
  return (_page: number, size: { width: number; height: number }): Content => ({
    canvas: [
      { type: "rect", x: 18, y: 18, w: size.width - 36, h: size.height - 36, lineWidth: 3, lineColor: BLUE_DARK },
      { type: "rect", x: 25, y: 25, w: size.width - 50, h: size.height - 50, lineWidth: 0.8, lineColor: BLUE },
      { type: "rect", x: 30, y: 30, w: size.width - 60, h: size.height - 60, lineWidth: 0.5, lineColor: levelColour },
    ],
  });
}

export function certificateDocument(view: CertificateView): TDocumentDefinitions {
  const { establishment, levelName, mention, referential, signer } = view;
  const levelColour = PDF_COLOURS.level[view.level] ?? BLUE_DARK;
  const accreditation = referential.accreditation;
  const referentialLine = (lang: "fr" | "en") =>
    TEXT.referential[lang](referential.version) +
    (accreditation
      ? TEXT.accredited[lang](accreditation.body, accreditation.accreditedOn.slice(0, 4)) +
        (accreditation.reference.trim() ? ` — ${TEXT.reference[lang]} ${accreditation.reference}` : "")
      : "");
  const place = { fr: `${establishment.city}, ${establishment.country.fr}`, en: `${establishment.city}, ${establishment.country.en}` };

  const content: Content[] = [
    { text: TEXT.issuer.fr, fontSize: 8.5, color: MUTED, margin: [0, 0, 0, 1] },
    { text: TEXT.issuer.en, fontSize: 8.5, italics: true, color: MUTED, margin: [0, 0, 0, 22] },
    bilingual(TEXT.title.fr, TEXT.title.en, 21, { bold: true, color: BLUE_DARK, margin: [0, 0, 0, 20] }),
    { text: `${TEXT.awardedTo.fr} · ${TEXT.awardedTo.en}`, fontSize: 10, color: MUTED, margin: [0, 0, 0, 6] },
    { text: wrappable(establishment.name), fontSize: nameSize(establishment.name), bold: true, color: BLUE_DARK, margin: [0, 0, 0, 6] },
    place.fr === place.en
      ? { text: place.fr, fontSize: 13, margin: [0, 0, 0, 20] }
      : bilingual(place.fr, place.en, 13, { color: TEXT_COLOUR, margin: [0, 0, 0, 20] }),
    {
      text: [
        { text: TEXT.level.fr(levelName.fr), bold: true },
        { text: "  /  ", color: MUTED },
        { text: TEXT.level.en(levelName.en), bold: true, italics: true },
      ],
      fontSize: 25,
      color: levelColour,
      margin: [0, 0, 0, 4],
    },
    // Centred like the text: the line's own width is all pdfmake centres.
    { canvas: [{ type: "line", x1: 0, y1: 0, x2: 180, y2: 0, lineWidth: 2, lineColor: levelColour }], margin: [0, 0, 0, 12] },
    ...(mention ? [bilingual(TEXT.mention.fr(mention.fr), TEXT.mention.en(mention.en), 12.5, { color: TEXT_COLOUR, margin: [0, 0, 0, 16] })] : []),
    bilingual(referentialLine("fr"), referentialLine("en"), 10, { color: TEXT_COLOUR, margin: [0, 0, 0, 8] }),
    bilingual(
      `${TEXT.decision.fr(frenchDate(view.decidedOn))} · ${TEXT.validity.fr(frenchDate(view.validFrom), frenchDate(view.validUntil))}`,
      `${TEXT.decision.en(englishDate(view.decidedOn))} · ${TEXT.validity.en(englishDate(view.validFrom), englishDate(view.validUntil))}`,
      10,
      { color: TEXT_COLOUR, margin: [0, 0, 0, 0] },
    ),
  ];

  // The number, the signer and the QR code sit in the bottom margin, at the same place whatever the text above.
  const footer: Content = {
    margin: [60, 12, 60, 0],
    columns: [
      {
        width: SIDE_COLUMN,
        alignment: "left",
        stack: [
          { text: `${TEXT.number.fr} · ${TEXT.number.en}`, fontSize: 8, color: MUTED },
          { text: view.certificateNumber, fontSize: 13, bold: true, color: BLUE_DARK, characterSpacing: 0.6 },
        ],
      },
      {
        width: "*",
        alignment: "center",
        stack: [
          { text: `${TEXT.signedFor.fr} · ${TEXT.signedFor.en}`, fontSize: 8, color: MUTED },
          { text: wrappable(signer.name), fontSize: 11, bold: true, color: BLUE_DARK },
          { text: wrappable(signer.title), fontSize: 9 },
        ],
      },
      {
        width: SIDE_COLUMN,
        columns: [
          {
            width: "*",
            alignment: "right",
            stack: [
              { text: TEXT.verify.fr, fontSize: 8, color: MUTED },
              { text: TEXT.verify.en, fontSize: 8, italics: true, color: MUTED, margin: [0, 0, 0, 2] },
              { text: breakableUrl(view.verifyUrl), fontSize: 7, color: BLUE },
            ],
            margin: [0, 8, 8, 0],
          },
          { width: QR_FIT, qr: view.verifyUrl, fit: QR_FIT, eccLevel: "M", foreground: BLUE_DARK },
        ],
      },
    ],
  };

  return {
    pageSize: "A4",
    pageOrientation: "landscape",
    pageMargins: [60, 48, 60, 120],
    background: frame(levelColour),
    footer,
    content,
    defaultStyle: { font: "Roboto", fontSize: 10, lineHeight: 1.15, alignment: "center" },
    language: "fr",
    info: {
      title: `${TEXT.title.fr} — ${establishment.name}`,
      subject: `${TEXT.number.fr} ${view.certificateNumber}`,
      author: "AP-HP — DRI",
      creator: "Label",
      creationDate: new Date(`${view.decidedOn}T00:00:00Z`),
    },
  };
}

/** The certificate's bytes: the same view always gives the same bytes. */
export function renderCertificatePdf(view: CertificateView): Promise<Buffer> {
  return renderPdf(certificateDocument(view));
}
