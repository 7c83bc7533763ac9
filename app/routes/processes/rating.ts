import type { Route } from "./+types/rating";
import { ratingFormSchema } from "#app/forms/process.ts";
import { attempt } from "#app/http/errors.server.ts";
import { getServices, readForm, requireUser } from "#app/http/guards.server.ts";
import { requireProcess } from "#app/http/process.server.ts";
import { ProcessError } from "#app/services/process/process-error.ts";
import { saveRating, SELF_ASSESSMENT } from "#app/services/process/self-assessment.server.ts";
import { recordedSave } from "#app/services/process/versioned-rating.server.ts";

/**
 * JSON endpoint of the rating autosave (and of ratings kept in the browser while offline). The same service
 * serves the plain form on the criterion page.
 */
export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const parsed = ratingFormSchema.safeParse(Object.fromEntries(await readForm(request)));
  // A queued change already applied (its answer was lost) is answered as then, to its author only, before the access
  // check (docs/decisions/0022).
  const key = { processId: params.processId, criterionCode: params.criterionCode };
  const replay = parsed.success ? await recordedSave(getServices(context).db, SELF_ASSESSMENT, user, key, parsed.data.idempotencyKey) : null;
  if (replay) return Response.json(replay);
  const { process } = await requireProcess(context, request, params.processId);
  if (!parsed.success) return Response.json({ status: "invalid", problems: { rating: "rating_off_scale" } }, { status: 400 });
  // A JSON endpoint: every refusal of the process is answered in JSON, with its status.
  const saved = await attempt(() => saveRating(getServices(context).db, user, process, params.criterionCode, parsed.data), { onForm: ProcessError });
  if (!saved.ok) return Response.json({ status: "error", reason: saved.refusal.code }, { status: saved.refusal.status });
  const result = saved.value;
  if (result.status === "conflict") {
    const { rating, justification, version, updatedByName } = result.current;
    return Response.json({ status: "conflict", current: { rating: rating === null ? null : String(rating), justification, version, updatedByName } }, { status: 409 });
  }
  return Response.json(result, { status: result.status === "invalid" ? 400 : 200 });
}

export function loader() {
  return Response.json({ status: "error", reason: "method_not_allowed" }, { status: 405 });
}
