import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, redirect, useLocation } from "react-router";
import type { Route } from "./+types/criteria";
import { useInAppLinks } from "#app/components/in-app-links.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { RatingText, TierBadge } from "#app/components/rating.tsx";
import { z } from "#app/forms/validation.ts";
import { getServices, readForm } from "#app/http/guards.server.ts";
import { toHttpError } from "#app/http/errors.server.ts";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { CarriedBadge, CarryOverSummary, ConfirmCarriedForm } from "#app/components/renewal.tsx";
import { canEditSelfAssessment } from "#app/domain/process/edit-rules.ts";
import { confirmChapterSchema } from "#app/forms/process.ts";
import { carryOverStatus, confirmCarriedOverMany } from "#app/services/process/renewal.server.ts";
import { requireProcess } from "#app/http/process.server.ts";
import { criteriaByCode, keepFrozenContent, useFrozenContent } from "#app/components/frozen-content.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { loadAssignments } from "#app/services/process/assignments.server.ts";
import { loadCriterionCounts, loadRatingStates } from "#app/services/process/self-assessment.server.ts";

const on = z.literal("on").optional().catch(undefined);
const filtersSchema = z.object({
  chapter: z.string().max(10).optional().catch(undefined),
  unrated: on,
  critical: on,
  mine: on,
  openActions: on,
  belowTop: on,
  carried: on,
});

/** A chapter's criteria (or all of them) with their current rating, filtered as the URL says. */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const { db } = getServices(context);
  const filters = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [frozen, ratings, counts, assignments, renewal] = await Promise.all([
    getFrozenVersion(db, process.referentialVersionId),
    loadRatingStates(db, process),
    loadCriterionCounts(db, process),
    loadAssignments(db, process),
    carryOverStatus(db, process.id),
  ]);
  const topValue = Math.max(...frozen.version.scale.values.map((v) => v.value));
  const chapter = filters.chapter ? frozen.version.chapters.find((c) => c.code === filters.chapter) : undefined;
  const myChapters = new Set([...assignments].filter(([, people]) => people.some((p) => p.userId === user.id)).map(([code]) => code));
  const editable = canEditSelfAssessment(user, process);

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
            tier: criterion.tier,
            rating: saved?.rating ?? null,
            version: saved?.version ?? 0,
            carriedFrom: saved?.carriedOverFrom ?? null,
            openActions: count?.openActions ?? 0,
            evidence: count?.evidence ?? 0,
          };
        })
        .filter((c) => !filters.unrated || c.rating === null)
        .filter((c) => !filters.critical || c.tier === "critical")
        .filter((c) => !filters.openActions || c.openActions > 0)
        .filter((c) => !filters.belowTop || (c.rating !== null && (c.rating === "NA" || c.rating < topValue)))
        .filter((c) => !filters.carried || c.carriedFrom !== null),
    }))
    .filter((c) => c.criteria.length > 0);

  return {
    process: { id: process.id, establishmentName: process.establishmentName },
    chapter: chapter ? { code: chapter.code, title: chapter.title } : null,
    filters,
    chapters,
    // The criteria's text is rendered from the version's content, not sent again in this data (ADR 0024).
    content: keepFrozenContent(frozen.content, frozen.version),
    total: chapters.reduce((n, c) => n + c.criteria.length, 0),
    editable,
    renewal: renewal ? { fromVersion: renewal.fromVersion, carried: renewal.carried, toConfirm: renewal.toConfirm } : null,
    // The carried-over ratings the list shows (the chapter, as filtered), each with the version shown, for "confirm
    // them all": never a rating the person could not see.
    chapterToConfirm: chapter ? chapters.flatMap((c) => c.criteria).flatMap((c) => (c.carriedFrom ? [`${c.code}@${c.version}`] : [])) : [],
    flash: confirmedFlash(new URL(request.url).searchParams),
  };
}

/** What "confirm them all" did, from the address it came back to. */
function confirmedFlash(params: URLSearchParams): { confirmed: number; skipped: number } | null {
  const confirmed = Number(params.get("confirmed"));
  const skipped = Number(params.get("skipped") ?? 0);
  if (!params.has("confirmed") || !Number.isInteger(confirmed) || !Number.isInteger(skipped)) return null;
  return { confirmed: Math.max(0, confirmed), skipped: Math.max(0, skipped) };
}

