// Shared by the evidence, action plan and team routes: where to go back after a post, and how a refusal answers.
import { data, redirect, type RouterContextProvider } from "react-router";
import { getLocale } from "#app/middleware/i18next.ts";
import { withFlag, type ErrorFlag, type SavedFlag } from "#app/domain/process/workspace.ts";
import type { AppError, ErrorId } from "#app/services/errors.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import type { ProcessSummary } from "#app/services/process/lifecycle.server.ts";
import { safeRedirect } from "#app/domain/auth/redirects.ts";
import { getServices } from "./guards.server.ts";

/**
 * The page a post came from, when it says so (`returnTo` in the form or in the action URL's query): only a path
 * of this same process, so a form cannot send anyone elsewhere.
 */
export function returnAddress(request: Request, process: ProcessSummary, field: FormDataEntryValue | string | null | undefined): string | null {
  const raw = new URL(request.url).searchParams.get("returnTo") ?? (typeof field === "string" ? field : null);
  if (!raw) return null;
  const target = safeRedirect(raw, "");
  return target.startsWith(`/processes/${process.id}/`) || target === `/processes/${process.id}` ? target : null;
}

/** After a successful post: back to `returnTo` with `?saved=…#section`, or to this page with the flag. */
export function savedRedirect(returnTo: string | null, here: string, saved: SavedFlag) {
  return redirect(withFlag(returnTo ?? here, { saved }));
}

/**
 * A refused post. With a return address, the browser goes back there with `?error=…` (works without JavaScript).
 * Without one, the page's own action data carries the message, with the status given.
 */
export function refusal(flag: ErrorFlag, returnTo: string | null, status = 400) {
  return returnTo ? redirect(withFlag(returnTo, { error: flag })) : data({ error: flag }, { status });
}

/**
 * The service refusals a section explains and keeps the user on (read-only process, colleague not of the
 * establishment), for `attempt`. Not found and forbidden stay the error pages (404/403): nothing is said about other
 * hospitals' processes.
 */
export const SECTION_REFUSALS = ["process.not_editable", "process.invalid_owner"] as const satisfies readonly ErrorId[];

/** One of SECTION_REFUSALS as the section's flag: `evidence.not_editable`, `action.invalid_owner`… */
export function sectionFlag(section: "evidence" | "action", refused: AppError): ErrorFlag {
  return `${section}.${refused.code}` as ErrorFlag;
}

/** Criteria of the process's version as short options for selects, in the page's language, grouped by chapter. */
export async function criterionOptions(context: Readonly<RouterContextProvider>, process: ProcessSummary) {
  const { db } = getServices(context);
  const lng = getLocale(context) === "en" ? "en" : "fr";
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  return frozen.version.chapters.map((chapter) => ({
    code: chapter.code,
    title: chapter.title[lng],
    criteria: chapter.standards.flatMap((s) => s.criteria.map((c) => ({ code: c.code, text: shorten(c.text[lng], 90) }))),
  }));
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
