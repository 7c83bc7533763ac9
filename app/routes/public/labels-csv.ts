import type { Route } from "./+types/labels-csv";
import { publicLabelsCsv } from "#app/domain/label/public-list.ts";
import { sendFile } from "#app/http/download.server.ts";
import { enforceRateLimits } from "#app/http/guards.server.ts";
import { publicLabelList } from "#app/http/public-labels.server.ts";
import { todayIso } from "#app/services/label/labels.server.ts";

/** The public list as CSV (same filters and fields as the JSON), written as the registry's export is. */
export async function loader({ request, context }: Route.LoaderArgs) {
  await enforceRateLimits(context, [{ limit: "publicReadsPerClient" }]);
  const { labels } = await publicLabelList(context, request);
  return sendFile(context, request, { body: publicLabelsCsv(labels), type: "text/csv; charset=utf-8", compress: true, fileName: `labels-aphp-${todayIso()}.csv` });
}
