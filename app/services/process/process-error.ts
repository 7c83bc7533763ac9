import { AppError, type ErrorCode } from "#app/services/errors.ts";

/** A refusal of the labelling process (not found, not theirs, read-only, step not allowed…): see APP_ERRORS.process. */
export class ProcessError extends AppError<"process"> {
  constructor(code: ErrorCode<"process">, field?: string) {
    super("process", code, { field });
  }
}
