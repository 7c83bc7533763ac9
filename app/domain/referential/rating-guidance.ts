// A criterion's rating guidance (what earns each scale value, the sample to draw) in one language, for the criterion
// pages, the scoring pages and the PDF. Pure and browser-safe; type imports only, so a page using it gets no zod.
import type { Language } from "#app/domain/language.ts";
import type { Criterion, Scale } from "./schema.ts";

/** What earns each scale value of a criterion, in one language, highest value first, with the sample to draw. */
export interface RatingGuidanceView {
  values: { value: number; label: string; text: string }[];
  sample: string | null;
}

/** The criterion's rating guidance in `lang`, in the scale's order; null when the criterion has none. */
export function ratingGuidanceView(criterion: Pick<Criterion, "rating_guidance">, scale: Pick<Scale, "values">, lang: Language): RatingGuidanceView | null {
  const guidance = criterion.rating_guidance;
  if (!guidance) return null;
  return {
    values: scale.values.flatMap((v) => {
      const text = guidance[String(v.value)];
      return text ? [{ value: v.value, label: v.label[lang], text: text[lang] }] : [];
    }),
    sample: guidance.sample?.[lang] ?? null,
  };
}
