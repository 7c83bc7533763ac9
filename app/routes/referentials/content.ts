import type { Route } from "./+types/content";
import { getServices, notFound, requireUser } from "#app/http/guards.server.ts";
import { findReadableVersion, versionParams } from "#app/http/referential-pages.server.ts";
import { loadReferentialVersionById } from "#app/services/referential/referentials.server.ts";

/**
 * A version's whole content as JSON, at an address carrying its content hash (`content/<hash>.json`): what a visit
 * taken offline renders its criteria from. The content of a hash never changes, so the browser keeps it for good;
 * `private`, because reading a version needs an account (a shared cache must not hand it to anyone); a draft's is not
 * kept at all.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const { code, version } = versionParams(params);
  const hash = /^([0-9a-f]{64})\.json$/.exec(params.file ?? "")?.[1];
  if (!hash) notFound();
  const { db } = getServices(context);
  const summary = await findReadableVersion(db, user, code, version);
  if (!summary || summary.contentHash !== hash) notFound();
  const content = await loadReferentialVersionById(db, summary.id);
  if (!content) notFound();
  // A draft (DRI only) is not kept: a shared computer's cache would hold unpublished text for a year, unchecked.
  const cacheControl = summary.status === "draft" ? "private, no-store" : "private, max-age=31536000, immutable";
  return new Response(JSON.stringify(content), { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": cacheControl } });
}
