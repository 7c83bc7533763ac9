import { z } from "zod";
import { ROLES } from "#app/domain/auth/permissions.ts";
import { LANGUAGES } from "#app/domain/language.ts";
import { cleanSearchText, hasControlCharacters, normaliseText, type TextOptions } from "#app/domain/text.ts";

/**
 * Zod messages are translation keys under `validation.` in the locale files, so one schema serves the
 * browser (instant hints) and the server (the truth), in either language. Rules without their own key
 * fall back to these.
 */
z.config({
  customError: (issue) => {
    if (issue.code === "invalid_type" && (issue.input === undefined || issue.input === null || issue.input === "")) return "required";
    if (issue.code === "too_small" && issue.origin === "string") return issue.minimum === 1 ? "required" : "too_short";
    if (issue.code === "too_big" && issue.origin === "string") return "too_long";
    if (issue.code === "invalid_format" && issue.format === "email") return "email";
    if (issue.code === "invalid_value") return "choice";
    return "invalid";
  },
});

export { z };

/**
 * Free text typed in a form (or a cell of an imported file): NFC, trimmed, at most `max` characters; control
 * characters are refused on the field (tab and line breaks allowed in a multi-line field), so what was typed
 * comes back with the message. Chain `.min(1)` for a required field.
 */
export function text(max: number, options: TextOptions = {}) {
  return z
    .string()
    .overwrite((value) => normaliseText(value, options))
    .trim()
    .refine((value) => !hasControlCharacters(value, options), { error: "control_characters" })
    .max(max);
}

/** A search box in the URL: control characters dropped rather than refused (a hand-edited link still lists). */
export function searchField(max: number) {
  return z.string().overwrite(cleanSearchText).max(max).catch("");
}

export const emailField = z.email().max(254).transform((v) => v.trim().toLowerCase());
/** Long passphrases are easier to remember and type than short complex ones. */
export const newPasswordField = z.string().min(10, { error: "password_too_short" }).max(200);
export const languageField = z.enum(LANGUAGES);
export const roleField = z.enum(ROLES);
/** A checkbox: conform reads "on" as true; absent means false (and the box is not marked required). */
export const checkboxField = z
  .boolean()
  .optional()
  .transform((v) => v ?? false);
