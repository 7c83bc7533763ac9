// The referential's closed vocabularies (tiers, methods, levels, services…): plain values, no zod, so that a page's
// JavaScript can use them without bringing the file schema (and zod) with it. schema.ts builds its schemas on them.
export const TIERS = ["critical", "core", "advanced"] as const;
/**
 * Tiers a level may set a score floor on (`tier_min_percent`), in TIERS order. The critical tier has its own
 * rule, every criterion rated at least a value (`critical_min_value`), not a mean.
 */
export const FLOOR_TIERS = ["core", "advanced"] as const satisfies readonly (typeof TIERS)[number][];
export const METHODS = ["document", "interview", "observation", "tracer", "system_audit"] as const;
/** Lowest first: the order levels must appear in a referential version. */
export const LEVEL_CODES = ["bronze", "silver", "gold"] as const;
export const ISQUA_PRINCIPLES = [1, 2, 3, 4, 5, 6] as const;
/**
 * Services a criterion may depend on. A hospital without the service may rate the criterion N/A (critical ones
 * included), with a justification that the service does not exist; the auditor confirms or refuses that N/A.
 */
export const SERVICES = [
  "emergency",
  "intensive_care",
  "surgery",
  "maternity",
  "neonatal_care",
  "transfusion",
  "imaging",
  "laboratory",
  "high_risk_procedures",
] as const;
/** A version's life in the app (not in its file): draft → published (frozen) → retired. */
export const REFERENTIAL_STATUSES = ["draft", "published", "retired"] as const;
