// Team work on a process: who works on which chapter. The coordinator assigns chapters to colleagues of the same
// establishment (one form per chapter); everyone of the establishment and the DRI can read it; each person sees
// their own chapters first.
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link, redirect } from "react-router";
import type { Route } from "./+types/team";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { useProcessCrumbs } from "#app/components/workspace.tsx";
import { assignChapterSchema } from "#app/forms/workspace.ts";
import { forbidden, getServices, notifyContext, readForm } from "#app/http/guards.server.ts";
import { toHttpError } from "#app/http/errors.server.ts";
import { requireProcess } from "#app/http/process.server.ts";
import { assignChapter, listEstablishmentColleagues, loadAssignments } from "#app/services/process/assignments.server.ts";
import { getFrozenVersion } from "#app/services/referential/frozen-versions.server.ts";
import { getLocale } from "#app/middleware/i18next.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const { db } = getServices(context);
  const lng = getLocale(context) === "en" ? "en" : "fr";
  const [frozen, assignments, colleagues] = await Promise.all([
    getFrozenVersion(db, process.referentialVersionId),
    loadAssignments(db, process),
    listEstablishmentColleagues(db, process),
  ]);
  const chapters = frozen.version.chapters.map((c) => ({
    code: c.code,
    title: c.title[lng],
    criteria: c.standards.reduce((n, s) => n + s.criteria.length, 0),
    assigned: assignments.get(c.code) ?? [],
  }));
  return {
    process: { id: process.id, establishmentName: process.establishmentName, referentialVersion: process.referentialVersion },
    canAssign: canAssign(user, process),
    userId: user.id,
    chapters,
    colleagues,
    saved: new URL(request.url).searchParams.get("saved"),
  };
}

function canAssign(user: { role: string; isCoordinator: boolean; establishmentId: string | null }, process: { establishmentId: string }) {
  return user.role === "hospital" && user.isCoordinator && user.establishmentId === process.establishmentId;
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  if (!canAssign(user, process)) forbidden();
  const { db } = getServices(context);
  const formData = await readForm(request);
  const parsed = assignChapterSchema.safeParse({ intent: formData.get("intent"), chapter: formData.get("chapter"), userIds: formData.getAll("userIds") });
  if (!parsed.success) throw data({ reason: "bad_request" }, { status: 400 });
  try {
    await assignChapter(db, user, process, parsed.data.chapter, parsed.data.userIds, notifyContext(context, request));
  } catch (error) {
    throw toHttpError(error);
  }
  return redirect(`/processes/${process.id}/team?saved=team#chapter-${encodeURIComponent(parsed.data.chapter)}`);
}

export default function TeamPage({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation("workspace");
  const { process, chapters, colleagues, canAssign, userId } = loaderData;
  const crumbs = useProcessCrumbs(process);
  const base = `/processes/${process.id}`;
  const mine = chapters.filter((c) => c.assigned.some((a) => a.userId === userId));
  return (
    <Page>
      <PageHeader title={t("team.title")} crumbs={crumbs} />
      <p className="lead">{t("team.intro", { establishment: process.establishmentName, version: process.referentialVersion })}</p>
      {loaderData.saved === "team" ? <FormMessage tone="success">{t("flags.saved.team")}</FormMessage> : null}

      <section aria-labelledby="mine-title" className="panel">
        <h2 id="mine-title">{t("team.mine")}</h2>
        {mine.length ? (
          <ul>
            {mine.map((c) => (
              <li key={c.code}>
                <Link to={`${base}/criteria?chapter=${encodeURIComponent(c.code)}`}>
                  {c.code}. {c.title}
                </Link>{" "}
                ({t("team.criteriaCount", { count: c.criteria })})
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("team.noneMine")}</p>
        )}
      </section>

      {canAssign ? <p>{t("team.assignIntro")}</p> : null}
      <div className="table-wrap">
        <table>
          <caption>{t("team.caption", { count: chapters.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("team.chapter")}</th>
              <th scope="col">{t("team.assigned")}</th>
            </tr>
          </thead>
          <tbody>
            {chapters.map((c) => (
              <tr key={c.code} id={`chapter-${c.code}`}>
                <th scope="row">
                  <Link to={`${base}/criteria?chapter=${encodeURIComponent(c.code)}`}>
                    {c.code}. {c.title}
                  </Link>
                  <br />
                  <span className="table-note">{t("team.criteriaCount", { count: c.criteria })}</span>
                </th>
                <td>
                  {canAssign ? (
                    <Form method="post">
                      <CsrfField />
                      <input type="hidden" name="intent" value="assign" />
                      <input type="hidden" name="chapter" value={c.code} />
                      <fieldset className="checkboxes">
                        <legend>{t("team.legend", { code: c.code })}</legend>
                        {colleagues.map((u) => (
                          <label key={u.id}>
                            <input type="checkbox" name="userIds" value={u.id} defaultChecked={c.assigned.some((a) => a.userId === u.id)} />
                            {u.name}
                            {u.isCoordinator ? ` (${t("team.coordinator")})` : ""}
                          </label>
                        ))}
                      </fieldset>
                      <button type="submit" className="button" aria-label={t("team.saveChapter", { code: c.code })}>
                        {t("team.save")}
                      </button>
                    </Form>
                  ) : c.assigned.length ? (
                    c.assigned.map((a) => a.name).join(", ")
                  ) : (
                    <span className="badge badge-muted">{t("team.nobody")}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
