import type { Route } from "./+types/source";
import { sendFile } from "#app/http/download.server.ts";
import { getServices, notFound, requireUser } from "#app/http/guards.server.ts";
import { readableSource, versionParams } from "#app/http/referential-pages.server.ts";

/** The version's file exactly as it was imported (YAML), as a download. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const { code, version } = versionParams(params);
  const yaml = await readableSource(getServices(context).db, user, code, version);
  if (yaml === null) notFound();
  return sendFile(context, request, { body: yaml, type: "application/yaml; charset=utf-8", fileName: `${code}-${version}.yaml` });
}
