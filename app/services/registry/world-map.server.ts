// The dashboard's world map: server-rendered SVG from the world-atlas TopoJSON shipped in the npm package
// (no tiles, no outside request). Country outlines are projected once per process and cached.
import { geoEqualEarth, geoPath } from "d3-geo";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { createRequire } from "node:module";
import countryList from "#db/seed/countries.json";

export const MAP_WIDTH = 960;
export const MAP_HEIGHT = 470;

// world-atlas names that differ from the English names in db/seed/countries.json.
const ALIASES: Record<string, string> = {
  "United States of America": "US",
  "Dem. Rep. Congo": "CD",
  Congo: "CG",
  "Central African Rep.": "CF",
  "Eq. Guinea": "GQ",
  "S. Sudan": "SS",
  "W. Sahara": "EH",
  "Dominican Rep.": "DO",
  "Falkland Is.": "FK",
  "Fr. S. Antarctic Lands": "TF",
  Palestine: "PS",
  Myanmar: "MM",
  Turkey: "TR",
  "Solomon Is.": "SB",
  "Bosnia and Herz.": "BA",
  Macedonia: "MK",
  Vatican: "VA",
  "Marshall Is.": "MH",
  "N. Mariana Is.": "MP",
  "U.S. Virgin Is.": "VI",
  "S. Geo. and the Is.": "GS",
  "Br. Indian Ocean Ter.": "IO",
  "Pitcairn Is.": "PN",
  "Cayman Is.": "KY",
  "British Virgin Is.": "VG",
  "Turks and Caicos Is.": "TC",
  "São Tomé and Principe": "ST",
  "St. Vin. and Gren.": "VC",
  "St. Kitts and Nevis": "KN",
  "Cook Is.": "CK",
  "St. Pierre and Miquelon": "PM",
  "Wallis and Futuna Is.": "WF",
  "St-Martin": "MF",
  "St-Barthélemy": "BL",
  "Fr. Polynesia": "PF",
  Åland: "AX",
  "Faeroe Is.": "FO",
  Macao: "MO",
  "Hong Kong": "HK",
  "Cabo Verde": "CV",
  "Heard I. and McDonald Is.": "HM",
  "Antigua and Barb.": "AG",
  Somaliland: "SO",
  "N. Cyprus": "CY",
};

interface MapShapes {
  countries: { iso: string; d: string }[];
  borders: string;
  sphere: string;
}

let cached: MapShapes | null = null;

export function mapShapes(): MapShapes {
  if (cached) return cached;
  // Read at run time from the package (110 kB), rather than bundled into the server build.
  const world = createRequire(import.meta.url)("world-atlas/countries-110m.json");
  const topology = world as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const collection = feature(topology, topology.objects.countries);
  const projection = geoEqualEarth().fitExtent(
    [
      [4, 4],
      [MAP_WIDTH - 4, MAP_HEIGHT - 4],
    ],
    { type: "Sphere" },
  );
  const path = geoPath(projection);
  const isoByName = new Map(countryList.map((c) => [c.nameEn, c.iso]));
  const round = (d: string | null) => (d ?? "").replace(/(\d+)\.\d+/g, "$1");
  const countries: MapShapes["countries"] = [];
  for (const f of collection.features) {
    const name = f.properties?.name ?? "";
    const iso = ALIASES[name] ?? isoByName.get(name);
    if (!iso || name === "Antarctica") continue;
    countries.push({ iso, d: round(path(f)) });
  }
  cached = {
    countries,
    borders: round(path(mesh(topology, topology.objects.countries, (a, b) => a !== b))),
    sphere: round(path({ type: "Sphere" })),
  };
  return cached;
}

/** Five blues from light to dark; "no project" is a neutral grey. */
export const MAP_COLOURS = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
export const MAP_EMPTY = "#eceff3";

export function colourScale(maxCount: number): { colourOf: (n: number) => string; steps: { from: number; to: number; colour: string }[] } {
  const buckets = Math.min(MAP_COLOURS.length, Math.max(1, maxCount));
  const steps: { from: number; to: number; colour: string }[] = [];
  for (let i = 0; i < buckets; i++) {
    const from = Math.floor((i * maxCount) / buckets) + 1;
    const to = Math.floor(((i + 1) * maxCount) / buckets);
    steps.push({ from, to, colour: MAP_COLOURS[Math.round((i * (MAP_COLOURS.length - 1)) / Math.max(1, buckets - 1))]! });
  }
  return { colourOf: (n) => (n <= 0 ? MAP_EMPTY : steps.find((s) => n >= s.from && n <= s.to)?.colour ?? steps.at(-1)!.colour), steps };
}

const escapeXml = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/** The whole map as an SVG document: each country coloured by its number of projects, with its name and count as title. */
export function renderWorldMapSvg(options: {
  counts: Map<string, number>;
  title: string;
  description: string;
  countryLabel: (iso: string, count: number) => string;
  legendTitle: string;
  noProjectLabel: string;
}): string {
  const shapes = mapShapes();
  const maxCount = Math.max(0, ...options.counts.values());
  const scale = colourScale(maxCount);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT + 40}" role="img" aria-labelledby="map-title map-desc" font-family="system-ui, sans-serif">`,
    `<title id="map-title">${escapeXml(options.title)}</title><desc id="map-desc">${escapeXml(options.description)}</desc>`,
    `<path d="${shapes.sphere}" fill="#f7f9fc" stroke="#cfd6df"/>`,
  );
  for (const c of shapes.countries) {
    const n = options.counts.get(c.iso) ?? 0;
    parts.push(`<path d="${c.d}" fill="${scale.colourOf(n)}"><title>${escapeXml(options.countryLabel(c.iso, n))}</title></path>`);
  }
  parts.push(`<path d="${shapes.borders}" fill="none" stroke="#ffffff" stroke-width="0.5"/>`);
  // Legend: "no project" then each step, with its range in text.
  let x = 8;
  const y = MAP_HEIGHT + 12;
  parts.push(`<text x="${x}" y="${y + 12}" font-size="13" fill="#1b1f24">${escapeXml(options.legendTitle)}</text>`);
  x += 8 + options.legendTitle.length * 7;
  const legend = [{ colour: MAP_EMPTY, label: options.noProjectLabel }, ...scale.steps.map((s) => ({ colour: s.colour, label: s.from === s.to ? `${s.from}` : `${s.from}–${s.to}` }))];
  for (const item of legend) {
    parts.push(`<rect x="${x}" y="${y}" width="16" height="16" fill="${item.colour}" stroke="#8a94a0" stroke-width="0.5"/>`);
    parts.push(`<text x="${x + 22}" y="${y + 12}" font-size="13" fill="#1b1f24">${escapeXml(item.label)}</text>`);
    x += 34 + item.label.length * 7;
  }
  parts.push("</svg>");
  return parts.join("");
}
