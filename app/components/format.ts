import { useTranslation } from "react-i18next";
import { formatDate, intlLocale } from "#app/domain/format.ts";

/** Dates and numbers through Intl, in the page's language (dates read 22/11/2026 in French, 22/11/2026 in en-GB). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = intlLocale(i18n.language);
  return {
    date: (value: Date | string) => formatDate(i18n.language, value),
    dateTime: (value: Date | string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: "UTC" }).format(new Date(value)) + " UTC",
    number: (value: number, options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options).format(value),
    /** Days from today in words: "dans 45 jours", "demain", "aujourd'hui", "il y a 3 jours" / "in 45 days", "3 days ago". */
    days: (days: number) => new Intl.RelativeTimeFormat(locale, { numeric: "auto" }).format(days, "day"),
    /** A file size in the reader's units: "850 ko" / "2,4 Mo" in French, "850 kB" / "2.4 MB" in English. */
    fileSize: (bytes: number) =>
      bytes >= 1000 * 1000
        ? new Intl.NumberFormat(locale, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 }).format(bytes / (1000 * 1000))
        : new Intl.NumberFormat(locale, { style: "unit", unit: "kilobyte", maximumFractionDigits: bytes < 10_000 ? 1 : 0 }).format(Math.max(bytes, 100) / 1000),
  };
}
