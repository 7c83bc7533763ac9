// Small referential versions built in code, for tests and benchmarks. Defaults follow DOMAIN.md (2024 scale
// and level rules); texts are placeholders, distinct in FR and EN.
import type { Criterion, Level, RatingGuidance, ReferentialVersion, Scale, Tier } from "./schema.ts";

export const DEFAULT_SCALE: Scale = {
  values: [
    { value: 3, label: { fr: "Conforme", en: "Fully met" }, description: { fr: "Exigence entièrement satisfaite", en: "Requirement fully met" }, weight: 1000 },
    { value: 2, label: { fr: "Largement conforme", en: "Largely met" }, description: { fr: "Écarts mineurs", en: "Minor gaps" }, weight: 700 },
    { value: 1, label: { fr: "Partiellement conforme", en: "Partially met" }, description: { fr: "Écarts importants", en: "Major gaps" }, weight: 350 },
    { value: 0, label: { fr: "Non conforme", en: "Not met" }, description: { fr: "Exigence non satisfaite", en: "Requirement not met" }, weight: 0 },
  ],
  not_applicable: {
    label: { fr: "Non applicable", en: "Not applicable" },
    description: { fr: "Le critère ne concerne pas l'établissement", en: "The criterion does not concern the hospital" },
  },
};

export const DEFAULT_LEVELS: Level[] = [
  { code: "bronze", name: { fr: "Bronze", en: "Bronze" }, colour: "#8C5A1E", conditions: { critical_min_value: 2, global_min_percent: 60, chapter_min_percent: 50 } },
  {
    code: "silver",
    name: { fr: "Argent", en: "Silver" },
    colour: "#5F6B6D",
    conditions: { critical_min_value: 3, global_min_percent: 75, chapter_min_percent: 65, tier_min_percent: { core: 70 } },
  },
  {
    code: "gold",
    name: { fr: "Or", en: "Gold" },
    colour: "#8A6A00",
    conditions: { critical_min_value: 3, global_min_percent: 85, chapter_min_percent: 75, tier_min_percent: { core: 80, advanced: 60 } },
  },
];

/** A tier, or a tier with overrides (e.g. `{ tier: "core", na_allowed: true }`). */
export type CriterionSpec = Tier | ({ tier: Tier } & Partial<Omit<Criterion, "tier">>);

export interface VersionSpec {
  /** chapters → standards → criteria. Codes are numbered from 1: chapter "1", standard "1.1", criterion "1.1.1". */
  chapters: CriterionSpec[][][];
  code?: string;
  version?: string;
  scale?: Scale;
  levels?: Level[];
}

export function makeVersion(spec: VersionSpec): ReferentialVersion {
  return {
    code: spec.code ?? "label-qss",
    version: spec.version ?? "2024",
    illustrative: true,
    title: { fr: "Référentiel de test", en: "Test standards manual" },
    description: { fr: "Contenu illustratif pour les tests", en: "Illustrative content for tests" },
    effective_date: "2024-09-01",
    review_by: "2028-09-01",
    approval_body: { fr: "Comité de test", en: "Test committee" },
    development_notes: { fr: "Écrit pour les tests", en: "Written for tests" },
    changelog: [{ date: "2024-06-15", text: { fr: "Première version", en: "First version" } }],
    validity_years: 4,
    scale: structuredClone(spec.scale ?? DEFAULT_SCALE),
    levels: structuredClone(spec.levels ?? DEFAULT_LEVELS),
    chapters: spec.chapters.map((standards, ci) => {
      const chapterCode = String(ci + 1);
      return {
        code: chapterCode,
        title: { fr: `Chapitre ${chapterCode}`, en: `Chapter ${chapterCode}` },
        standards: standards.map((criteria, si) => {
          const standardCode = `${chapterCode}.${si + 1}`;
          return {
            code: standardCode,
            title: { fr: `Objectif ${standardCode}`, en: `Standard ${standardCode}` },
            intent: { fr: `Raison d'être ${standardCode}`, en: `Intent ${standardCode}` },
            criteria: criteria.map((c, ki) => makeCriterion(`${standardCode}.${ki + 1}`, typeof c === "string" ? { tier: c } : c)),
          };
        }),
      };
    }),
  };
}

