import { useTranslation } from "#app/components/translation.tsx";
import { data, redirect } from "react-router";
import type { Route } from "./+types/project-new";
import { Page, PageHeader } from "#app/components/page.tsx";
import { ProjectForm } from "#app/components/project-form.tsx";
import { projectSchema } from "#app/domain/registry/schemas.ts";
import { readForm } from "#app/http/guards.server.ts";
import { projectFormOptions, registryEditor, submitRegistryForm } from "#app/http/registry.server.ts";
import { createProject } from "#app/services/registry/registry.server.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { db } = registryEditor(context, request);
  return { options: await projectFormOptions(db) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { db, actor } = registryEditor(context, request);
  const result = await submitRegistryForm(db, await readForm(request), projectSchema, (value) => createProject(db, actor, value));
  if (!result.ok) return data({ result: result.reply }, { status: 400 });
  return redirect(`/cooperations/projects/${result.value}?saved=create`);
}

export default function NewProject({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("registry");
  return (
    <Page>
      <PageHeader title={t("projects.new")} crumbs={[{ to: "/cooperations", label: t("projects.title") }]} />
      <p className="lead">{t("form.project.intro")}</p>
      <ProjectForm options={loaderData.options} lastResult={actionData?.result} submitLabel={t("form.create")} />
    </Page>
  );
}
