import { useTranslation } from "#app/components/translation.tsx";
import type { RatingGap } from "#app/domain/audit/scoring-list.ts";
import type { ServiceNaReview } from "#app/domain/audit/service-na.ts";
import { ratingInWords, type RatingValue } from "#app/domain/process/rating-input.ts";
import type { Scale, Service, Tier } from "#app/domain/referential/schema.ts";

/** A rating as every page shows it: value + label, e.g. "2 · Largement conforme". */
export function RatingText({ rating, scale }: { rating: RatingValue | null; scale: Scale }) {
  const { t, i18n } = useTranslation("process");
  const lng = i18n.language === "en" ? "en" : "fr";
  if (rating === null) return <span className="rating rating-none">{t("rating.unrated")}</span>;
  return <span className={rating === "NA" ? "rating rating-na" : `rating rating-${rating}`}>{ratingInWords(rating, scale, lng, t("rating.na"))}</span>;
}

export function TierBadge({ tier }: { tier: Tier }) {
  const { t } = useTranslation("process");
  return <span className={`badge tier tier-${tier}`}>{t(`tiers.${tier}`)}</span>;
}

/** How far the audit rating is from the hospital's, in words and a symbol (the colour only repeats it). */
export function RatingGapText({ gap }: { gap: RatingGap }) {
  const { t } = useTranslation("audit");
  if (gap.kind === "pending") return <span className="gap gap-pending">—</span>;
  if (gap.kind === "same") return <span className="gap gap-same">{t("scoring.gap.same")}</span>;
  if (gap.kind === "na") return <span className="gap gap-na">{t("scoring.gap.na")}</span>;
  return gap.points > 0 ? (
    <span className="gap gap-higher">{t("scoring.gap.higher", { count: gap.points })}</span>
  ) : (
    <span className="gap gap-lower">{t("scoring.gap.lower", { count: -gap.points })}</span>
  );
}

/**
 * What became of an N/A on a service-dependent criterion, in words: "N/A à confirmer par l'auditeur (pas de service de
 * chirurgie)", "N/A confirmé (…)", "N/A refusé par l'auditeur", "N/A constaté par l'auditeur (…)".
 */
export function serviceNaText(t: (key: string, options?: Record<string, unknown>) => string, review: ServiceNaReview, service: Service): string {
  return t(`process:serviceNa.${review}`, { none: t(`referential:services.${service}.none`) });
}

export function ServiceNaMark({ review, service }: { review: ServiceNaReview; service: Service }) {
  const { t } = useTranslation("process");
  return <span className={`service-na service-na-${review}`}>{serviceNaText(t, review, service)}</span>;
}
