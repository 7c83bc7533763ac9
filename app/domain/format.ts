// Dates through Intl in a UI language, without React: the server writes e-mails with it (in the recipient's
// language) and the pages' useFormat (app/components/format.ts) builds on it. Server code must not import React:
// `npm start` loads React only with the production server build.

/** The Intl locale of a UI language (dates read 22/11/2026 in both). */
export function intlLocale(language: string): string {
  return language === "en" ? "en-GB" : "fr-FR";
}

// Building an Intl formatter costs about a hundred times a format call: a page of 136 rows formats hundreds of numbers
// and dates, so each formatter is built once per locale and options, then kept.
const KEPT_FORMATTERS = 500;
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function kept<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, build: () => F): F {
  let formatter = formatters.get(key) as F | undefined;
  if (!formatter) {
    // Locales and options are the app's own and zones canonical (readerTimeZone): a few dozen in use. A bound all the
    // same, so that nothing a request says can make it grow.
    if (formatters.size >= KEPT_FORMATTERS) formatters.clear();
    formatters.set(key, (formatter = build()));
  }
  return formatter;
}

/** Intl.NumberFormat for a locale and options, built once. */
export const numberFormat = (locale: string, options?: Intl.NumberFormatOptions) =>
  kept(`n|${locale}|${options ? JSON.stringify(options) : ""}`, () => new Intl.NumberFormat(locale, options));

/** Intl.DateTimeFormat for a locale and options, built once. */
export const dateTimeFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  kept(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

/** Intl.RelativeTimeFormat for a locale and options, built once. */
export const relativeTimeFormat = (locale: string, options: Intl.RelativeTimeFormatOptions) =>
  kept(`r|${locale}|${JSON.stringify(options)}`, () => new Intl.RelativeTimeFormat(locale, options));

/** A calendar date in a language (a due date, a validity: no time zone, the day as stored). */
export function formatDate(language: string, value: Date | string): string {
  return dateTimeFormat(intlLocale(language), { dateStyle: "short", timeZone: "UTC" }).format(new Date(value));
}

/**
 * A moment (a rating saved, a message sent) in a language, as the clock reads in a time zone: "22/11/2026 14:05" in
 * French, "22/11/2026, 14:05" in English. The zone is the reader's (app/domain/time-zone.ts).
 */
export function formatDateTime(language: string, value: Date | string, timeZone: string): string {
  return dateTimeFormat(intlLocale(language), { dateStyle: "short", timeStyle: "short", timeZone }).format(new Date(value));
}
