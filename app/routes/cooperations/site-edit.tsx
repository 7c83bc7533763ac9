import { useTranslation } from "#app/components/translation.tsx";
import { data, redirect } from "react-router";
import type { Route } from "./+types/site-edit";
import { Page, PageHeader } from "#app/components/page.tsx";
import { SiteForm } from "#app/components/site-form.tsx";
import { SITE_KINDS, type SiteKind } from "#app/domain/registry/codes.ts";
import { siteSchema } from "#app/domain/registry/schemas.ts";
import { z } from "#app/forms/validation.ts";
import { notFound, readForm } from "#app/http/guards.server.ts";
import { registryEditor, submitRegistryForm } from "#app/http/registry.server.ts";
import { getSite, updateSite } from "#app/services/registry/registry.server.ts";

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
