// An earlier round of the audit, read-only: as it stood when the committee deferred its decision (dates, team,
// summary, every rating and finding). Read by the DRI and the team, and by the hospital's staff once the round's
// report was released (even while the revisit's round is not).
import { useTranslation } from "#app/components/translation.tsx";
import type { Route } from "./+types/round";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { RatingText } from "#app/components/rating.tsx";
import { useProcessCrumbs } from "#app/components/workspace.tsx";
import { parseRating } from "#app/domain/process/rating-input.ts";
import { requireAuditRound } from "#app/http/audit.server.ts";
import { getLocale } from "#app/middleware/i18next.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { process, round, db } = await requireAuditRound(context, request, params.processId, params.round);
  const lng = getLocale(context) === "en" ? "en" : "fr";
  const frozen = await getFrozenVersion(db, process.referentialVersionId);
  const byCode = new Map(round.ratings.map((r) => [r.code, r]));
  const criteria = frozen.version.chapters.flatMap((chapter) =>
    chapter.standards.flatMap((s) => s.criteria).map((c) => {
      const rated = byCode.get(c.code);
      return { code: c.code, text: c.text[lng], rating: parseRating(rated?.rating ?? null) ?? null, classification: rated?.classification ?? null, finding: rated?.finding ?? "", by: rated?.updatedByName ?? null };
    }),
  );
  return {
    process: { id: process.id, establishmentName: process.establishmentName },
    round: { round: round.round, startsOn: round.startsOn, endsOn: round.endsOn, submittedAt: round.submittedAt, team: round.team, summary: lng === "en" ? round.summaryEn || round.summaryFr : round.summaryFr || round.summaryEn },
    criteria,
    scale: frozen.version.scale,
  };
}

export default function AuditRoundPage({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("audit");
  const format = useFormat();
  const { process, round, criteria, scale } = loaderData;
  const crumbs = [...useProcessCrumbs(process), { to: `/processes/${process.id}/audit`, label: t("comparison.audit") }];
  return (
    <Page>
      <PageHeader title={`${t("rounds.round", { round: round.round })} — ${process.establishmentName}`} crumbs={crumbs} />
      <p className="lead">{t("rounds.readOnly")}</p>
      <p>{t("rounds.facts", { startsOn: format.date(round.startsOn), endsOn: format.date(round.endsOn), lead: round.team.find((m) => m.role === "lead")?.name ?? "—" })}</p>
      <p>{t("rounds.team", { team: round.team.map((m) => m.name).join(", ") })}</p>
      {round.submittedAt ? <p>{t("rounds.submittedOn", { date: format.date(round.submittedAt) })}</p> : null}
      <h2>{t("report.summaryTitle")}</h2>
      {round.summary ? <p className="pre-line">{round.summary}</p> : <p>{t("overview.noSummary")}</p>}
      <div className="table-wrap">
        <table className="criteria-table">
          <caption>{t("rounds.caption", { round: round.round })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("scoring.criterion")}</th>
              <th scope="col">{t("scoring.auditRating")}</th>
              <th scope="col">{t("rounds.finding")}</th>
              <th scope="col">{t("scoring.ratedBy")}</th>
            </tr>
          </thead>
          <tbody>
            {criteria.map((c) => (
              <tr key={c.code}>
                <td>
                  <strong>{c.code}</strong> {c.text}
                </td>
                <td className="nowrap">
                  <RatingText rating={c.rating} scale={scale} />
                </td>
                <td>
                  {c.classification ? <strong>{t(`report.classification.${c.classification}`)} </strong> : null}
                  <span className="pre-line">{c.finding}</span>
                </td>
                <td>{c.by ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
