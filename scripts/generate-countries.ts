// Generates db/seed/countries.json: every ISO 3166-1 alpha-2 country with its French and English name
// (from the ICU data in Node's Intl.DisplayNames) and the registry region it is counted in.
// Run: npx tsx scripts/generate-countries.ts   (the output is committed; review the diff)
import { writeFileSync } from "node:fs";

// Deprecated or reserved codes Intl still names.
const EXCLUDED = new Set("AC AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TA TP UK UN VD XA XB YD YU ZR ZZ".split(" "));

// Region lists follow the DRI's activity reports: Egypt and the Caucasus are counted with the Middle East
// ("Proche et Moyen-Orient", "Moyen-Orient et Caucase"), Mauritania with sub-Saharan Africa, Russia with Europe.
const REGIONS: Record<string, string> = {
  sub_saharan_africa:
    "AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW",
  maghreb: "DZ EH LY MA TN",
  middle_east: "AE AM AZ BH EG GE IL IQ IR JO KW LB OM PS QA SA SY YE",
  central_asia: "KG KZ TJ TM UZ",
  asia: "AF BD BN BT CN HK ID IN JP KH KP KR LA LK MM MN MO MV MY NP PH PK SG TH TL TW VN IO",
  europe:
    "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TR UA VA XK",
  north_america: "BM CA GL PM UM US",
  latin_america_caribbean:
    "AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI GS",
  oceania: "AQ AS AU BV CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TF TK TO TV VU WF WS",
};
const regionOf = new Map<string, string>();
for (const [region, codes] of Object.entries(REGIONS)) for (const code of codes.split(" ")) regionOf.set(code, region);

// Names people use in the registry rather than ICU's short forms.
const OVERRIDES: Record<string, { fr?: string; en?: string }> = {
  CD: { fr: "République démocratique du Congo", en: "Democratic Republic of the Congo" },
  CG: { fr: "République du Congo", en: "Republic of the Congo" },
  HK: { fr: "Hong Kong (Chine)", en: "Hong Kong (China)" },
  MO: { fr: "Macao (Chine)", en: "Macao (China)" },
};

const fr = new Intl.DisplayNames(["fr"], { type: "region", fallback: "none" });
const en = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
const countries: { iso: string; nameFr: string; nameEn: string; region: string }[] = [];
for (let a = 65; a <= 90; a++) {
  for (let b = 65; b <= 90; b++) {
    const iso = String.fromCharCode(a, b);
    if (EXCLUDED.has(iso) || !en.of(iso)) continue;
    const region = regionOf.get(iso);
    if (!region) throw new Error(`No region for ${iso} (${en.of(iso)})`);
    countries.push({
      iso,
      nameFr: (OVERRIDES[iso]?.fr ?? fr.of(iso)!).replaceAll("’", "'"),
      nameEn: (OVERRIDES[iso]?.en ?? en.of(iso)!).replaceAll(" & ", " and ").replace(/^St\. /, "Saint ").replaceAll("’", "'"),
      region,
    });
  }
}
for (const code of regionOf.keys()) if (!countries.some((c) => c.iso === code)) throw new Error(`Region lists name ${code}, which is not a country`);
writeFileSync(new URL("../db/seed/countries.json", import.meta.url), "[\n" + countries.map((c) => "  " + JSON.stringify(c)).join(",\n") + "\n]\n");
console.log(`${countries.length} countries written to db/seed/countries.json`);
