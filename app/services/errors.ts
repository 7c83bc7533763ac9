// Every refusal a service raises, in one table: the HTTP status it answers with and the message key the pages show
// for it. No framework here: app/http/errors.server.ts turns an AppError into a response.

interface Refusal {
  status: number;
  /** The translation key ("namespace:path") the pages show for this refusal. */
  message: string;
}

const notFound = { status: 404, message: "common:errors.notFound.body" } as const;
const forbidden = { status: 403, message: "common:errors.forbidden.body" } as const;

/**
 * By area, then code. The evidence and action sections of a self-assessment word their refusals for themselves
 * (`workspace:flags.error.<section>_<code>`, listed in ERROR_FLAGS), and so does the workbook import
 * (`reports:import.errors.<code>`); `message` is then the evidence section's wording.
 */
export const APP_ERRORS = {
  process: {
    not_found: notFound,
    forbidden,
    already_open: { status: 400, message: "common:validation.process_already_open" },
    version_not_published: { status: 400, message: "common:validation.process_version_not_published" },
    not_editable: { status: 409, message: "workspace:flags.error.evidence_not_editable" },
    // The page offers only the steps allowed; a stale or forged post gets the 409 page ("unexpected error").
    transition_not_allowed: { status: 409, message: "common:errors.serverError.body" },
    // The form asks for the reason first (this wording, under the field); the service's refusal is the 409 page.
    reason_required: { status: 409, message: "common:validation.reason_required" },
    incomplete: { status: 409, message: "process:submit.stillMissing" },
    // A renewal's carried-over ratings are confirmed or changed before the hand-in (ADR 0021).
    carried_over_unconfirmed: { status: 409, message: "process:submit.carriedToConfirm" },
    invalid_owner: { status: 400, message: "workspace:flags.error.action_invalid_owner" },
    // A queued change's idempotency key already used by someone else (or for another rating): a forged or broken client.
    key_reused: { status: 409, message: "common:errors.serverError.body" },
  },
  registry: {
    not_found: notFound,
    forbidden,
    establishment_unknown: { status: 400, message: "common:validation.establishment_unknown" },
    site_unknown: { status: 400, message: "common:validation.site_unknown" },
    country_unknown: { status: 400, message: "common:validation.country_unknown" },
    establishment_duplicate: { status: 400, message: "common:validation.establishment_duplicate" },
    site_duplicate: { status: 400, message: "common:validation.site_duplicate" },
    merge_same: { status: 400, message: "common:validation.merge_same" },
    merge_open_processes: { status: 400, message: "common:validation.merge_open_processes" },
    already_closed: { status: 409, message: "registry:errors.already_closed" },
  },
  accounts: {
    not_found: notFound,
    forbidden,
    establishment_required: { status: 400, message: "common:validation.establishment_required" },
    establishment_unknown: { status: 400, message: "common:validation.establishment_unknown" },
    email_taken: { status: 400, message: "common:validation.email_taken" },
    already_active: { status: 400, message: "common:validation.already_active" },
    cannot_demote_self: { status: 400, message: "common:validation.cannot_demote_self" },
  },
  application: {
    not_found: notFound,
    // Shown on the decision form, with its status, rather than as the 403 page.
    forbidden: { status: 403, message: "applications:errors.forbidden" },
    already_decided: { status: 409, message: "applications:errors.already_decided" },
    version_not_published: { status: 409, message: "applications:errors.version_not_published" },
    establishment_has_open_process: { status: 409, message: "applications:errors.establishment_has_open_process" },
    contact_has_account: { status: 409, message: "applications:errors.contact_has_account" },
  },
  referential: {
    // Shown next to the version on the referentials page, with its status.
    not_found: { status: 404, message: "referential:errors.not_found" },
    not_draft: { status: 409, message: "referential:errors.not_draft" },
    not_published: { status: 409, message: "referential:errors.not_published" },
    hash_mismatch: { status: 409, message: "referential:errors.hash_mismatch" },
  },
  audit: {
    not_found: notFound,
    forbidden,
    // The audit is submitted (read-only) or not scheduled yet.
    not_editable: { status: 409, message: "audit:errors.not_editable" },
    // A co-auditor changes only their own ratings; a colleague's belongs to the lead.
    rated_by_colleague: { status: 409, message: "audit:errors.rated_by_colleague" },
    lead_only: { status: 403, message: "audit:errors.lead_only" },
    incomplete: { status: 409, message: "audit:errors.incomplete" },
    summary_required: { status: 400, message: "audit:errors.summary_required" },
    summary_conflict: { status: 409, message: "audit:errors.summary_conflict" },
    not_submitted: { status: 409, message: "audit:errors.not_submitted" },
    schedule_not_allowed: { status: 409, message: "audit:errors.schedule_not_allowed" },
    not_an_auditor: { status: 400, message: "audit:errors.not_an_auditor" },
    key_reused: { status: 409, message: "common:errors.serverError.body" },
  },
  label: {
    not_found: notFound,
    forbidden,
    // A decision is taken on a submitted audit only; a second one needs the first annulled.
    audit_not_submitted: { status: 409, message: "label:errors.audit_not_submitted" },
    nothing_to_annul: { status: 409, message: "label:errors.nothing_to_annul" },
    reason_required: { status: 400, message: "label:errors.reason_required" },
    // Suspend a valid label, lift a suspended one, revoke one not revoked.
    status_change_not_allowed: { status: 409, message: "label:errors.status_change_not_allowed" },
    accreditation_invalid: { status: 400, message: "label:errors.accreditation_invalid" },
    // An external accreditation is recorded on a published (or retired) version, never on a draft.
    accreditation_not_published: { status: 409, message: "public:errors.accreditation_not_published" },
  },
  upload: {
    file_too_large: { status: 413, message: "workspace:flags.error.evidence_file_too_large" },
    file_type_refused: { status: 415, message: "workspace:flags.error.evidence_file_type_refused" },
    file_missing: { status: 400, message: "workspace:flags.error.evidence_file_missing" },
    bad_request: { status: 400, message: "workspace:flags.error.evidence_bad_request" },
    // The evidence storage (folder or bucket) failed during the upload: nothing was kept (ADR 0028).
    storage_unavailable: { status: 503, message: "workspace:flags.error.evidence_storage_unavailable" },
  },
} as const satisfies Record<string, Record<string, Refusal>>;

