import { useTranslation } from "react-i18next";
import { data, redirect } from "react-router";
import type { Route } from "./+types/agreement-new";
import { AgreementForm } from "../../components/agreement-form";
import { Page, PageHeader } from "../../components/page";
import { agreementSchema } from "../../domain/registry/schemas";
import { readForm } from "../../services/guards.server";
import { registryEditor, submitRegistryForm } from "../../services/registry-route.server";
import { createAgreement, listCountries, listEstablishmentChoices } from "../../services/registry.server";

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
