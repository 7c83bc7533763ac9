// The time zone pages write date-times in (a saved rating, a sent message): the reader's browser's, which the browser
// tells in the `tz` cookie; else the zone of the reader's establishment's country; else Paris (the DRI and the
// auditors). Calendar dates (due dates, validity) have no time zone and are not concerned.

/** The DRI's, the auditors', and anyone's whose zone is not known. */
export const DEFAULT_TIME_ZONE = "Europe/Paris";

/**
 * The IANA zone of each country the registry holds (where a country spans several, its capital's), and of the
 * francophone countries likely to apply.
 */
export const COUNTRY_TIME_ZONES: Readonly<Record<string, string>> = {
  // Sub-Saharan Africa
  SN: "Africa/Dakar",
  CI: "Africa/Abidjan",
  TG: "Africa/Lome",
  BJ: "Africa/Porto-Novo",
  BF: "Africa/Ouagadougou",
  ML: "Africa/Bamako",
  NE: "Africa/Niamey",
  GN: "Africa/Conakry",
  MR: "Africa/Nouakchott",
  CM: "Africa/Douala",
  TD: "Africa/Ndjamena",
  GA: "Africa/Libreville",
  CF: "Africa/Bangui",
  CG: "Africa/Brazzaville",
  CD: "Africa/Kinshasa",
  RW: "Africa/Kigali",
  BI: "Africa/Bujumbura",
  DJ: "Africa/Djibouti",
  MG: "Indian/Antananarivo",
  KM: "Indian/Comoro",
  MU: "Indian/Mauritius",
  // Maghreb and Middle East
  MA: "Africa/Casablanca",
  DZ: "Africa/Algiers",
  TN: "Africa/Tunis",
  EG: "Africa/Cairo",
  LB: "Asia/Beirut",
  IL: "Asia/Jerusalem",
  IR: "Asia/Tehran",
  // Asia
  KZ: "Asia/Almaty",
  UZ: "Asia/Tashkent",
  CN: "Asia/Shanghai",
  VN: "Asia/Ho_Chi_Minh",
  KH: "Asia/Phnom_Penh",
  LA: "Asia/Vientiane",
  MM: "Asia/Yangon",
  NP: "Asia/Kathmandu",
  IN: "Asia/Kolkata",
  // Europe
  FR: "Europe/Paris",
  CH: "Europe/Zurich",
  IT: "Europe/Rome",
  RS: "Europe/Belgrade",
  UA: "Europe/Kyiv",
  RU: "Europe/Moscow",
  // Americas
  US: "America/New_York",
  CA: "America/Toronto",
  HT: "America/Port-au-Prince",
  CU: "America/Havana",
  PE: "America/Lima",
  AR: "America/Argentina/Buenos_Aires",
  BR: "America/Sao_Paulo",
};

/** Whether a string is a time zone Intl knows (what a browser's cookie says is checked before use). */
export function isTimeZone(value: string | null | undefined): value is string {
  if (!value || value.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The reader's zone: the browser's when known and valid, else their establishment's country's, else Paris. */
export function readerTimeZone(reader: { browser?: string | null; countryCode?: string | null }): string {
  // Zone names are read case-insensitively ("eUrOpE/pArIs"): the canonical spelling, so that formatters built per
  // zone (app/domain/format.ts) are a few, whatever a cookie says.
  if (isTimeZone(reader.browser)) return new Intl.DateTimeFormat("en", { timeZone: reader.browser }).resolvedOptions().timeZone;
  return (reader.countryCode && COUNTRY_TIME_ZONES[reader.countryCode]) || DEFAULT_TIME_ZONE;
}

/** The cookie the browser keeps its zone in (written by app/entry.client.tsx, read by the root loader). */
export const TIME_ZONE_COOKIE = "tz";
