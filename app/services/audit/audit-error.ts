import { AppError, type ErrorCode } from "#app/services/errors.ts";

/** A refusal of the audit visit (not on the team, read-only, lead only…): see APP_ERRORS.audit. */
export class AuditError extends AppError<"audit"> {
  constructor(code: ErrorCode<"audit">, field?: string) {
    super("audit", code, { field });
  }
}
