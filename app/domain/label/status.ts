/** A label's status over time. */
export const LABEL_STATUSES = ["valid", "expiring", "expired", "suspended", "revoked", "annulled"] as const;
export type LabelStatus = (typeof LABEL_STATUSES)[number];
export const LABEL_EVENT_KINDS = ["suspended", "lifted", "revoked", "annulled"] as const;
export type LabelEventKind = (typeof LABEL_EVENT_KINDS)[number];
// Placeholder implementations until the label-domain branch lands (same signatures).
export function labelStatus(label: { validFrom: string; validUntil: string }, events: { kind: LabelEventKind; at: Date }[], today: string): LabelStatus {
  if (events.some((e) => e.kind === "annulled")) return "annulled";
  if (events.some((e) => e.kind === "revoked")) return "revoked";
  const last = [...events].reverse().find((e) => e.kind === "suspended" || e.kind === "lifted");
  if (last?.kind === "suspended") return "suspended";
  if (today > label.validUntil) return "expired";
  return "valid";
}
export function isPubliclyListed(status: LabelStatus): boolean {
  return status === "valid" || status === "expiring";
}
export function labelEventRefusal(current: LabelStatus, kind: LabelEventKind): null | "not_allowed" {
  if (kind === "suspended") return current === "valid" || current === "expiring" ? null : "not_allowed";
  if (kind === "lifted") return current === "suspended" ? null : "not_allowed";
  if (kind === "revoked") return current === "revoked" || current === "annulled" ? "not_allowed" : null;
  return current === "annulled" ? "not_allowed" : null;
}
export function expiryReminderDue(validUntil: string, today: string): "six_months" | "one_month" | null {
  return validUntil >= today ? null : null;
}
export function defaultValidUntil(validFrom: string, years = 4): string {
  const d = new Date(`${validFrom}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
