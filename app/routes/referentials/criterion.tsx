import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/criterion";
import { Page, PageHeader } from "#app/components/page.tsx";
import { criterionPath, CriterionFacts, Downloads, TierBadgeWith, useReferentialWords, VersionStatusBadge, versionPath } from "#app/components/referential.tsx";
import { criterionView, findCriterion } from "#app/domain/referential/browse.ts";
import { ratingGuidanceView } from "#app/domain/referential/rating-guidance.ts";
import { RatingGuidance } from "#app/components/rating-guidance.tsx";
import { notFound } from "#app/http/guards.server.ts";
import { requireReadableVersion, versionHeader } from "#app/http/referential-pages.server.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { language, summary, content } = await requireReadableVersion(context, request, params);
  const found = findCriterion(content, params.criterion);
  if (!found) notFound();
  return {
    version: versionHeader(summary, language),
    chapter: { code: found.chapter.code, title: found.chapter.title[language] },
    standard: { code: found.standard.code, title: found.standard.title[language], intent: found.standard.intent[language] },
    criterion: criterionView(found.criterion, language),
    ratingGuidance: ratingGuidanceView(found.criterion, content.scale, language),
    previous: found.previous,
    next: found.next,
    position: found.position,
    total: found.total,
  };
}

export default function CriterionPage({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("referential");
  const words = useReferentialWords();
  const { version, chapter, standard, criterion, previous, next, position, total } = loaderData;
  const base = versionPath(version.code, version.version);
  return (
    <Page>
      <PageHeader
        title={t("pages.version.criterion", { code: criterion.code })}
        crumbs={[
          { to: "/referentials", label: t("pages.list.title") },
          { to: base, label: t("pages.versionLabel", { version: version.version }) },
          { to: `${base}#chapter-${chapter.code}`, label: `${chapter.code} · ${chapter.title}` },
        ]}
      >
        <TierBadgeWith tier={criterion.tier} words={words} />
      </PageHeader>
      <p className="ref-meta">
        <VersionStatusBadge status={version.status} />
        <span>{t("pages.criterion.position", { position, total, version: version.version })}</span>
      </p>
      <p className="ref-context">
        <span className="ref-code">{t("pages.version.standard", { code: standard.code })}</span> {standard.title}
      </p>
      <p className="ref-intent">
        <span className="ref-label">{t("pages.version.intent")}</span> {standard.intent}
      </p>
      <article className={`ref-criterion ref-criterion-single ref-criterion-${criterion.tier}`} id={criterion.code}>
        <p className="ref-criterion-text">{criterion.text}</p>
        <CriterionFacts criterion={criterion} words={words} />
        <h2 className="ref-label">{t("pages.version.guidance")}</h2>
        <p>{criterion.guidance}</p>
        <RatingGuidance guidance={loaderData.ratingGuidance} open />
        {criterion.replaces?.length ? (
          <p className="ref-muted">{t("pages.version.replaces", { codes: criterion.replaces.join(", ") })}</p>
        ) : criterion.replaces ? (
          <p className="ref-muted">{t("pages.version.replacesNothing")}</p>
        ) : null}
      </article>
      <nav className="ref-pager" aria-label={t("pages.criterion.neighbours")}>
        {previous ? (
          <Link to={criterionPath(version.code, version.version, previous)} rel="prev">
            ← {t("pages.criterion.previous", { code: previous })}
          </Link>
        ) : (
          <span />
        )}
        <Link to={`${base}#${criterion.code}`}>{t("pages.criterion.inVersion")}</Link>
        {next ? (
          <Link to={criterionPath(version.code, version.version, next)} rel="next">
            {t("pages.criterion.next", { code: next })} →
          </Link>
        ) : (
          <span />
        )}
      </nav>
      <Downloads version={version} chapter={chapter.code} />
    </Page>
  );
}
