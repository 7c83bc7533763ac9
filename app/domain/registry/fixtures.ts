import type { Region } from "./codes.ts";
import type { ProjectRecord } from "./model.ts";

const REGION: Record<string, Region> = { SN: "sub_saharan_africa", TG: "sub_saharan_africa", TN: "maghreb", LB: "middle_east", KZ: "central_asia", VN: "asia" };
export const regionOf = (iso: string): Region | undefined => REGION[iso];

const est = (id: string, name: string, countryCode: string, city = name) => ({ id, name, shortName: name, city, countryCode });
const site = (id: string, name: string) => ({ id, name, shortName: name });
export const NECKER = site("00000000-0000-4000-8000-00000000000a", "Necker");
export const HEGP = site("00000000-0000-4000-8000-00000000000b", "HEGP");
export const COCHIN = site("00000000-0000-4000-8000-00000000000c", "Cochin");

let n = 0;
function project(p: Partial<ProjectRecord> & Pick<ProjectRecord, "titleFr" | "theme" | "status">): ProjectRecord {
  n++;
  return {
    id: `10000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    titleEn: p.titleFr,
    summary: null,
    startYear: null,
    endYear: null,
    partnerInstitution: null,
    partnerCountryCode: null,
    partnerNotNamed: false,
    apHpLead: null,
    partnerContact: null,
    sources: null,
    notes: null,
    establishments: [],
    sites: [NECKER],
    fundings: [],
    search: "",
    updatedAt: new Date("2025-01-01T00:00:00Z"),
    ...p,
  };
}

/** Seven projects built by hand; the expected counts are worked out in the tests' comments. */
export const FIXTURE: ProjectRecord[] = [
  project({ titleFr: "Pédiatrie à Touba", theme: "paediatrics", status: "active", startYear: 2023, establishments: [est("e1", "CHNCAK", "SN", "Touba")], sites: [NECKER], fundings: [{ source: "dgos_migac", call: "MIGAC 2023", year: 2023, amountEur: 12000 }], search: "pediatrie a touba chncak" }),
  project({ titleFr: "Urgences à Dakar", theme: "emergency", status: "active", startYear: 2024, endYear: 2026, establishments: [est("e2", "CNHU Fann", "SN", "Dakar")], sites: [NECKER, HEGP], fundings: [{ source: "afd_prph", call: "PRPH4", year: null, amountEur: null }], search: "urgences a dakar cnhu fann" }),
  project({ titleFr: "Hygiène à Lomé", theme: "infectious", status: "closed", startYear: 2017, endYear: 2019, establishments: [est("e3", "CHU Sylvanus Olympio", "TG", "Lomé")], sites: [COCHIN], fundings: [{ source: "dgos_migac", call: "MIGAC 2017", year: 2017, amountEur: null }, { source: "embassy", call: null, year: null, amountEur: null }], search: "hygiene a lome chu sylvanus olympio" }),
  project({ titleFr: "Greffe à Monastir", theme: "surgery", status: "unknown", startYear: 2017, establishments: [est("e4", "CHU de Monastir", "TN", "Monastir")], sites: [NECKER], search: "greffe a monastir" }),
  project({ titleFr: "Psychiatrie à Beyrouth", theme: "mental_health", status: "active", startYear: 2017, partnerInstitution: "Hôtel-Dieu", partnerCountryCode: "LB", partnerNotNamed: true, establishments: [], sites: [HEGP], search: "psychiatrie a beyrouth hotel-dieu" }),
  project({ titleFr: "Cardiologie à Almaty", theme: "ncd", status: "active", startYear: 2025, establishments: [est("e5", "Centre de cardiologie", "KZ", "Almaty")], sites: [HEGP], search: "cardiologie a almaty" }),
  project({ titleFr: "Pédiatrie à Dakar et Lomé", theme: "paediatrics", status: "active", startYear: null, establishments: [est("e2", "CNHU Fann", "SN", "Dakar"), est("e3", "CHU Sylvanus Olympio", "TG", "Lomé")], sites: [COCHIN], search: "pediatrie a dakar et lome" }),
];
