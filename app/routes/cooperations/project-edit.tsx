import { useTranslation } from "#app/components/translation.tsx";
import { data, redirect } from "react-router";
import type { Route } from "./+types/project-edit";
import { Page, PageHeader } from "#app/components/page.tsx";
import { ProjectForm } from "#app/components/project-form.tsx";
import { projectSchema } from "#app/domain/registry/schemas.ts";
import { z } from "#app/forms/validation.ts";
import { notFound, readForm } from "#app/http/guards.server.ts";
import { projectFormOptions, registryEditor, submitRegistryForm } from "#app/http/registry.server.ts";
import { getProject, projectInputOf, updateProject } from "#app/services/registry/registry.server.ts";

const idSchema = z.uuid();

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { db, actor } = registryEditor(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) notFound();
  const project = await getProject(db, actor, id.data);
  if (!project) notFound();
  return { id: project.id, titleFr: project.titleFr, titleEn: project.titleEn, initial: projectInputOf(project), options: await projectFormOptions(db) };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { db, actor } = registryEditor(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) notFound();
  const result = await submitRegistryForm(db, await readForm(request), projectSchema, (value) => updateProject(db, actor, id.data, value));
  if (!result.ok) return data({ result: result.reply }, { status: 400 });
  return redirect(`/cooperations/projects/${id.data}?saved=${result.value ? "update" : "unchanged"}`);
}

export default function EditProject({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("registry");
  const title = i18n.language === "en" ? loaderData.titleEn : loaderData.titleFr;
  return (
    <Page>
      <PageHeader
        title={t("projects.edit")}
        crumbs={[
          { to: "/cooperations", label: t("projects.title") },
          { to: `/cooperations/projects/${loaderData.id}`, label: title },
        ]}
      />
      <ProjectForm options={loaderData.options} initial={loaderData.initial} lastResult={actionData?.result} submitLabel={t("form.save")} />
    </Page>
  );
}
