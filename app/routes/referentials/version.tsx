import { useMemo } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { Form, Link } from "react-router";
import type { Route } from "./+types/version";
import { keepFrozenContent, useFrozenContent } from "#app/components/frozen-content.ts";
import { FrozenMarkup } from "#app/components/frozen-markup.tsx";
import { frozenContentRef } from "#app/domain/referential/content-ref.ts";
import { Accreditation } from "#app/components/label.tsx";
import { VersionPrinciples } from "#app/components/version-principles.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { CriterionBlock, criterionPath, TierBadgeWith, useLanguage, useReferentialWords, VersionBar, versionPath } from "#app/components/referential.tsx";
import { chaptersView, MAX_SEARCH_LENGTH, MAX_SEARCH_WORDS, parseFilters } from "#app/domain/referential/browse.ts";
import { ISQUA_PRINCIPLES, METHODS, TIERS } from "#app/domain/referential/vocabulary.ts";
import { requireReadableVersion, searchCriterionCodes, versionHeader } from "#app/http/referential-pages.server.ts";
import { listAccreditations } from "#app/services/referential/accreditations.server.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { db, language, summary, content } = await requireReadableVersion(context, request, params);
  const parsed = parseFilters(new URL(request.url).searchParams, content.chapters.map((c) => c.code));
  const matches = await searchCriterionCodes(db, summary.id, language, parsed);
  return {
    version: versionHeader(summary, language),
    // Beside the version, never in its frozen content.
    accreditations: await listAccreditations(db, summary.id),
    // The text is rendered from the version's content, not sent again in this data (ADR 0024); only what the search
    // kept travels here.
    content: keepFrozenContent(frozenContentRef(summary.code, summary.version, summary.contentHash), content),
    matches: matches ? [...matches] : null,
    filters: parsed.filters,
    problems: parsed.problems,
    active: parsed.active,
    matched: matches ? matches.size : summary.counts.criteria,
  };
}

