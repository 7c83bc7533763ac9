// Schema of one referential version file (referentials/<code>/<version>.yaml), exactly as in
// referentials/FORMAT-DRAFT.md. Keys stay snake_case as in the YAML: one shape from file to database to page.
// Browser-safe: zod and the domain's text rules (the vocabularies, without zod, are in vocabulary.ts).
import { z } from "zod";

import { hasControlCharacters } from "../text.ts";
import { TIERS, FLOOR_TIERS, METHODS, LEVEL_CODES, ISQUA_PRINCIPLES, SERVICES, REFERENTIAL_STATUSES } from "./vocabulary.ts";

export { TIERS, FLOOR_TIERS, METHODS, LEVEL_CODES, ISQUA_PRINCIPLES, SERVICES, REFERENTIAL_STATUSES };

const isoDate = z.iso.date({ error: "must be an ISO date (YYYY-MM-DD)" });
// Line feeds and tabs are allowed (YAML block text; YAML reads CRLF as LF); other control characters are not:
// PostgreSQL refuses U+0000, and the rest are invisible in every page and PDF the version is shown in.
const text = z
  .string()
  .refine((s) => s.trim().length > 0, { error: "must not be empty", abort: true })
  .refine((s) => !hasControlCharacters(s, { multiline: true }), { error: "must not hold control characters (only line feeds and tabs)" });
// Codes such as "9", "9.2", "9.2.3" (dot-separated segments, no spaces).
const itemCode = z
  .string()
  .regex(/^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$/, { error: "must be a code such as 9.2.3 (letters or digits separated by dots)" });
const percent = z.int().min(0).max(100);

export const BilingualSchema = z.strictObject({ fr: text, en: text });

export const ScaleValueSchema = z.strictObject({
  value: z.int().min(0),
  label: BilingualSchema,
  description: BilingualSchema,
  weight: z.int().min(0).max(1000), // per mille, so every score stays an exact integer sum
});

export const ScaleSchema = z.strictObject({
  values: z.array(ScaleValueSchema).min(2),
  not_applicable: z.strictObject({ label: BilingualSchema, description: BilingualSchema }),
});

// A tier that is not a floor tier gets a message naming the allowed ones (and, for critical, the rule that governs
// it), at the key's own path, rather than a bare "unknown key". A string key schema (not an enum) makes zod report
// each bad key with this message.
const floorTier = z.string().pipe(
  z.enum(FLOOR_TIERS, {
    error: (issue) =>
      issue.input === "critical"
        ? `the critical tier is ruled by critical_min_value, not by a score floor (tiers: ${FLOOR_TIERS.join(", ")})`
        : `unknown tier ${String(issue.input)} (tiers: ${FLOOR_TIERS.join(", ")})`,
  }),
);

export const LevelConditionsSchema = z.strictObject({
  critical_min_value: z.int().min(0),
  global_min_percent: percent,
  chapter_min_percent: percent,
  /** Floor on a tier's score, e.g. `{core: 70}`: the mean over that tier's rated, applicable criteria. */
  tier_min_percent: z
    .partialRecord(floorTier, percent)
    .refine((floors) => Object.keys(floors).length > 0, { error: `must name at least one tier (${FLOOR_TIERS.join(", ")}), or be left out` })
    .optional(),
});

