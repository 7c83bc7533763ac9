import { useTranslation } from "react-i18next";
import { data, redirect } from "react-router";
import type { Route } from "./+types/site-edit";
import { Page, PageHeader } from "../../components/page";
import { SiteForm } from "../../components/site-form";
import { SITE_KINDS, type SiteKind } from "../../domain/registry/codes";
import { siteSchema } from "../../domain/registry/schemas";
import { z } from "../../forms/validation";
import { notFound, readForm } from "../../services/guards.server";
import { registryEditor, submitRegistryForm } from "../../services/registry-route.server";
import { getSite, updateSite } from "../../services/registry.server";

const idSchema = z.uuid();

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { db, actor } = registryEditor(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) notFound();
  const found = await getSite(db, actor, id.data);
  if (!found) notFound();
  const { site } = found;
  return {
    id: site.id,
    name: site.name,
    initial: {
      name: site.name,
      shortName: site.shortName,
      kind: (SITE_KINDS as readonly string[]).includes(site.kind) ? (site.kind as SiteKind) : undefined,
      city: site.city ?? undefined,
      notes: site.notes ?? undefined,
    },
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { db, actor } = registryEditor(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) notFound();
  const result = await submitRegistryForm(db, await readForm(request), siteSchema, (value) => updateSite(db, actor, id.data, value));
  if (!result.ok) return data({ result: result.reply }, { status: 400 });
  return redirect(`/cooperations/sites/${id.data}?saved=${result.value ? "update" : "unchanged"}`);
}

export default function EditSite({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("registry");
  return (
    <Page narrow>
      <PageHeader
        title={t("sites.edit")}
        crumbs={[
          { to: "/cooperations/sites", label: t("sites.title") },
          { to: `/cooperations/sites/${loaderData.id}`, label: loaderData.name },
        ]}
      />
      <SiteForm initial={loaderData.initial} lastResult={actionData?.result} submitLabel={t("form.save")} />
    </Page>
  );
}
