import type { Route } from "./+types/map-svg";
import { MAX_YEAR, MIN_YEAR } from "#app/domain/registry/codes.ts";
import { z } from "#app/forms/validation.ts";
import { getInstance } from "#app/middleware/i18next.ts";
import { sendFile } from "#app/http/download.server.ts";
import { registryReader } from "#app/http/registry.server.ts";
import { dashboardData } from "#app/services/registry/registry-dashboard.server.ts";
import { renderWorldMapSvg } from "#app/services/registry/world-map.server.ts";

const querySchema = z.object({ year: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional().catch(undefined) });

/** The world map of the dashboard, coloured by number of projects per country (an SVG image, no script). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { db, actor } = registryReader(context, request);
  const { year } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const figures = await dashboardData(db, actor, year);
  const t = getInstance(context).t;
  const en = getInstance(context).language === "en";
  const names = new Map(figures.countries.map((c) => [c.iso, en ? c.nameEn : c.nameFr]));
  const counts = new Map(figures.byCountry.map((c) => [c.key, c.count]));
  const svg = renderWorldMapSvg({
    counts,
    title: year ? t("registry:dashboard.mapSvgTitleYear", { year }) : t("registry:dashboard.mapSvgTitle"),
    description: figures.byCountry.map((c) => `${names.get(c.key) ?? c.key}: ${c.count}`).join("; "),
    countryLabel: (iso, n) => `${names.get(iso) ?? iso}: ${t("registry:dashboard.projectCount", { count: n })}`,
    legendTitle: t("registry:dashboard.legend"),
    noProjectLabel: t("registry:dashboard.legendNone"),
  });
  return sendFile(context, request, { body: svg, type: "image/svg+xml; charset=utf-8", compress: true });
}
