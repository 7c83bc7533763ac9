// Dates through Intl in a UI language, without React: the server writes e-mails with it (in the recipient's
// language) and the pages' useFormat (app/components/format.ts) builds on it. Server code must not import React:
// `npm start` loads React only with the production server build.

/** The Intl locale of a UI language (dates read 22/11/2026 in both). */
export function intlLocale(language: string): string {
  return language === "en" ? "en-GB" : "fr-FR";
}

/** A calendar date in a language (a due date, a validity: no time zone, the day as stored). */
export function formatDate(language: string, value: Date | string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: "short", timeZone: "UTC" }).format(new Date(value));
}

/**
 * A moment (a rating saved, a message sent) in a language, as the clock reads in a time zone: "22/11/2026 14:05" in
 * French, "22/11/2026, 14:05" in English. The zone is the reader's (app/domain/time-zone.ts).
 */
export function formatDateTime(language: string, value: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: "short", timeStyle: "short", timeZone }).format(new Date(value));
}
