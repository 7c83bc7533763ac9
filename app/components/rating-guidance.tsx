// What earns each rating on a criterion, shown next to the rating control (self-assessment, audit) and on the
// criterion's page. Imports no zod (the scoring pages' JavaScript budget, ADR 0024).
import { useTranslation } from "#app/components/translation.tsx";
import type { RatingGuidanceView } from "#app/domain/referential/rating-guidance.ts";

/**
 * What earns each rating (value, its label, the text) and the sample to draw, folded in a `<details>` that opens
 * without JavaScript; `open` on the criterion's own page.
 */
export function RatingGuidance({ guidance, open = false }: { guidance: RatingGuidanceView | null; open?: boolean }) {
  const { t } = useTranslation("referential");
  if (!guidance) return null;
  return (
    <details className="rating-guidance" open={open}>
      <summary>{t("ratingGuidance.title")}</summary>
      <dl>
        {guidance.values.map((v) => (
          <div key={v.value}>
            <dt>
              {v.value} — {v.label}
            </dt>
            <dd>{v.text}</dd>
          </div>
        ))}
      </dl>
      {guidance.sample ? (
        <p className="rating-guidance-sample">
          <span className="ref-label">{t("ratingGuidance.sample")}</span> {guidance.sample}
        </p>
      ) : null}
    </details>
  );
}
