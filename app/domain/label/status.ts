/**
 * A label's status, read from its validity dates and the events the DRI recorded on it (suspension, lifting,
 * revocation, annulment): never stored, so it cannot drift from the calendar. Dates are calendar days
 * (`YYYY-MM-DD`, compared as strings); "today" is the caller's, in UTC.
 */

export const LABEL_STATUSES = ["valid", "expiring", "expired", "suspended", "revoked", "annulled"] as const;
export type LabelStatus = (typeof LABEL_STATUSES)[number];

export const LABEL_EVENT_KINDS = ["suspended", "lifted", "revoked", "annulled"] as const;
export type LabelEventKind = (typeof LABEL_EVENT_KINDS)[number];

export interface LabelEvent {
  kind: LabelEventKind;
  at: Date;
}

/** A label is "expiring" in its last months, when its renewal is due: the first reminder goes out then too. */
const EXPIRING_MONTHS = 6;
const LAST_REMINDER_MONTHS = 1;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayParts(isoDate: string): [number, number, number] {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${isoDate}`);
  return [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
}

/** The ISO date of a UTC day; days and months out of range roll over (29 February 2025 is 1 March). */
function isoDay(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
}

/** The same day `months` calendar months earlier; a day that month lacks becomes its last (31 August → 28 February). */
function monthsBefore(isoDate: string, months: number): string {
  const [year, month, day] = dayParts(isoDate);
  const lastDay = new Date(Date.UTC(year, month - months + 1, 0)).getUTCDate();
  return isoDay(year, month - months, Math.min(day, lastDay));
}

/** Less than `months` calendar months left before the label's last valid day, which is not past. */
function endsWithin(validUntil: string, months: number, today: string): boolean {
  return today <= validUntil && today > monthsBefore(validUntil, months);
}

/**
 * The status on `today`. Annulment (the label should never have been awarded) and revocation are final,
 * annulment first; then the latest suspension or lifting; then the dates. Before `validFrom` the label reads as
 * valid: there is no "not yet" status.
 */
export function labelStatus(label: { validFrom: string; validUntil: string }, events: readonly LabelEvent[], today: string): LabelStatus {
  if (events.some((e) => e.kind === "annulled")) return "annulled";
  if (events.some((e) => e.kind === "revoked")) return "revoked";
  // Events at the same instant keep their order: the one listed last decides.
  const suspensions = events.filter((e) => e.kind === "suspended" || e.kind === "lifted").sort((a, b) => a.at.getTime() - b.at.getTime());
  if (suspensions.at(-1)?.kind === "suspended") return "suspended";
  if (today > label.validUntil) return "expired";
  return endsWithin(label.validUntil, EXPIRING_MONTHS, today) ? "expiring" : "valid";
}

/** The public list of labelled hospitals shows a label while it is in force. */
export function isPubliclyListed(status: LabelStatus): boolean {
  return status === "valid" || status === "expiring";
}

/** The labelled establishment's staff download the certificate, except once the label is revoked or annulled. */
export function staffMayDownloadCertificate(status: LabelStatus): boolean {
  return status !== "revoked" && status !== "annulled";
}

/** Which statuses each event may follow. */
const EVENT_FROM: Record<LabelEventKind, readonly LabelStatus[]> = {
  suspended: ["valid", "expiring"],
  lifted: ["suspended"],
  revoked: ["valid", "expiring", "expired", "suspended"],
  annulled: ["valid", "expiring", "expired", "suspended", "revoked"],
};

/** Why an event may not be recorded on a label of this status, or null when it may. */
export function labelEventRefusal(current: LabelStatus, kind: LabelEventKind): null | "not_allowed" {
  return EVENT_FROM[kind].includes(current) ? null : "not_allowed";
}

/**
 * The reminder due to the establishment and the DRI before the label ends: "one_month" in its last calendar
 * month, "six_months" in the five before (the "expiring" months), none before or once it has ended.
 */
export function expiryReminderDue(validUntil: string, today: string): "six_months" | "one_month" | null {
  if (endsWithin(validUntil, LAST_REMINDER_MONTHS, today)) return "one_month";
  if (endsWithin(validUntil, EXPIRING_MONTHS, today)) return "six_months";
  return null;
}

/**
 * The last valid day of a label valid from `validFrom` for `years` years: the day before the anniversary
 * (5 December 2025 → 4 December 2029). From 29 February, the anniversary in a common year is 1 March, so the
 * label runs to 28 February.
 */
export function defaultValidUntil(validFrom: string, years = 4): string {
  const [year, month, day] = dayParts(validFrom);
  return isoDay(year + years, month, day - 1);
}
