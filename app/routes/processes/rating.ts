import type { Route } from "./+types/rating";
import { ratingFormSchema } from "#app/forms/process.ts";
import { getServices, readForm } from "#app/http/guards.server.ts";
import { requireProcess } from "#app/http/process.server.ts";
import { ProcessError } from "#app/services/process/process-error.ts";
import { saveRating } from "#app/services/process/self-assessment.server.ts";

/**
 * JSON endpoint of the rating autosave (and of ratings kept in the browser while offline). The same service
 * serves the plain form on the criterion page.
 */
export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const parsed = ratingFormSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return Response.json({ status: "invalid", problems: { rating: "rating_off_scale" } }, { status: 400 });
  try {
    const result = await saveRating(getServices(context).db, user, process, params.criterionCode, parsed.data);
    if (result.status === "conflict") {
      const { rating, justification, version, updatedByName } = result.current;
      return Response.json({ status: "conflict", current: { rating: rating === null ? null : String(rating), justification, version, updatedByName } }, { status: 409 });
    }
    return Response.json(result, { status: result.status === "invalid" ? 400 : 200 });
  } catch (error) {
    if (error instanceof ProcessError) {
      const status = error.code === "not_found" ? 404 : error.code === "forbidden" ? 403 : 409;
      return Response.json({ status: "error", reason: error.code }, { status });
    }
    throw error;
  }
}

export function loader() {
  return Response.json({ status: "error", reason: "method_not_allowed" }, { status: 405 });
}
