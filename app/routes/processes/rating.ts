import type { Route } from "./+types/rating";
import { ratingFormSchema } from "../../forms/process";
import { getServices, readForm } from "../../services/guards.server";
import { requireProcess } from "../../services/process-route.server";
import { ProcessError, saveRating } from "../../services/processes.server";

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
