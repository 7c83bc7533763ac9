// The audit trail as the DRI reads it (/admin/audit-trail): the kinds of event it filters on, a day of the reader's
// calendar as the moments it spans, and an event's changes made fit to show (secrets withheld, long values cut).
// Pure: the page, its CSV export and their tests share it.
import type { Translate } from "#app/domain/translate.ts";

/**
 * Kinds of event, each the action prefixes it gathers (actions are `<area>.<verb>`, see recordInAuditTrail's callers).
 * A kind takes every action under its prefixes, so an action added later (a new `auth.…`) is found under its kind at
 * once; an action under no prefix is still listed and shown under its raw name.
 */
export const EVENT_KINDS = {
  auth: ["auth."],
  accounts: ["user."],
  processes: ["process."],
  selfAssessment: ["rating.", "evidence.", "action."],
  audit: ["audit.", "audit_rating."],
  decisions: ["decision.", "label."],
  applications: ["application."],
  registry: ["establishment.", "project.", "agreement.", "site."],
  referentials: ["referential_version."],
  messages: ["outbox."],
} as const satisfies Record<string, readonly string[]>;

export type EventKind = keyof typeof EVENT_KINDS;
export const EVENT_KIND_NAMES = Object.keys(EVENT_KINDS) as EventKind[];

/** The actions the app writes today, by kind: the filter's finer choices (each translated). */
export const KNOWN_ACTIONS: Readonly<Record<EventKind, readonly string[]>> = {
  auth: ["auth.sign_in", "auth.sign_in_failed", "auth.second_factor_enrolled", "auth.second_factor_disabled", "auth.second_factor_failed", "auth.recovery_code_used", "auth.session_ended"],
  accounts: ["user.create", "user.update", "user.invitation_resent", "user.invitation_accepted", "user.password_reset", "user.password_changed"],
  processes: ["process.open", "process.assign_chapter", "process.submit", "process.renew"],
  selfAssessment: ["rating.save", "rating.import", "rating.carry_over", "rating.confirm", "evidence.upload", "evidence.link", "evidence.unlink", "evidence.delete", "action.create", "action.update"],
  audit: ["audit.schedule", "audit.reschedule", "audit.schedule_revisit", "audit_rating.save", "audit_rating.consolidate", "audit_rating.import", "audit.summary", "audit.submit", "audit.release_report"],
  decisions: ["decision.awarded", "decision.deferred", "decision.refused", "decision.annul", "label.suspended", "label.lifted", "label.revoked"],
  applications: ["application.accept", "application.decline"],
  registry: ["establishment.create", "establishment.update", "establishment.merge", "establishment.merged_into", "establishment.seed_enrich", "project.create", "project.update", "project.close", "project.import_create", "project.import_update", "agreement.create", "agreement.update", "agreement.close", "site.create", "site.update"],
  referentials: ["referential_version.import", "referential_version.replace_draft", "referential_version.publish", "referential_version.retire", "referential_version.accredit"],
  messages: ["outbox.requeued"],
};

/** The kind an action belongs to, or null for one under no known prefix. */
export function kindOf(action: string): EventKind | null {
  return EVENT_KIND_NAMES.find((kind) => EVENT_KINDS[kind].some((prefix) => action.startsWith(prefix))) ?? null;
}

/** The translation key of an action's words (dots are path separators in the locale files). */
export function actionKey(action: string): string {
  return action.replaceAll(".", "_");
}

/** An action in words: the trail's own words, else the record histories', else its raw name (an action added later). */
export function actionLabel(t: Translate, action: string): string {
  const key = actionKey(action);
  return t(`trail:actions.${key}`, { defaultValue: t(`common:history.actions.${key}`, { defaultValue: action }) });
}

/** A changed field in words (the record histories' names), else its raw name. */
export function fieldLabel(t: Translate, field: string): string {
  return t(`common:history.fields.${field}`, { defaultValue: field });
}

/** What the kind filter says: a whole kind, or one action (anything with a dot, known or not). */
export function parseKindFilter(value: string | undefined): { kind: EventKind } | { action: string } | null {
  if (!value) return null;
  if ((EVENT_KIND_NAMES as string[]).includes(value)) return { kind: value as EventKind };
  return /^[a-z_]+\.[a-z_]+$/.test(value) ? { action: value } : null;
}

/**
 * The first moment of a day of the calendar in a time zone (00:00 there), as an instant. The zone's offset is read
 * through Intl at that moment; taken twice, so a day that starts on a change of offset still starts right.
 */
export function startOfDayIn(day: string, timeZone: string): Date {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  let guess = utcMidnight;
  for (let i = 0; i < 2; i++) guess = utcMidnight - offsetMinutes(new Date(guess), timeZone) * 60_000;
  return new Date(guess);
}

function offsetMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The day after a calendar day (`YYYY-MM-DD`). */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * Fields never shown, whatever the event: secrets and their hashes (a password hash, a second factor's secret, a
 * recovery code, a token). Matched on the field's name, so a field added later under such a name is withheld too.
 */
const SECRET_FIELD = /password|secret|token|hash|otp|recovery_?code|credential/i;

/** A changed field as shown: its values in words, or withheld (both then empty). */
export interface ShownChange {
  field: string;
  from: string;
  to: string;
  withheld: boolean;
}

/** A stored value in a line of text: "—" for nothing, JSON for a list or an object, cut to `max` characters. */
export function showValue(value: unknown, max: number): string {
  if (value === null || value === undefined || value === "") return "—";
  const text = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * An event's changes to show: one line per field, secrets withheld, long values cut. Done on the server, so that
 * what is withheld never reaches the browser, not even in the page's data.
 */
export function shownChanges(changes: unknown, max: number): ShownChange[] {
  if (!changes || typeof changes !== "object" || Array.isArray(changes)) return [];
  return Object.entries(changes as Record<string, unknown>).map(([field, change]) => {
    if (SECRET_FIELD.test(field)) return { field, from: "", to: "", withheld: true };
    // A change is { from, to }; anything else written there is shown whole as the new value.
    const pair = change && typeof change === "object" && "to" in change ? (change as { from?: unknown; to: unknown }) : { from: null, to: change };
    return { field, from: showValue(pair.from, max), to: showValue(pair.to, max), withheld: false };
  });
}

/** Values are cut on the page (the CSV holds them far longer: a spreadsheet cell holds 32 767 characters). */
export const PAGE_VALUE_LENGTH = 120;
export const CSV_VALUE_LENGTH = 2000;

/** How many events a page lists, and how many the CSV export holds at most. */
export const AUDIT_TRAIL_PAGE_SIZE = 50;
export const AUDIT_TRAIL_EXPORT_CAP = 50_000;
