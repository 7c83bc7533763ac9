import { useTranslation } from "#app/components/translation.tsx";
import { data, redirect } from "react-router";
import type { Route } from "./+types/agreement-new";
import { AgreementForm } from "#app/components/agreement-form.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { agreementSchema } from "#app/domain/registry/schemas.ts";
import { readForm } from "#app/http/guards.server.ts";
import { registryEditor, submitRegistryForm } from "#app/http/registry.server.ts";
import { createAgreement, listCountries, listEstablishmentChoices } from "#app/services/registry/registry.server.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { db } = registryEditor(context, request);
  const establishmentId = new URL(request.url).searchParams.get("establishment") ?? undefined;
  return { countries: await listCountries(db), establishments: await listEstablishmentChoices(db), establishmentId };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { db, actor } = registryEditor(context, request);
  const result = await submitRegistryForm(db, await readForm(request), agreementSchema, (value) => createAgreement(db, actor, value));
  if (!result.ok) return data({ result: result.reply }, { status: 400 });
  return redirect(`/cooperations/agreements/${result.value}?saved=create`);
}

export default function NewAgreement({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("registry");
  return (
    <Page narrow>
      <PageHeader title={t("agreements.new")} crumbs={[{ to: "/cooperations/agreements", label: t("agreements.title") }]} />
      <AgreementForm
        countries={loaderData.countries}
        establishments={loaderData.establishments}
        initial={{ status: "active", establishmentId: loaderData.establishmentId }}
        lastResult={actionData?.result}
        submitLabel={t("form.create")}
      />
    </Page>
  );
}