export const LevelSchema = z.strictObject({
  code: z.enum(LEVEL_CODES),
  name: BilingualSchema,
  colour: z.string().regex(/^#[0-9A-Fa-f]{6}$/, { error: "must be a colour such as #8C5A1E" }),
  conditions: LevelConditionsSchema,
});

/**
 * What earns each scale value, keyed by the version's scale values ("3", "2", "1", "0"), plus an optional `sample`
 * (the sample to draw). A mapping here; `checkReferential` checks its keys against the scale.
 */
export const RatingGuidanceSchema = z.record(z.string(), BilingualSchema);
/** The key of `rating_guidance` that is not a scale value. */
export const RATING_GUIDANCE_SAMPLE = "sample";

export const CriterionSchema = z.strictObject({
  code: itemCode,
  tier: z.enum(TIERS),
  text: BilingualSchema,
  guidance: BilingualSchema,
  methods: z.array(z.enum(METHODS)).min(1),
  evidence: z.array(BilingualSchema).min(1),
  na_allowed: z.boolean(),
  /** The service the criterion depends on: N/A only where the hospital lacks it (critical criteria included). */
  service: z.enum(SERVICES).optional(),
  isqua: z.array(z.int().min(1).max(6)).min(1),
  // The previous version's criteria this one descends from; [] declares it new even though its code was used before.
  // Absent: it descends from the previous version's criterion with the same code, if any.
  replaces: z.array(itemCode).optional(),
  /** What earns each scale value, and the sample to draw (required on decisive criteria from version 2026). */
  rating_guidance: RatingGuidanceSchema.optional(),
});

export const StandardSchema = z.strictObject({
  code: itemCode,
  title: BilingualSchema,
  intent: BilingualSchema,
  criteria: z.array(CriterionSchema).min(1),
});

export const ChapterSchema = z.strictObject({
  code: itemCode,
  title: BilingualSchema,
  standards: z.array(StandardSchema).min(1),
});

export const ChangelogEntrySchema = z.strictObject({ date: isoDate, text: BilingualSchema });

/** ISQua principles 1–2: the terms the version uses, defined once. */
export const GlossaryEntrySchema = z.strictObject({ term: BilingualSchema, definition: BilingualSchema });
export const ReferenceSchema = z.strictObject({
  citation: BilingualSchema,
  url: z.url({ protocol: /^https$/, error: "must be an https:// address" }).optional(),
});
/** ISQua principle 1: who developed the version, how they consulted, who approved it and when it is reviewed. */
export const DevelopmentSchema = z.strictObject({
  developed_by: BilingualSchema,
  consultation: BilingualSchema,
  patients_and_partners: BilingualSchema,
  approved_on: isoDate,
  next_review: isoDate,
});

/**
 * Versions from this one on (natural order) must carry rating guidance on decisive criteria and the metadata of
 * ISQua principles 1–2; earlier, frozen versions stay valid without them.
 */
export const PRINCIPLES_REQUIRED_FROM_VERSION = "2026";

/** Natural order of version numbers: 2019 < 2024 < 2024.1 < 2024.10. */
export function compareVersionNumbers(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true, sensitivity: "base" }) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Structure only; `ReferentialVersionSchema` adds the semantic checks. */
export const ReferentialVersionShape = z.strictObject({
  code: z.string().regex(/^[a-z0-9-]+$/, { error: "must match [a-z0-9-]+" }),
  version: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.-]*$/, { error: "must be a version such as 2024" }),
  illustrative: z.boolean(),
  title: BilingualSchema,
  description: BilingualSchema,
  effective_date: isoDate,
  review_by: isoDate,
  approval_body: BilingualSchema,
  development_notes: BilingualSchema,
  // ISQua principles 1–2, required from PRINCIPLES_REQUIRED_FROM_VERSION.
  glossary: z.array(GlossaryEntrySchema).min(1).optional(),
  references: z.array(ReferenceSchema).min(1).optional(),
  tier_rationale: BilingualSchema.optional(),
  rules_rationale: BilingualSchema.optional(),
  development: DevelopmentSchema.optional(),
  changelog: z.array(ChangelogEntrySchema).min(1),
  validity_years: z.int().min(1).max(10),
  scale: ScaleSchema,
  levels: z.array(LevelSchema).min(1),
  chapters: z.array(ChapterSchema).min(1),
});

export type Tier = (typeof TIERS)[number];
export type FloorTier = (typeof FLOOR_TIERS)[number];
export type Method = (typeof METHODS)[number];
export type Service = (typeof SERVICES)[number];
export type LevelCode = (typeof LEVEL_CODES)[number];
export type ReferentialStatus = (typeof REFERENTIAL_STATUSES)[number];
export type Bilingual = z.infer<typeof BilingualSchema>;
export type ScaleValue = z.infer<typeof ScaleValueSchema>;
export type Scale = z.infer<typeof ScaleSchema>;
export type LevelConditions = z.infer<typeof LevelConditionsSchema>;
export type Level = z.infer<typeof LevelSchema>;
export type Criterion = z.infer<typeof CriterionSchema>;
export type RatingGuidance = z.infer<typeof RatingGuidanceSchema>;
export type GlossaryEntry = z.infer<typeof GlossaryEntrySchema>;
export type Reference = z.infer<typeof ReferenceSchema>;
export type Development = z.infer<typeof DevelopmentSchema>;
export type Standard = z.infer<typeof StandardSchema>;
export type Chapter = z.infer<typeof ChapterSchema>;
export type ChangelogEntry = z.infer<typeof ChangelogEntrySchema>;
export type ReferentialVersion = z.infer<typeof ReferentialVersionShape>;

