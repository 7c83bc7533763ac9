import type { Route } from "./+types/locales";
import resources, { LOCALES, type Locale } from "#app/locales/index.ts";
import { localesVersion } from "#app/locales/version.server.ts";

/** Every namespace of one language, for the browser's i18next. Cached for good when the URL carries the current version. */
export function loader({ params, request }: Route.LoaderArgs) {
  if (!LOCALES.includes(params.lng as Locale)) return Response.json({ reason: "unknown language" }, { status: 404 });
  const versioned = new URL(request.url).searchParams.get("v") === localesVersion;
  return Response.json(resources[params.lng as Locale], {
    headers: { "Cache-Control": versioned ? "public, max-age=31536000, immutable" : "no-cache" },
  });
}
