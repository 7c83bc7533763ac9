import { useTranslation } from "#app/components/translation.tsx";
import { data, redirect } from "react-router";
import type { Route } from "./+types/establishment-edit";
import { EstablishmentForm } from "#app/components/establishment-form.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { ESTABLISHMENT_KINDS, type EstablishmentKind } from "#app/domain/registry/codes.ts";
import { establishmentSchema } from "#app/domain/registry/schemas.ts";
import { z } from "#app/forms/validation.ts";
import { notFound, readForm } from "#app/http/guards.server.ts";
import { registryEditor, submitRegistryForm } from "#app/http/registry.server.ts";
import { getEstablishment, listCountries, updateEstablishment } from "#app/services/registry/registry.server.ts";

const idSchema = z.uuid();

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { db, actor } = registryEditor(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) notFound();
  const est = await getEstablishment(db, actor, id.data);
  if (!est || est.mergedIntoId) notFound();
  return {
    id: est.id,
    name: est.name,
    initial: {
      name: est.name,
      shortName: est.shortName,
      city: est.city,
      countryCode: est.countryCode,
      kind: (ESTABLISHMENT_KINDS as readonly string[]).includes(est.kind ?? "") ? (est.kind as EstablishmentKind) : undefined,
      beds: est.beds ?? undefined,
      website: est.website ?? undefined,
      notes: est.notes ?? undefined,
    },
    countries: await listCountries(db),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { db, actor } = registryEditor(context, request);
  const id = idSchema.safeParse(params.id);
  if (!id.success) notFound();
  const result = await submitRegistryForm(db, await readForm(request), establishmentSchema, (value) => updateEstablishment(db, actor, id.data, value));
  if (!result.ok) return data({ result: result.reply }, { status: 400 });
  return redirect(`/cooperations/establishments/${id.data}?saved=${result.value ? "update" : "unchanged"}`);
}

export default function EditEstablishment({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("registry");
  return (
    <Page narrow>
      <PageHeader
        title={t("establishments.edit")}
        crumbs={[
          { to: "/cooperations/establishments", label: t("establishments.title") },
          { to: `/cooperations/establishments/${loaderData.id}`, label: loaderData.name },
        ]}
      />
      <EstablishmentForm countries={loaderData.countries} initial={loaderData.initial} lastResult={actionData?.result} submitLabel={t("form.save")} />
    </Page>
  );
}