export default function VersionPage({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("referential");
  const lng = useLanguage();
  const words = useReferentialWords();
  const { version, accreditations, matches, filters, problems, active, matched } = loaderData;
  const content = useFrozenContent(loaderData.content);
  const chapters = useMemo(() => {
    const kept = matches ? new Set(matches) : null;
    return chaptersView(content, lng, kept ? (code) => kept.has(code) : undefined);
  }, [content, lng, matches]);
  const description = content.description[lng];
  const chapterOptions = content.chapters.map((c) => ({ code: c.code, title: c.title[lng] }));
  const base = versionPath(version.code, version.version);
  const total = version.counts.criteria;
  return (
    <Page>
      <PageHeader title={version.title} crumbs={[{ to: "/referentials", label: t("pages.list.title") }]} />
      <VersionBar version={version} chapter={filters.chapter} />
      {accreditations.map((a) => (
        <p key={a.id} className="ref-accreditation">
          <strong>
            <Accreditation accreditation={a} />
          </strong>
        </p>
      ))}
      {active ? null : (
        <>
          <details className="ref-description">
            <summary>{[t("counts.chapters", { count: version.counts.chapters }), t("counts.standards", { count: version.counts.standards }), t("counts.criteria", { count: version.counts.criteria })].join(" · ")}</summary>
            <p>{description}</p>
          </details>
          <p className="field-hint">{t("pages.version.guidanceElsewhere")}</p>
          <p className="ref-tier-counts">
            <span className="ref-visually-hidden">{t("pages.version.tierCounts")}</span>
            {TIERS.map((tier) => (
              <span key={tier}>
                <TierBadgeWith tier={tier} words={words} /> {version.counts[tier]}
              </span>
            ))}
          </p>
          <VersionPrinciples content={content} lng={lng} />
        </>
      )}

      <Form method="get" action={`${base}#results`} className="ref-search" role="search" aria-labelledby="search-title">
        <h2 id="search-title">{t("pages.search.title")}</h2>
        <div className="ref-search-fields">
          <div className="field ref-search-q">
            <label htmlFor="q">{t("pages.search.q")}</label>
            <input id="q" name="q" type="search" defaultValue={filters.q} maxLength={MAX_SEARCH_LENGTH} aria-describedby="q-hint" />
            <p className="field-hint" id="q-hint">
              {t("pages.search.qHint")}
            </p>
          </div>
          <div className="field">
            <label htmlFor="tier">{t("pages.search.tier")}</label>
            <select id="tier" name="tier" defaultValue={filters.tier ?? ""}>
              <option value="">{t("pages.search.allTiers")}</option>
              {TIERS.map((tier) => (
                <option key={tier} value={tier}>
                  {t(`pages.tiers.${tier}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="chapter">{t("pages.search.chapter")}</label>
            <select id="chapter" name="chapter" defaultValue={filters.chapter ?? ""}>
              <option value="">{t("pages.search.allChapters")}</option>
              {chapterOptions.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.code} · {c.title}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="method">{t("pages.search.method")}</label>
            <select id="method" name="method" defaultValue={filters.method ?? ""}>
              <option value="">{t("pages.search.allMethods")}</option>
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`pages.methods.${m}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="isqua">{t("pages.search.isqua")}</label>
            <select id="isqua" name="isqua" defaultValue={filters.isqua === null ? "" : String(filters.isqua)}>
              <option value="">{t("pages.search.allPrinciples")}</option>
              {ISQUA_PRINCIPLES.map((p) => (
                <option key={p} value={p}>
                  {p} · {t(`pages.isqua.${p}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="ref-search-actions">
          <button type="submit" className="button button-primary">
            {t("pages.search.submit")}
          </button>
          {active || problems.length > 0 ? <Link to={base}>{t("pages.search.clear")}</Link> : null}
        </div>
      </Form>

      {problems.map((p) => (
        <p key={p} className="notice notice-error" role="alert">
          {t(`pages.search.problems.${p}`, { max: p === "q_too_long" ? MAX_SEARCH_LENGTH : MAX_SEARCH_WORDS })}
        </p>
      ))}
      {active ? (
        <p className="ref-results" id="results" role="status" tabIndex={-1}>
          {matched === 0 ? t("pages.search.none") : t("pages.search.results", { count: matched, total })}
        </p>
      ) : null}

      {chapters.length > 0 ? (
        <div className="ref-layout">
          <nav className="ref-toc" id="toc" aria-labelledby="toc-title">
            <h2 id="toc-title">{t("pages.version.toc")}</h2>
            <ol>
              {chapters.map((c) => (
                <li key={c.code}>
                  <a href={`#chapter-${c.code}`}>
                    <span className="ref-toc-code">{c.code}</span>
                    <span>
                      {c.title}
                      {active ? <span className="ref-toc-count"> ({c.standards.reduce((n, s) => n + s.criteria.length, 0)})</span> : null}
                    </span>
                  </a>
                </li>
              ))}
            </ol>
          </nav>
          {matches === null ? (
            // The whole version, the same for every reader: its markup is rendered once per content and language.
            <FrozenMarkup cacheKey={`version-page:${loaderData.content.hash}:${lng}:${base}`} className="ref-content" render={() => <VersionChapters chapters={chapters} base={base} version={version} guidance={false} />} />
          ) : (
            <div className="ref-content">
              <VersionChapters chapters={chapters} base={base} version={version} guidance={active} />
            </div>
          )}
        </div>
      ) : null}
    </Page>
  );
}

/** The chapters, standards and criteria shown (all of them, or what a search kept). */
function VersionChapters({ chapters, base, version, guidance }: { chapters: ReturnType<typeof chaptersView>; base: string; version: { code: string; version: string }; guidance: boolean }) {
  const { t } = useTranslation("referential");
  const lng = useLanguage();
  const words = useReferentialWords();
  return (
    <>
      {chapters.map((chapter) => (
        <section key={chapter.code} id={`chapter-${chapter.code}`} className="ref-chapter" aria-labelledby={`chapter-${chapter.code}-title`}>
          <h2 id={`chapter-${chapter.code}-title`}>
            <span className="ref-code">{t("pages.version.chapter", { code: chapter.code })}</span> {chapter.title}
          </h2>
          <p className="ref-chapter-links">
            <a href="#toc">↑ {t("pages.version.backToToc")}</a>
            <a href={`${base}/pdf?chapter=${encodeURIComponent(chapter.code)}&lng=${lng}`} download>
              {t("pages.downloads.pdfChapter", { code: chapter.code })}
            </a>
          </p>
          {chapter.standards.map((standard) => (
            <section key={standard.code} id={`standard-${standard.code}`} className="ref-standard" aria-labelledby={`standard-${standard.code}-title`}>
              <h3 id={`standard-${standard.code}-title`}>
                <span className="ref-code">{t("pages.version.standard", { code: standard.code })}</span> {standard.title}
              </h3>
              <p className="ref-intent">
                <span className="ref-label">{t("pages.version.intent")}</span> {standard.intent}
              </p>
              {standard.criteria.map((criterion) => (
                <CriterionBlock key={criterion.code} criterion={criterion} href={criterionPath(version.code, version.version, criterion.code)} words={words} guidance={guidance} />
              ))}
            </section>
          ))}
        </section>
      ))}
    </>
  );
}
