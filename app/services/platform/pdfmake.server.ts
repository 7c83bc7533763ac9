// The app's own pdfmake instance, shared by every generated PDF (referential versions, self-assessment reports).
//
// pdfmake runs on the server only, with the Roboto fonts its package ships. It gets its own instance (same class as
// the package's singleton) so that its fonts and access policies cannot be changed by, or change, other code:
// no URL is ever fetched, and the only local files it may read are the four font files. Documents carry no URL.
// Callers load their data first: no database work happens while rendering (never inside a transaction).
import { createRequire } from "node:module";
import type { Content, TableCell, TDocumentDefinitions } from "pdfmake/interfaces";
import type { Language } from "#app/domain/language.ts";
import { dateTimeFormat, numberFormat } from "#app/domain/format.ts";

type PdfMake = typeof import("pdfmake");

const require = createRequire(import.meta.url);
let instance: PdfMake | null = null;

/** A pdfmake of our own, configured once: Roboto from the package, no URL access, local access to the fonts only. */
function pdfmake(): PdfMake {
  if (instance) return instance;
  const shared = require("pdfmake") as PdfMake & { constructor: new () => PdfMake };
  const own = new shared.constructor();
  const font = (file: string) => require.resolve(`pdfmake/fonts/Roboto/${file}`);
  const files = {
    normal: font("Roboto-Regular.ttf"),
    bold: font("Roboto-Medium.ttf"),
    italics: font("Roboto-Italic.ttf"),
    bolditalics: font("Roboto-MediumItalic.ttf"),
  };
  own.setFonts({ Roboto: files });
  own.setUrlAccessPolicy(() => false);
  const allowed = new Set(Object.values(files));
  own.setLocalAccessPolicy((path) => allowed.has(path));
  instance = own;
  return own;
}

/** Renders a document to bytes. */
export async function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  return pdfmake().createPdf(definition).getBuffer();
}

/** The colours every generated document uses (UX.md: one deep blue; fixed level colours). */
export const PDF_COLOURS = {
  blue: "#0b3b75",
  blueDark: "#072a55",
  muted: "#545b64",
  warning: "#7a4d00",
  tier: { critical: "#a4161a", core: "#0b3b75", advanced: "#7a4d00" },
  level: { bronze: "#8C5A1E", silver: "#5F6B6D", gold: "#8A6A00" } as Record<string, string>,
} as const;

/**
 * What every generated document shares: A4, margins, the footer (a label on the left, "page n of m" on the
 * right), the body font and the heading styles. Documents add their own styles.
 */
export function pageFrame(footerLabel: string, pageLabel: (current: number, count: number) => string) {
  const { muted, blue, blueDark } = PDF_COLOURS;
  return {
    pageSize: "A4",
    pageMargins: [56, 56, 56, 56],
    footer: (currentPage: number, pageCount: number) => ({
      columns: [
        { text: footerLabel, alignment: "left" },
        { text: pageLabel(currentPage, pageCount), alignment: "right", width: 90 },
      ],
      margin: [56, 20, 56, 0],
      fontSize: 8,
      color: muted,
    }),
    defaultStyle: { font: "Roboto", fontSize: 9.5, lineHeight: 1.2 },
    styles: {
      kicker: { fontSize: 9, color: muted, margin: [0, 0, 0, 6] },
      title: { fontSize: 20, bold: true, color: blueDark, margin: [0, 0, 0, 8] },
      subtitle: { fontSize: 15, bold: true, color: blue, margin: [0, 0, 0, 8] },
      h1: { fontSize: 15, bold: true, color: blueDark, margin: [0, 0, 0, 8] },
      small: { fontSize: 8.8 },
    },
  } satisfies Partial<TDocumentDefinitions>;
}

/** The fill of a table's header row. */
export const HEADER_FILL = "#f5f7fa";

/**
 * Long unbroken strings (pasted links, file names) would run off the page: pdfmake only wraps at spaces, so a
 * zero-width space is slipped into any word longer than 40 characters.
 */
export function wrappable(text: string): string {
  return text.replace(/\S{41,}/g, (word) => word.replace(/(.{40})/gu, "$1\u200b"));
}

/**
 * What a document writes in the reader's language: dates (calendar days as stored; a moment in UTC, said so: a document
 * travels beyond its reader's clock), numbers, a percentage ("62,5 %", "—" when null), a "label: value" line and a
 * table header cell. `colon` is the language's ("reports:colon").
 */
export function documentWriting(lang: Language, colon: string) {
  const locale = lang === "en" ? "en-GB" : "fr-FR";
  const number = (value: number, options?: Intl.NumberFormatOptions) => numberFormat(locale, options).format(value);
  return {
    locale,
    number,
    date: (value: Date | string) => dateTimeFormat(locale, { dateStyle: "short", timeZone: "UTC" }).format(new Date(value)),
    dateTime: (value: Date) => `${dateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: "UTC" }).format(value)} UTC`,
    percent: (value: number | null) => (value === null ? "—" : `${number(value, { maximumFractionDigits: 1 })} %`),
    labelled: (label: string, value: string): Content => ({ text: [{ text: `${label}${colon}`, bold: true }, value], margin: [0, 2, 0, 2] }),
    th: (text: string): TableCell => ({ text, bold: true, fillColor: HEADER_FILL }),
  };
}
