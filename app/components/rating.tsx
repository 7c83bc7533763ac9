import { useTranslation } from "react-i18next";
import { ratingInWords, type RatingValue } from "#app/domain/process/rating-input.ts";
import type { Scale, Tier } from "#app/domain/referential/schema.ts";

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
