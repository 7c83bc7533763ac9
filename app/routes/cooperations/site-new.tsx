import { useTranslation } from "#app/components/translation.tsx";
import { data, redirect } from "react-router";
import type { Route } from "./+types/site-new";
import { Page, PageHeader } from "#app/components/page.tsx";
import { SiteForm } from "#app/components/site-form.tsx";
import { siteSchema } from "#app/domain/registry/schemas.ts";
import { readForm } from "#app/http/guards.server.ts";
import { registryEditor, submitRegistryForm } from "#app/http/registry.server.ts";
import { createSite } from "#app/services/registry/registry.server.ts";

export function loader({ request, context }: Route.LoaderArgs) {
  registryEditor(context, request);
  return null;
}

export async function action({ request, context }: Route.ActionArgs) {
  const { db, actor } = registryEditor(context, request);
  const result = await submitRegistryForm(db, await readForm(request), siteSchema, (value) => createSite(db, actor, value));
  if (!result.ok) return data({ result: result.reply }, { status: 400 });
  return redirect(`/cooperations/sites/${result.value}?saved=create`);
}

export default function NewSite({ actionData }: Route.ComponentProps) {
  const { t } = useTranslation("registry");
  return (
    <Page narrow>
      <PageHeader title={t("sites.new")} crumbs={[{ to: "/cooperations/sites", label: t("sites.title") }]} />
      <SiteForm lastResult={actionData?.result} submitLabel={t("form.create")} />
    </Page>
  );
}
