// One criterion of a version as its scoring page shows it, in one language: the same shape whether the server's
// loader builds it or the browser builds it from a visit taken offline (docs/decisions/0023-offline-visit.md). Pure.
import type { Language } from "#app/domain/language.ts";
import { ratingGuidanceView } from "#app/domain/referential/rating-guidance.ts";
import type { ReferentialVersion } from "#app/domain/referential/schema.ts";
import type { PreparedVersion } from "#app/domain/scoring/engine.ts";

/** The criterion `code` with its chapter and standard, in `lng`; null when the version has no such criterion. */
export function criterionView(version: ReferentialVersion, prepared: PreparedVersion, code: string, lng: Language) {
  const found = version.chapters
    .flatMap((chapter) => chapter.standards.flatMap((standard) => standard.criteria.map((criterion) => ({ chapter, standard, criterion }))))
    .find((c) => c.criterion.code === code);
  const index = prepared.criterionIndex.get(code);
  const rules = index === undefined ? undefined : prepared.criteria[index];
  if (!found || !rules) return null;
  const { chapter, standard, criterion } = found;
  return {
    chapter: { code: chapter.code, title: chapter.title[lng] },
    standard: { code: standard.code, title: standard.title[lng], intent: standard.intent[lng] },
    criterion: {
      code: criterion.code,
      tier: criterion.tier,
      text: criterion.text[lng],
      guidance: criterion.guidance[lng],
      evidence: criterion.evidence.map((e) => e[lng]),
      methods: criterion.methods,
      naAllowed: rules.naAllowed,
      service: rules.service,
      ratingGuidance: ratingGuidanceView(criterion, version.scale, lng),
    },
  };
}
