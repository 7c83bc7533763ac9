import type { Route } from "./+types/map-svg";
import { MAX_YEAR, MIN_YEAR } from "../../domain/registry/codes";
import { z } from "../../forms/validation";
import { getInstance } from "../../middleware/i18next";
import { registryReader } from "../../services/registry-route.server";
import { dashboardData } from "../../services/registry-dashboard.server";
import { listCountries } from "../../services/registry.server";
import { renderWorldMapSvg } from "../../services/world-map.server";

const querySchema = z.object({ year: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional().catch(undefined) });

/** The world map of the dashboard, coloured by number of projects per country (an SVG image, no script). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const { db, actor } = registryReader(context, request);
  const { year } = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [figures, countries] = await Promise.all([dashboardData(db, actor, year), listCountries(db)]);
  const t = getInstance(context).t;
  const en = getInstance(context).language === "en";
  const names = new Map(countries.map((c) => [c.iso, en ? c.nameEn : c.nameFr]));
  const counts = new Map(figures.byCountry.map((c) => [c.key, c.count]));
  const svg = renderWorldMapSvg({
    counts,
    title: year ? t("registry:dashboard.mapSvgTitleYear", { year }) : t("registry:dashboard.mapSvgTitle"),
    description: figures.byCountry.map((c) => `${names.get(c.key) ?? c.key}: ${c.count}`).join("; "),
    countryLabel: (iso, n) => `${names.get(iso) ?? iso}: ${t("registry:dashboard.projectCount", { count: n })}`,
    legendTitle: t("registry:dashboard.legend"),
    noProjectLabel: t("registry:dashboard.legendNone"),
  });
  return new Response(svg, {
    headers: { "Content-Type": "image/svg+xml; charset=utf-8", "Cache-Control": "private, max-age=60" },
  });
}