/** Every criterion of a version, in the order of the file. */
export function allCriteria(version: ReferentialVersion): Criterion[] {
  return version.chapters.flatMap((c) => c.standards.flatMap((s) => s.criteria));
}

export type PathSegment = string | number;
export interface SemanticProblem {
  path: PathSegment[];
  message: string;
}

/** `["chapters", 3, "standards", 1, "code"]` → `chapters[3].standards[1].code` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

const LEVEL_ORDER_CONDITIONS = ["critical_min_value", "global_min_percent", "chapter_min_percent"] as const;

/**
 * Rules the structure cannot express. Runs on a structurally valid version; every problem carries the path
 * of the offending field.
 */
export function checkReferential(version: ReferentialVersion): SemanticProblem[] {
  const problems: SemanticProblem[] = [];
  const add = (path: PathSegment[], message: string) => problems.push({ path, message });

  checkDates(version, add);
  checkScale(version, add);
  checkLevels(version, add);
  const principlesRequired = compareVersionNumbers(version.version, PRINCIPLES_REQUIRED_FROM_VERSION) >= 0;
  checkPrinciples(version, principlesRequired, add);
  const scaleKeys = version.scale.values.map((v) => String(v.value));

  const chapterSeen = new Map<string, PathSegment[]>();
  const standardSeen = new Map<string, PathSegment[]>();
  const criterionSeen = new Map<string, PathSegment[]>();
  const noteDuplicate = (seen: Map<string, PathSegment[]>, code: string, path: PathSegment[]) => {
    const first = seen.get(code);
    if (first) add([...path, "code"], `duplicate code ${code} (also at ${formatPath(first)})`);
    else seen.set(code, path);
  };

  version.chapters.forEach((chapter, ci) => {
    const chapterPath: PathSegment[] = ["chapters", ci];
    noteDuplicate(chapterSeen, chapter.code, chapterPath);
    if (chapter.code.includes(".")) add([...chapterPath, "code"], `chapter code ${chapter.code} must be a single segment such as 9`);
    chapter.standards.forEach((standard, si) => {
      const standardPath: PathSegment[] = [...chapterPath, "standards", si];
      noteDuplicate(standardSeen, standard.code, standardPath);
      if (!isChildCode(standard.code, chapter.code)) {
        add([...standardPath, "code"], `standard code ${standard.code} must be prefixed by its chapter's code (${chapter.code}.<n>)`);
      }
      standard.criteria.forEach((criterion, ki) => {
        const criterionPath: PathSegment[] = [...standardPath, "criteria", ki];
        noteDuplicate(criterionSeen, criterion.code, criterionPath);
        if (!isChildCode(criterion.code, standard.code)) {
          add([...criterionPath, "code"], `criterion code ${criterion.code} must be prefixed by its standard's code (${standard.code}.<n>)`);
        }
        checkNotApplicable(criterion, criterionPath, add);
        noteRepeats(criterion.methods, [...criterionPath, "methods"], add);
        noteRepeats(criterion.isqua, [...criterionPath, "isqua"], add);
        if (criterion.replaces) noteRepeats(criterion.replaces, [...criterionPath, "replaces"], add);
        checkRatingGuidance(criterion, scaleKeys, principlesRequired, criterionPath, add);
      });
    });
  });
  return problems;
}

/**
 * N/A is a statement about the hospital, not about the criterion's difficulty: a critical criterion may allow it only
 * when it depends on a service the hospital may lack (the auditor then confirms the service is absent), and a
 * criterion that depends on a service must allow it.
 */
