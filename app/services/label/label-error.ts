import { AppError, type ErrorCode } from "#app/services/errors.ts";

/** A refusal of the labelling decision or of a label (not the DRI, audit not submitted, nothing to annul…): see APP_ERRORS.label. */
export class LabelError extends AppError<"label"> {
  constructor(code: ErrorCode<"label">, field?: string) {
    super("label", code, { field });
  }
}
