// The one way a service's refusal (an AppError) becomes an HTTP answer: the error page, or a message on the form.
import type { Submission, SubmissionResult } from "@conform-to/react";
import { data } from "react-router";
import { AppError, type ErrorId } from "#app/services/errors.ts";

/**
 * An AppError → the answer the error boundary renders (`reason` names the refusal, the status is the table's);
 * anything else is returned as it is, so `throw toHttpError(error)` rethrows a real fault (a 500).
 */
export function toHttpError(error: unknown): unknown {
  return error instanceof AppError ? data({ reason: error.code }, { status: error.status }) : error;
}

export type Attempt<T, E extends AppError> = { ok: true; value: T } | { ok: false; refusal: E };

/**
 * Runs a service call. A refusal the page shows on its form (listed in `onForm`, or any of one error class) comes
 * back as `{ ok: false, refusal }`; any other AppError is thrown as its error page; anything else is rethrown.
 */
export async function attempt<T, E extends AppError>(run: () => T | Promise<T>, options: { onForm: abstract new (...args: never[]) => E }): Promise<Attempt<T, E>>;
export async function attempt<T>(run: () => T | Promise<T>, options: { onForm: readonly ErrorId[] }): Promise<Attempt<T, AppError>>;
export async function attempt<T>(
  run: () => T | Promise<T>,
  { onForm }: { onForm: readonly ErrorId[] | (abstract new (...args: never[]) => AppError) },
): Promise<Attempt<T, AppError>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const shown = error instanceof AppError && (typeof onForm === "function" ? error instanceof onForm : onForm.includes(error.id));
    if (shown) return { ok: false, refusal: error };
    throw toHttpError(error);
  }
}

/**
 * A refusal as a conform reply: under its field when it names one, else above the form. `message` is what the page
 * translates (the code, unless the page words it under another key).
 */
export function formReply(submission: Pick<Submission<unknown>, "reply">, refusal: AppError, message: string = refusal.code): SubmissionResult<string[]> {
  return submission.reply(refusal.field ? { fieldErrors: { [refusal.field]: [message] } } : { formErrors: [message] });
}