function checkNotApplicable(criterion: Criterion, path: PathSegment[], add: (path: PathSegment[], message: string) => void) {
  if (criterion.tier === "critical" && criterion.na_allowed && criterion.service === undefined) {
    add([...path, "na_allowed"], `a critical criterion may allow N/A only when it depends on a service: declare service (one of ${SERVICES.join(", ")}) or set na_allowed to false`);
  }
  if (criterion.service !== undefined && !criterion.na_allowed) {
    add([...path, "service"], "a criterion that depends on a service must allow N/A (na_allowed: true), for hospitals without that service");
  }
}

/** A percentage in a text, e.g. "95 %", "95%", "99,5 %" (any space before the sign). */
const PERCENT_TARGET = /\d+(?:[.,]\d+)?\s?%/u;

/** The criterion states a numeric target (a percentage) in French or English. */
export function statesNumericTarget(criterion: Criterion): boolean {
  return PERCENT_TARGET.test(criterion.text.fr) || PERCENT_TARGET.test(criterion.text.en);
}

/** From version 2026, what earns each rating must be written wherever a rating decides a level or a target is set. */
export function requiresRatingGuidance(criterion: Criterion): boolean {
  return criterion.tier === "critical" || statesNumericTarget(criterion);
}

function checkRatingGuidance(criterion: Criterion, scaleKeys: string[], required: boolean, path: PathSegment[], add: (path: PathSegment[], message: string) => void) {
  const guidance = criterion.rating_guidance;
  if (!guidance) {
    if (required && requiresRatingGuidance(criterion)) {
      const why = criterion.tier === "critical" ? "a critical criterion" : "a criterion that states a numeric target (a percentage)";
      add([...path, "rating_guidance"], `required on ${why} from version ${PRINCIPLES_REQUIRED_FROM_VERSION}: say what earns each scale value (${scaleKeys.join(", ")})`);
    }
    return;
  }
  for (const key of Object.keys(guidance)) {
    if (key !== RATING_GUIDANCE_SAMPLE && !scaleKeys.includes(key)) {
      add([...path, "rating_guidance", key], `unknown key: the keys are the scale values (${scaleKeys.join(", ")}) and ${RATING_GUIDANCE_SAMPLE}`);
    }
  }
  const missing = scaleKeys.filter((key) => guidance[key] === undefined);
  if (missing.length > 0) add([...path, "rating_guidance"], `must say what earns every scale value: missing ${missing.join(", ")}`);
}

function checkPrinciples(version: ReferentialVersion, required: boolean, add: (path: PathSegment[], message: string) => void) {
  if (required) {
    for (const key of ["glossary", "references", "tier_rationale", "rules_rationale", "development"] as const) {
      if (version[key] === undefined) add([key], `required from version ${PRINCIPLES_REQUIRED_FROM_VERSION} (ISQua principles 1–2)`);
    }
  }
  for (const language of ["fr", "en"] as const) {
    const seen = new Map<string, number>();
    version.glossary?.forEach((entry, i) => {
      const key = entry.term[language].trim().toLocaleLowerCase(language);
      const first = seen.get(key);
      if (first !== undefined) add(["glossary", i, "term", language], `duplicate term ${entry.term[language].trim()} (also at glossary[${first}])`);
      else seen.set(key, i);
    });
  }
  const development = version.development;
  if (development && development.next_review <= development.approved_on) {
    add(["development", "next_review"], `must be after approved_on (${development.approved_on})`);
  }
}

function isChildCode(child: string, parent: string): boolean {
  const rest = child.startsWith(`${parent}.`) ? child.slice(parent.length + 1) : "";
  return rest !== "" && !rest.includes(".");
}

function noteRepeats<T>(items: readonly T[], path: PathSegment[], add: (path: PathSegment[], message: string) => void) {
  items.forEach((item, i) => {
    if (items.indexOf(item) !== i) add([...path, i], `${String(item)} is listed twice`);
  });
}