/** "Confirm every carried-over rating of this chapter", as the list showed them. */
export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const formData = await readForm(request);
  const parsed = confirmChapterSchema.safeParse({ intent: formData.get("intent"), confirm: formData.getAll("confirm") });
  if (!parsed.success) return data({ invalid: true }, { status: 400 });
  try {
    const done = await confirmCarriedOverMany(getServices(context).db, user, process, parsed.data.confirm);
    const back = new URL(request.url);
    back.searchParams.set("confirmed", String(done.confirmed));
    back.searchParams.set("skipped", String(done.skipped));
    return redirect(`${back.pathname}${back.search}`);
  } catch (error) {
    throw toHttpError(error);
  }
}

export default function Criteria({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("process");
  const followInAppLink = useInAppLinks();
  const lng = i18n.language === "en" ? "en" : "fr";
  const { process, chapter, filters } = loaderData;
  const content = useFrozenContent(loaderData.content);
  const criteria = criteriaByCode(content);
  const title = chapter ? `${chapter.code}. ${chapter.title[lng]}` : t("criteria.title");
  // This list as filtered, for a confirmation to come back to (without the last confirmation's message).
  const query = new URLSearchParams(useLocation().search);
  query.delete("confirmed");
  query.delete("skipped");
  const here = `/processes/${process.id}/criteria${query.size ? `?${query}` : ""}`;
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
            {content.chapters.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code}. {c.title[lng]}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="checkboxes">
          <legend>{t("filters.show")}</legend>
          {(["unrated", "critical", "mine", "openActions", "belowTop", ...(loaderData.renewal ? (["carried"] as const) : [])] as const).map((name) => (
            <label key={name}>
              <input type="checkbox" name={name} defaultChecked={filters[name] === "on"} /> {t(`filters.${name}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button">
          {t("common:common.filter")}
        </button>
      </Form>
      {loaderData.flash ? (
        <FormMessage tone={loaderData.flash.skipped ? "info" : "success"}>
          {t("renewal.chapterConfirmed", { count: loaderData.flash.confirmed })}
          {loaderData.flash.skipped ? ` ${t("renewal.chapterSkipped", { count: loaderData.flash.skipped })}` : ""}
        </FormMessage>
      ) : null}
      {loaderData.renewal ? <CarryOverSummary summary={loaderData.renewal} /> : null}
      <p>{t("criteria.count", { count: loaderData.total })}</p>
      {loaderData.editable && loaderData.chapterToConfirm.length > 0 ? (
        <Form method="post" className="actions-row">
          <CsrfField />
          <input type="hidden" name="intent" value="confirm-chapter" />
          {loaderData.chapterToConfirm.map((item) => (
            <input key={item} type="hidden" name="confirm" value={item} />
          ))}
          <button type="submit" className="button">
            {t("renewal.confirmChapter", { count: loaderData.chapterToConfirm.length })}
          </button>
        </Form>
      ) : null}
      {loaderData.chapters.map((c) => (
        <section key={c.code} aria-labelledby={`chapter-${c.code}`}>
          {chapter ? null : (
            <h2 id={`chapter-${c.code}`}>
              {c.code}. {c.title[lng]}
            </h2>
          )}
          <div className="table-wrap">
            <table className="criteria-table" onClick={followInAppLink}>
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
                      <a href={`/processes/${process.id}/criteria/${criterion.code}`}>
                        <strong>{criterion.code}</strong> {criteria.get(criterion.code)?.text[lng]}
                      </a>{" "}
                      <TierBadge tier={criterion.tier} />
                    </td>
                    <td className="nowrap">
                      <RatingText rating={criterion.rating} scale={content.scale} />
                      {criterion.carriedFrom && loaderData.renewal ? (
                        <span className="carried-cell">
                          <CarriedBadge version={loaderData.renewal.fromVersion} from={criterion.carriedFrom} />
                          {loaderData.editable ? <ConfirmCarriedForm processId={process.id} criterionCode={criterion.code} version={criterion.version} returnTo={here} /> : null}
                        </span>
                      ) : null}
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
