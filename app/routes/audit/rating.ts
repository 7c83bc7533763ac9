import type { Route } from "./+types/rating";
import { readAuditRatingForm } from "#app/forms/audit-rating.ts";
import { requireAudit } from "#app/http/audit.server.ts";
import { attempt } from "#app/http/errors.server.ts";
import { getServices, readForm, requireUser } from "#app/http/guards.server.ts";
import { AuditError } from "#app/services/audit/audit-error.ts";
import { AUDIT, saveAuditRating } from "#app/services/audit/audit-ratings.server.ts";
import { recordedSave } from "#app/services/process/versioned-rating.server.ts";
import { postedAuditRating } from "#app/services/audit/scoring-list.server.ts";

/**
 * JSON endpoint of the audit rating's autosave (and of ratings kept in the browser while offline). The same service
 * serves the plain form on the criterion's scoring page.
 */
export async function action({ request, context, params }: Route.ActionArgs) {
  const user = requireUser(context, request);
  const parsed = readAuditRatingForm(await readForm(request));
  // A queued change already applied (its answer was lost) is answered as then, to its author only, before the access
  // check: removed from the team since, they would otherwise see refused what was applied.
  const key = { processId: params.processId, criterionCode: params.criterionCode };
  const replay = parsed.success ? await recordedSave(getServices(context).db, AUDIT, user, key, parsed.data.idempotencyKey) : null;
  if (replay) return Response.json(replay);
  const { process, visit, db } = await requireAudit(context, request, params.processId);
  if (!parsed.success) return Response.json({ status: "invalid", problems: { rating: "rating_off_scale" } }, { status: 400 });
  // A JSON endpoint: every refusal of the audit is answered in JSON, with its status.
  const saved = await attempt(() => saveAuditRating(db, user, process, visit, params.criterionCode, parsed.data), { onForm: AuditError });
  if (!saved.ok) return Response.json({ status: "error", reason: saved.refusal.code }, { status: saved.refusal.status });
  const result = saved.value;
  if (result.status === "conflict" || result.status === "rated_by_colleague") {
    return Response.json({ status: result.status, current: postedAuditRating(result.current) }, { status: 409 });
  }
  return Response.json(result, { status: result.status === "invalid" ? 400 : 200 });
}

/** Nothing to read here; still, whoever may not see the audit learns nothing (404, 403, or the sign-in page). */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  await requireAudit(context, request, params.processId);
  return Response.json({ status: "error", reason: "method_not_allowed" }, { status: 405 });
}