function checkDates(version: ReferentialVersion, add: (path: PathSegment[], message: string) => void) {
  // ISO dates compare correctly as strings.
  if (version.review_by <= version.effective_date) {
    add(["review_by"], `must be after effective_date (${version.effective_date})`);
  } else {
    const fourYearsLater = `${Number(version.effective_date.slice(0, 4)) + 4}${version.effective_date.slice(4)}`;
    if (version.review_by > fourYearsLater) {
      add(["review_by"], `must be at most 4 years after effective_date (${fourYearsLater} at the latest; ISQua review cycle)`);
    }
  }
  version.changelog.forEach((entry, i) => {
    const before = version.changelog[i - 1];
    if (before && entry.date > before.date) add(["changelog", i, "date"], `changelog must be newest first (${entry.date} is after ${before.date})`);
  });
}

function checkScale(version: ReferentialVersion, add: (path: PathSegment[], message: string) => void) {
  const values = version.scale.values;
  const seenAt = new Map<number, number>();
  values.forEach((entry, i) => {
    const first = seenAt.get(entry.value);
    if (first !== undefined) {
      add(["scale", "values", i, "value"], `duplicate value ${entry.value} (also at scale.values[${first}])`);
      return;
    }
    seenAt.set(entry.value, i);
    const above = values[i - 1];
    if (!above) return;
    if (entry.value > above.value) add(["scale", "values", i, "value"], `values must be listed highest first (${entry.value} comes after ${above.value})`);
    else if (entry.weight >= above.weight) {
      add(["scale", "values", i, "weight"], `weights must decrease strictly with value (${entry.weight} for ${entry.value} is not below ${above.weight} for ${above.value})`);
    }
  });
}

function checkLevels(version: ReferentialVersion, add: (path: PathSegment[], message: string) => void) {
  const levels = version.levels;
  const scaleValues = [...new Set(version.scale.values.map((v) => v.value))];
  levels.forEach((level, i) => {
    const expected = LEVEL_CODES[i];
    if (level.code !== expected) {
      add(["levels", i, "code"], expected ? `levels must be ${LEVEL_CODES.join(", ")}, lowest first, each once: expected ${expected} here` : `only ${LEVEL_CODES.length} levels exist (${LEVEL_CODES.join(", ")})`);
    }
    if (!scaleValues.includes(level.conditions.critical_min_value)) {
      add(["levels", i, "conditions", "critical_min_value"], `must be one of the scale values: ${scaleValues.join(", ")}`);
    }
  });
  if (levels.length < LEVEL_CODES.length) {
    add(["levels"], `must list ${LEVEL_CODES.join(", ")}, lowest first, each once (missing ${LEVEL_CODES.slice(levels.length).join(", ")})`);
  }
  for (let i = 1; i < levels.length; i++) {
    const lower = levels[i - 1];
    const level = levels[i];
    if (!lower || !level) continue;
    let stricterSomewhere = false;
    const compare = (path: PathSegment[], before: number | undefined, now: number | undefined) => {
      const name = path.slice(3).join(".");
      if (before === undefined) {
        if (now !== undefined) stricterSomewhere = true; // a new condition is a new demand
      } else if (now === undefined) {
        add(path, `required: ${level.code} must be at least as demanding as ${lower.code}, which sets ${name} ${before}`);
      } else if (now < before) {
        add(path, `must be at least ${before} (${lower.code}'s value): ${level.code} must be at least as demanding as ${lower.code}`);
      } else if (now > before) stricterSomewhere = true;
    };
    for (const condition of LEVEL_ORDER_CONDITIONS) compare(["levels", i, "conditions", condition], lower.conditions[condition], level.conditions[condition]);
    for (const tier of FLOOR_TIERS) {
      compare(["levels", i, "conditions", "tier_min_percent", tier], lower.conditions.tier_min_percent?.[tier], level.conditions.tier_min_percent?.[tier]);
    }
    if (!stricterSomewhere) {
      add(["levels", i, "conditions"], `${level.code} must be more demanding than ${lower.code} on at least one condition`);
    }
  }
}

/** Structure plus semantic checks: the one schema for a referential version file. */
export const ReferentialVersionSchema = ReferentialVersionShape.superRefine((version, ctx) => {
  for (const problem of checkReferential(version)) ctx.addIssue({ code: "custom", message: problem.message, path: problem.path });
});
