import { useTranslation } from "#app/components/translation.tsx";
import { useRouteLoaderData } from "react-router";
import { formatDate, formatDateTime, intlLocale, numberFormat, relativeTimeFormat } from "#app/domain/format.ts";
import { DEFAULT_TIME_ZONE } from "#app/domain/time-zone.ts";

/**
 * The reader's time zone, as the root loader found it (browser, else establishment's country, else Paris): the server
 * and the browser format a moment with the same zone, so hydration sees the same text.
 */
export function useTimeZone(): string {
  const root = useRouteLoaderData("root") as { timeZone?: string } | undefined;
  return root?.timeZone ?? DEFAULT_TIME_ZONE;
}

/** Dates and numbers through Intl, in the page's language (dates read 22/11/2026 in French, 22/11/2026 in en-GB). */
export function useFormat() {
  const { i18n } = useTranslation();
  const timeZone = useTimeZone();
  const locale = intlLocale(i18n.language);
  return {
    /** A calendar date (due date, validity): the day as stored, whatever the zone. */
    date: (value: Date | string) => formatDate(i18n.language, value),
    /** A moment (saved, sent, decided at), on the reader's clock. */
    dateTime: (value: Date | string) => formatDateTime(i18n.language, value, timeZone),
    number: (value: number, options?: Intl.NumberFormatOptions) => numberFormat(locale, options).format(value),
    /** Days from today in words: "dans 45 jours", "demain", "aujourd'hui", "il y a 3 jours" / "in 45 days", "3 days ago". */
    days: (days: number) => relativeTimeFormat(locale, { numeric: "auto" }).format(days, "day"),
    /** A file size in the reader's units: "850 ko" / "2,4 Mo" in French, "850 kB" / "2.4 MB" in English. */
    fileSize: (bytes: number) =>
      bytes >= 1000 * 1000
        ? numberFormat(locale, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 }).format(bytes / (1000 * 1000))
        : numberFormat(locale, { style: "unit", unit: "kilobyte", maximumFractionDigits: bytes < 10_000 ? 1 : 0 }).format(Math.max(bytes, 100) / 1000),
  };
}
