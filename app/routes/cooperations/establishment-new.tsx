import { useTranslation } from "#app/components/translation.tsx";
import { data, redirect } from "react-router";
import type { Route } from "./+types/establishment-new";
import { EstablishmentForm } from "#app/components/establishment-form.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { establishmentSchema } from "#app/domain/registry/schemas.ts";
import { readForm } from "#app/http/guards.server.ts";
import { registryEditor, submitRegistryForm } from "#app/http/registry.server.ts";
import { createEstablishment, listCountries } from "#app/services/registry/registry.server.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { db } = registryEditor(context, request);
  return { countries: await listCountries(db) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { db, actor } = registryEditor(context, request);
  const result = await submitRegistryForm(db, await readForm(request), establishmentSchema, (value) => createEstablishment(db, actor, value));
  if (!result.ok) return data({ result: result.reply }, { status: 400 });
  return redirect(`/cooperations/establishments/${result.value}?saved=create`);
}

export default function NewEstablishment({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("registry");
  return (
    <Page narrow>
      <PageHeader title={t("establishments.new")} crumbs={[{ to: "/cooperations/establishments", label: t("establishments.title") }]} />
      <EstablishmentForm countries={loaderData.countries} lastResult={actionData?.result} submitLabel={t("form.create")} />
    </Page>
  );
}
