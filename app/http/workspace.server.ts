// Shared by the evidence, action plan and team routes: where to go back after a post, and how a refusal answers.
import { data, redirect, type RouterContextProvider } from "react-router";
import { getLocale } from "#app/middleware/i18next.ts";
import { withFlag, type ErrorFlag, type SavedFlag } from "#app/domain/process/workspace.ts";
import { getFrozenVersion, ProcessError, type ProcessSummary } from "#app/services/process/processes.server.ts";
import { getServices, safeRedirect } from "./guards.server.ts";
import { toHttpError } from "./process.server.ts";

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
 * Without one, the page's own action data carries the message, with a fitting status. Not found and forbidden are
 * always the error pages (404/403): nothing is said about other hospitals' processes.
 */
export function refusal(error: unknown, returnTo: string | null, section: "evidence" | "action", status = 400) {
  if (error instanceof ProcessError) {
    // A refusal the section can explain (read-only process, colleague not of the establishment) keeps the user there.
    if (error.code === "not_editable" || error.code === "invalid_owner") {
      const flag = `${section}.${error.code}` as ErrorFlag;
      return returnTo ? redirect(withFlag(returnTo, { error: flag })) : data({ error: flag }, { status: error.code === "not_editable" ? 409 : 400 });
    }
    throw toHttpError(error);
  }
  if (typeof error !== "string") throw error; // not a refusal: a fault, shown as such
  const flag = error as ErrorFlag;
  return returnTo ? redirect(withFlag(returnTo, { error: flag })) : data({ error: flag }, { status });
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