export type ErrorArea = keyof typeof APP_ERRORS;
export type ErrorCode<A extends ErrorArea = ErrorArea> = A extends ErrorArea ? keyof (typeof APP_ERRORS)[A] & string : never;
/** One refusal named with its area, e.g. "process.not_editable". */
export type ErrorId = { [A in ErrorArea]: `${A}.${ErrorCode<A>}` }[ErrorArea];

/** Every refusal of one area, e.g. to show all but a few of them on a form. */
export function errorIds(area: ErrorArea): ErrorId[] {
  return Object.keys(APP_ERRORS[area]).map((code) => `${area}.${code}` as ErrorId);
}

/**
 * A refusal a service raises: what was asked is not allowed, not there, or not possible now. Its status and message
 * come from APP_ERRORS. Anything thrown that is not an AppError is a fault (a 500).
 */
export class AppError<A extends ErrorArea = ErrorArea> extends Error {
  readonly area: A;
  readonly code: ErrorCode<A>;
  /** The input property (the form field) the refusal belongs to, when there is one: it is shown under that field. */
  readonly field: string | undefined;

  constructor(area: A, code: ErrorCode<A>, options: { field?: string | undefined; message?: string } = {}) {
    super(options.message ?? code);
    this.name = new.target.name;
    this.area = area;
    this.code = code;
    this.field = options.field;
  }

  get id(): ErrorId {
    return `${this.area}.${this.code}` as ErrorId;
  }

  get status(): number {
    return entryOf(this.area, this.code).status;
  }

  get messageKey(): string {
    return entryOf(this.area, this.code).message;
  }
}

function entryOf(area: ErrorArea, code: string): Refusal {
  return (APP_ERRORS[area] as Record<string, Refusal>)[code]!;
}

/** Whether `error` is an AppError, and one of `ids` when given. */
export function isAppError(error: unknown, ...ids: ErrorId[]): error is AppError {
  return error instanceof AppError && (ids.length === 0 || ids.includes(error.id));
}
