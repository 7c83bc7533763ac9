import { useTranslation } from "react-i18next";
import { data, redirect } from "react-router";
import type { Route } from "./+types/project-new";
import { Page, PageHeader } from "../../components/page";
import { ProjectForm } from "../../components/project-form";
import { projectSchema } from "../../domain/registry/schemas";
import { readForm } from "../../services/guards.server";
import { projectFormOptions, registryEditor, submitRegistryForm } from "../../services/registry-route.server";
import { createProject } from "../../services/registry.server";

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
