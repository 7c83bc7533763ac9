import type { Route } from "./+types/labels-json";
import { publicLabelDocument } from "#app/domain/label/public-list.ts";
import { sendFile } from "#app/http/download.server.ts";
import { enforceRateLimits } from "#app/http/guards.server.ts";
import { publicLabelList } from "#app/http/public-labels.server.ts";

/** The public list as JSON (same filters as the page; fields documented in README.md), shown in place. */
export async function loader({ request, context }: Route.LoaderArgs) {
  await enforceRateLimits(context, [{ limit: "publicReadsPerClient" }]);
  const { labels } = await publicLabelList(context, request);
  return sendFile(context, request, { body: JSON.stringify(publicLabelDocument(labels, new Date())), type: "application/json; charset=utf-8", compress: true });
}