function makeCriterion(code: string, { tier, ...overrides }: { tier: Tier } & Partial<Omit<Criterion, "tier">>): Criterion {
  // Keys in the order of FORMAT-DRAFT.md, so serialised fixtures read like real files.
  return {
    code,
    tier,
    text: { fr: `Exigence ${code}`, en: `Requirement ${code}` },
    guidance: { fr: `Conseils ${code}`, en: `Guidance ${code}` },
    methods: ["document"],
    evidence: [{ fr: `Preuve ${code}`, en: `Evidence ${code}` }],
    na_allowed: false,
    isqua: [4],
    ...overrides,
  };
}

/** Rating guidance for the default scale (3, 2, 1, 0), texts naming the criterion's code; with a sample if asked. */
export function makeRatingGuidance(code: string, withSample = false): RatingGuidance {
  return {
    "3": { fr: `Tout est en place ${code}`, en: `Everything in place ${code}` },
    "2": { fr: `Un écart mineur ${code}`, en: `One minor gap ${code}` },
    "1": { fr: `Des écarts importants ${code}`, en: `Major gaps ${code}` },
    "0": { fr: `Rien en place ${code}`, en: `Nothing in place ${code}` },
    ...(withSample ? { sample: { fr: `20 dossiers tirés au sort ${code}`, en: `20 randomly drawn records ${code}` } } : {}),
  };
}

/** The metadata of ISQua principles 1–2 that versions from 2026 must carry. */
export const PRINCIPLES_METADATA: Pick<ReferentialVersion, "glossary" | "references" | "tier_rationale" | "rules_rationale" | "development"> = {
  glossary: [{ term: { fr: "Traceur", en: "Tracer" }, definition: { fr: "Suivi du parcours d'un patient", en: "Following one patient's journey" } }],
  references: [{ citation: { fr: "OMS, recommandations 2009", en: "WHO, 2009 guidelines" }, url: "https://www.who.int/publications" }],
  tier_rationale: { fr: "Pourquoi les niveaux d'exigence", en: "Why the tiers" },
  rules_rationale: { fr: "Pourquoi les règles de niveau", en: "Why the level rules" },
  development: {
    developed_by: { fr: "Groupe de travail", en: "Working group" },
    consultation: { fr: "Consultation publique", en: "Public consultation" },
    patients_and_partners: { fr: "Patients partenaires", en: "Patient partners" },
    approved_on: "2026-03-01",
    next_review: "2030-03-01",
  },
};

/**
 * The version renumbered 2026 with the metadata of principles 1–2, and rating guidance on every critical criterion
 * (with a sample) so it validates.
 */
export function asVersion2026(version: ReferentialVersion): ReferentialVersion {
  const out: ReferentialVersion = { ...structuredClone(version), version: "2026", ...structuredClone(PRINCIPLES_METADATA) };
  for (const chapter of out.chapters) {
    for (const standard of chapter.standards) {
      for (const criterion of standard.criteria) if (criterion.tier === "critical") criterion.rating_guidance = makeRatingGuidance(criterion.code, true);
    }
  }
  return out;
}

/** The same version without one criterion (emptied standards and chapters are kept, for comparisons). */
export function withoutCriterion(version: ReferentialVersion, code: string): ReferentialVersion {
  return {
    ...version,
    chapters: version.chapters.map((chapter) => ({
      ...chapter,
      standards: chapter.standards.map((standard) => ({ ...standard, criteria: standard.criteria.filter((c) => c.code !== code) })),
    })),
  };
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so generated data is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A realistic-sized version: `chapterCount` chapters, `criterionCount` criteria spread over 3 standards each. */
export function generateVersion(chapterCount: number, criterionCount: number, seed = 1): ReferentialVersion {
  const random = seededRandom(seed);
  const chapters: CriterionSpec[][][] = Array.from({ length: chapterCount }, () => [[], [], []]);
  for (let i = 0; i < criterionCount; i++) {
    const roll = random();
    const tier: Tier = roll < 0.15 ? "critical" : roll < 0.8 ? "core" : "advanced";
    const standard = chapters[i % chapterCount]?.[Math.floor(i / chapterCount) % 3];
    standard?.push({ tier, na_allowed: tier !== "critical" && random() < 0.3 });
  }
  return makeVersion({ chapters });
}
