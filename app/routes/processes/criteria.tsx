import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import type { Route } from "./+types/criteria";
import { Page, PageHeader } from "#app/components/page.tsx";
import { RatingText, TierBadge } from "#app/components/rating.tsx";
import { z } from "#app/forms/validation.ts";
import { getServices } from "#app/http/guards.server.ts";
import { requireProcess } from "#app/http/process.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { loadAssignments } from "#app/services/process/assignments.server.ts";
import { loadCriterionCounts, loadRatings } from "#app/services/process/self-assessment.server.ts";

const on = z.literal("on").optional().catch(undefined);
const filtersSchema = z.object({
  chapter: z.string().max(10).optional().catch(undefined),
  unrated: on,
  critical: on,
  mine: on,
  openActions: on,
  belowTop: on,
});

/** A chapter's criteria (or all of them) with their current rating, filtered as the URL says. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const { db } = getServices(context);
  const filters = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const ratings = await loadRatings(db, process);
  const counts = await loadCriterionCounts(db, process);
  const assignments = await loadAssignments(db, process);
  const topValue = Math.max(...frozen.version.scale.values.map((v) => v.value));
  const chapter = filters.chapter ? frozen.version.chapters.find((c) => c.code === filters.chapter) : undefined;
  const myChapters = new Set([...assignments].filter(([, people]) => people.some((p) => p.userId === user.id)).map(([code]) => code));

  const chapters = frozen.version.chapters
    .filter((c) => !chapter || c === chapter)
    .filter((c) => !filters.mine || myChapters.has(c.code))
    .map((c) => ({
      code: c.code,
      title: c.title,
      criteria: c.standards
        .flatMap((s) => s.criteria)
        .map((criterion) => {
          const saved = ratings.get(criterion.code);
          const count = counts.get(criterion.code);
          return {
            code: criterion.code,
            text: criterion.text,
            tier: criterion.tier,
            rating: saved?.rating ?? null,
            openActions: count?.openActions ?? 0,
            evidence: count?.evidence ?? 0,
          };
        })
        .filter((c) => !filters.unrated || c.rating === null)
        .filter((c) => !filters.critical || c.tier === "critical")
        .filter((c) => !filters.openActions || c.openActions > 0)
        .filter((c) => !filters.belowTop || (c.rating !== null && (c.rating === "NA" || c.rating < topValue))),
    }))
    .filter((c) => c.criteria.length > 0);

  return {
    process: { id: process.id, establishmentName: process.establishmentName },
    chapter: chapter ? { code: chapter.code, title: chapter.title } : null,
    chapterOptions: frozen.version.chapters.map((c) => ({ code: c.code, title: c.title })),
    filters,
    chapters,
    scale: frozen.version.scale,
    total: chapters.reduce((n, c) => n + c.criteria.length, 0),
  };
}

export default function Criteria({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("process");
  const lng = i18n.language === "en" ? "en" : "fr";
  const { process, chapter, filters } = loaderData;
  const title = chapter ? `${chapter.code}. ${chapter.title[lng]}` : t("criteria.title");
  return (
    <Page>
      <PageHeader
        title={title}
        crumbs={[
          { to: "/processes", label: t("list.title") },
          { to: `/processes/${process.id}`, label: process.establishmentName },
        ]}
      />
      <Form method="get" className="filters" role="search" aria-label={t("filters.label")}>
        <div className="field">
          <label htmlFor="chapter">{t("overview.chapter")}</label>
          <select id="chapter" name="chapter" defaultValue={chapter?.code ?? ""}>
            <option value="">{t("filters.allChapters")}</option>
            {loaderData.chapterOptions.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}. {c.title[lng]}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="checkboxes">
          <legend>{t("filters.show")}</legend>
          {(["unrated", "critical", "mine", "openActions", "belowTop"] as const).map((name) => (
            <label key={name}>
              <input type="checkbox" name={name} defaultChecked={filters[name] === "on"} /> {t(`filters.${name}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button">
          {t("common:common.filter")}
        </button>
      </Form>
      <p>{t("criteria.count", { count: loaderData.total })}</p>
      {loaderData.chapters.map((c) => (
        <section key={c.code} aria-labelledby={`chapter-${c.code}`}>
          {chapter ? null : (
            <h2 id={`chapter-${c.code}`}>
              {c.code}. {c.title[lng]}
            </h2>
          )}
          <div className="table-wrap">
            <table className="criteria-table">
              {chapter ? <caption id={`chapter-${c.code}`}>{t("criteria.caption")}</caption> : null}
              <thead>
                <tr>
                  <th scope="col">{t("criteria.criterion")}</th>
                  <th scope="col">{t("criteria.rating")}</th>
                  <th scope="col">{t("criteria.followUp")}</th>
                </tr>
              </thead>
              <tbody>
                {c.criteria.map((criterion) => (
                  <tr key={criterion.code}>
                    <td>
                      <Link to={`/processes/${process.id}/criteria/${criterion.code}`}>
                        <strong>{criterion.code}</strong> {criterion.text[lng]}
                      </Link>{" "}
                      <TierBadge tier={criterion.tier} />
                    </td>
                    <td className="nowrap">
                      <RatingText rating={criterion.rating} scale={loaderData.scale} />
                    </td>
                    <td className="nowrap">
                      {criterion.evidence ? t("criteria.evidenceCount", { count: criterion.evidence }) : ""}
                      {criterion.evidence && criterion.openActions ? " · " : ""}
                      {criterion.openActions ? t("criteria.openActions", { count: criterion.openActions }) : ""}
                    </td>
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
