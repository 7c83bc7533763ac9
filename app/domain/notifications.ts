/**
 * Notifications: what each kind of notice says and where it leads. A notice stores its kind and parameters
 * (names, codes, reasons, ISO dates), never its text: the in-app list renders it in the reader's current language,
 * the e-mail copy in the recipient's language when it is sent. No framework, no database.
 */
import type { Language } from "#app/domain/language.ts";

export const NOTIFICATION_KINDS = [
  "process_opened",
  "self_assessment_submitted",
  "self_assessment_reopened",
  "process_withdrawn",
  "chapter_assigned",
  "self_assessment_due",
  "action_due",
  "action_overdue",
  "application_received",
  "visit_scheduled",
  "visit_changed",
  "audit_submitted",
  "audit_report_released",
  "decision_awarded",
  "decision_deferred",
  "decision_refused",
  "decision_annulled",
  "label_suspended",
  "label_reinstated",
  "label_revoked",
  "label_expiring",
  "revisit_due",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Parameters a notice may carry. Dates are ISO (YYYY-MM-DD); chapter titles are stored in both languages
 * (`chapterTitleFr`, `chapterTitleEn`) since the reader may switch language after the notice was written.
 */
export type NotificationParams = Record<string, string | number | null>;

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** The page a notice leads to (a path of the app; the e-mail puts the public origin in front). */
export function notificationPath(kind: string, processId: string | null, params: NotificationParams): string {
  if (kind === "application_received" && params.applicationId) return `/admin/applications/${encodeURIComponent(String(params.applicationId))}`;
  if (!processId) return "/notifications";
  const base = `/processes/${processId}`;
  if (kind === "chapter_assigned" && params.chapter) return `${base}/criteria?chapter=${encodeURIComponent(String(params.chapter))}`;
  if (kind === "audit_report_released") return `${base}/audit/report`;
  if (kind === "audit_submitted" || kind === "visit_scheduled" || kind === "visit_changed") return `${base}/audit`;
  if (kind.startsWith("decision_") || kind.startsWith("label_") || kind === "revisit_due") return `${base}/decision`;
  if (kind === "action_overdue" || kind === "action_due") return params.criterion ? `${base}/actions?criterion=${encodeURIComponent(String(params.criterion))}` : `${base}/actions?overdue=1`;
  return base;
}

const DATE_PARAMS = ["dueDate", "startsOn", "endsOn", "validUntil", "revisitOn", "decidedOn"];

/**
 * The translation key (namespace "notifications") and interpolation values of a notice's text in `language`.
 * Dates are formatted by `formatDate` (the app's Intl helper); an unknown kind (from a newer version) gets a
 * generic text rather than an error.
 */
export function notificationMessage(
  kind: string,
  params: NotificationParams,
  language: Language,
  formatDate: (language: string, isoDate: string) => string,
): { key: string; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    values[name] = DATE_PARAMS.includes(name) ? formatDate(language, String(value)) : String(value);
  }
  const title = params[language === "en" ? "chapterTitleEn" : "chapterTitleFr"];
  if (title) values.chapterTitle = String(title);
  // A level's name, like a chapter's title, is stored in both languages.
  const level = params[language === "en" ? "levelEn" : "levelFr"];
  if (level) values.level = String(level);
  if (!isNotificationKind(kind)) return { key: "notifications:kinds.unknown", values };
  // A process opened without a due date, or a move without a reason, reads without the missing part.
  const variant = (kind === "process_opened" && values.dueDate) || ((kind === "self_assessment_reopened" || kind === "process_withdrawn") && values.reason) ? "_detail" : "";
  return { key: `notifications:kinds.${kind}${variant}`, values };
}

/** The e-mail subject key of a notice. */
export function notificationSubjectKey(kind: NotificationKind): string {
  return `notifications:email.subject.${kind}`;
}

/** The day an ISO date falls `days` after `isoDate` (calendar arithmetic in UTC). */
export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Reminders before the self-assessment due date: the window each one covers, in days left (inclusive). */
export const DUE_REMINDERS = [
  { name: "due14", from: 4, to: 14 },
  { name: "due3", from: 0, to: 3 },
] as const;
