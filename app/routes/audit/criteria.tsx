import "#app/components/audit-scoring.css";
import { useTranslation } from "#app/components/translation.tsx";
import { Link } from "react-router";
import type { Route } from "./+types/criteria";
import { criteriaByCode, keepFrozenContent, useFrozenContent } from "#app/components/frozen-content.ts";
import { useLanguage } from "#app/components/referential.tsx";
import { FilterForm, SelectFilter } from "#app/components/filters.tsx";
import { useInAppLinks } from "#app/components/in-app-links.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { RatingGapText, RatingText, ServiceNaMark, TierBadge } from "#app/components/rating.tsx";
import { auditProgressByChapter, filtersQuery, keptByFilters, ratingGap, SCORING_FILTERS } from "#app/domain/audit/scoring-list.ts";
import { serviceNaReview } from "#app/domain/audit/service-na.ts";
import { auditEditRefusal } from "#app/domain/audit/visit.ts";
import { readScoringFilters } from "#app/forms/audit-rating.ts";
import { requireAudit } from "#app/http/audit.server.ts";
import { getLocale } from "#app/middleware/i18next.ts";
import { chaptersOf, loadScoringList } from "#app/services/audit/scoring-list.server.ts";

/** The audit's criteria, chapter by chapter, with both ratings side by side, filtered as the URL says. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process, visit, teamRole, db } = await requireAudit(context, request, params.processId);
  const lng = getLocale(context) === "en" ? "en" : "fr";
  const filters = readScoringFilters(new URL(request.url));
  const { frozen, auditRatings, rows } = await loadScoringList(db, process);
  const mine = chaptersOf(visit, user.id);
  const progress = auditProgressByChapter(rows);
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const chapters = frozen.version.chapters
    .map((chapter) => ({
      code: chapter.code,
      title: chapter.title[lng],
      mine: mine.has(chapter.code),
      progress: progress.get(chapter.code) ?? { rated: 0, total: 0 },
      criteria: chapter.standards
        .flatMap((s) => s.criteria)
        .filter((c) => keptByFilters(byCode.get(c.code)!, filters, mine))
        .map((c) => {
          const row = byCode.get(c.code)!;
          return {
            code: c.code,
            self: row.self,
            audit: row.audit,
            gap: ratingGap(row),
            serviceNa: serviceNaReview(c, row.self, row.audit),
            ratedBy: auditRatings.get(c.code)?.updatedByName ?? null,
          };
        }),
    }))
    .filter((c) => c.criteria.length > 0);
  const chapter = filters.chapter ? frozen.version.chapters.find((c) => c.code === filters.chapter) : undefined;
  return {
    process: { id: process.id, establishmentName: process.establishmentName },
    teamRole,
    editable: auditEditRefusal(user, process.state, teamRole) === null,
    myChapters: [...mine],
    chapter: chapter ? { code: chapter.code, title: chapter.title[lng] } : null,
    chapterOptions: frozen.version.chapters.map((c) => ({ value: c.code, label: `${c.code}. ${c.title[lng]}` })),
    filters,
    query: filtersQuery(filters),
    chapters,
    // The criteria's text is rendered from the version's content, not sent again in this data (ADR 0024).
    content: keepFrozenContent(frozen.content, frozen.version),
    shown: chapters.reduce((n, c) => n + c.criteria.length, 0),
    rated: rows.filter((r) => r.audit !== null).length,
    total: rows.length,
  };
}

export default function AuditCriteria({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("audit");
  const followInAppLink = useInAppLinks();
  const { process, chapter, filters, query } = loaderData;
  const lng = useLanguage();
  const content = useFrozenContent(loaderData.content);
  const texts = criteriaByCode(content);
  const scale = content.scale;
  const base = `/processes/${process.id}`;
  const title = chapter ? `${t("scoring.listTitle")} — ${chapter.code}. ${chapter.title}` : t("scoring.listTitle");
  return (
    <Page>
      <PageHeader
        title={title}
        crumbs={[
          { to: "/processes", label: t("process:list.title") },
          { to: base, label: process.establishmentName },
          { to: `${base}/audit`, label: t("scoring.audit") },
        ]}
      />
      <p>
        {loaderData.teamRole ? t(`scoring.youAre.${loaderData.teamRole}`) : null} {loaderData.editable ? null : t("scoring.listReadOnly")}
      </p>
      <p>
        <progress className="progress-wide" value={loaderData.rated} max={loaderData.total} aria-labelledby="audit-progress" />{" "}
        <span id="audit-progress">{t("scoring.progress", { rated: loaderData.rated, total: loaderData.total })}</span>
      </p>
      {loaderData.editable ? (
        <p className="report-downloads">
          <a href={`${base}/audit/export.xlsx`} className="button" download>
            {t("report.links.xlsx")}
          </a>
          <Link to={`${base}/audit/import`} className="button">
            {t("report.links.import")}
          </Link>
        </p>
      ) : null}
      <FilterForm label={t("scoring.filters.label")}>
        <SelectFilter name="chapter" label={t("scoring.filters.chapter")} value={filters.chapter} options={loaderData.chapterOptions} allLabel={t("scoring.filters.allChapters")} />
        <fieldset className="checkboxes">
          <legend>{t("scoring.filters.show")}</legend>
          {SCORING_FILTERS.filter((name) => name !== "mine" || loaderData.teamRole).map((name) => (
            <label key={name}>
              <input type="checkbox" name={name} defaultChecked={filters[name]} /> {t(`scoring.filters.${name}`)}
            </label>
          ))}
        </fieldset>
      </FilterForm>
      {filters.mine && loaderData.myChapters.length === 0 ? <p>{t("scoring.noChapterOfMine")}</p> : null}
      <p>{t("scoring.shown", { count: loaderData.shown })}</p>
      {loaderData.chapters.map((c) => (
        <section key={c.code} aria-labelledby={`chapter-${c.code}`}>
          <h2 id={`chapter-${c.code}`}>
            {c.code}. {c.title} {c.mine ? <span className="badge">{t("scoring.myChapter")}</span> : null}
          </h2>
          <p>
            <progress value={c.progress.rated} max={c.progress.total} aria-labelledby={`chapter-${c.code}-progress`} />{" "}
            <span id={`chapter-${c.code}-progress`}>{t("scoring.chapterProgress", { rated: c.progress.rated, total: c.progress.total })}</span>
          </p>
          <div className="table-wrap">
            <table className="criteria-table audit-criteria-table" onClick={followInAppLink}>
              <caption>{t("scoring.caption", { chapter: `${c.code}. ${c.title}` })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("scoring.criterion")}</th>
                  <th scope="col">{t("scoring.selfRating")}</th>
                  <th scope="col">{t("scoring.auditRating")}</th>
                  <th scope="col">{t("scoring.gapHeader")}</th>
                  <th scope="col">{t("scoring.ratedBy")}</th>
                </tr>
              </thead>
              <tbody>
                {c.criteria.map((criterion) => ({ ...criterion, frozen: texts.get(criterion.code)! })).map((criterion) => (
                  <tr key={criterion.code}>
                    <td>
                      <a href={`${base}/audit/criteria/${criterion.code}${query}`}>
                        <strong>{criterion.code}</strong> {criterion.frozen.text[lng]}
                      </a>{" "}
                      <TierBadge tier={criterion.frozen.tier} />
                    </td>
                    <td className="nowrap">
                      <RatingText rating={criterion.self} scale={scale} />
                    </td>
                    <td className="nowrap">
                      <RatingText rating={criterion.audit} scale={scale} />
                    </td>
                    <td>
                      <RatingGapText gap={criterion.gap} />
                      {criterion.serviceNa && criterion.frozen.service ? (
                        <>
                          <br />
                          <ServiceNaMark review={criterion.serviceNa} service={criterion.frozen.service} />
                        </>
                      ) : null}
                    </td>
                    <td>{criterion.ratedBy ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Page>
  );
}
