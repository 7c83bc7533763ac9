import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "#app/components/translation.tsx";
import { data, Form, Link, useNavigation } from "react-router";
import type { Route } from "./+types/apply";
import { CsrfField, Field, FormMessage } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { clientAddressContext } from "#app/context.ts";
import { applicationSchema, HONEYPOT_FIELD } from "#app/forms/applications.ts";
import { submitApplication } from "#app/services/process/applications.server.ts";
import { enforceRateLimits, getServices, notifyContext, readForm } from "#app/http/guards.server.ts";
import { listCountries } from "#app/services/registry/registry.server.ts";

/** The public application form: no sign-in needed. */
export async function loader({ context }: Route.LoaderArgs) {
  const countries = await listCountries(getServices(context).db);
  return { countries: countries.map((c) => ({ iso: c.iso, nameFr: c.nameFr, nameEn: c.nameEn })) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const formData = await readForm(request);
  const honeypot = formData.get(HONEYPOT_FIELD);
  // A robot filled in the hidden field: it is told all went well, and nothing is stored.
  if (typeof honeypot === "string" && honeypot.trim() !== "") return { result: undefined, submitted: true };
  const submission = parseWithZod(formData, { schema: applicationSchema });
  if (submission.status !== "success") return data({ result: submission.reply(), submitted: false }, { status: 400 });
  // Every well-formed application counts, stored or refused as a duplicate.
  await enforceRateLimits(context, [{ limit: "applicationsPerClient" }]);
  const outcome = await submitApplication(getServices(context).db, submission.value, context.get(clientAddressContext), notifyContext(context, request));
  if (!outcome.ok) {
    if (outcome.code === "country_unknown") {
      return data({ result: submission.reply({ fieldErrors: { countryCode: ["country_unknown"] } }), submitted: false }, { status: 400 });
    }
    return data({ result: submission.reply({ formErrors: [outcome.code] }), submitted: false }, { status: 409 });
  }
  return { result: submission.reply({ resetForm: true }), submitted: true };
}

export default function Apply({ loaderData, actionData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation("applications");
  const navigation = useNavigation();
  const lng = i18n.language === "en" ? "en" : "fr";
  const countries = loaderData.countries
    .map((c) => ({ iso: c.iso, name: lng === "en" ? c.nameEn : c.nameFr }))
    .sort((a, b) => a.name.localeCompare(b.name, lng));
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(applicationSchema),
    defaultValue: { language: lng },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: applicationSchema }),
  });
  const formError = form.errors?.[0];
  return (
    <Page narrow>
      <PageHeader title={t("apply.title")} />
      <p className="lead">{t("apply.intro")}</p>
      {actionData?.submitted ? <FormMessage tone="success">{t("apply.submitted")}</FormMessage> : null}
      {formError ? <FormMessage>{t(`errors.${formError}`, { defaultValue: t("common:validation.invalid") })}</FormMessage> : null}
      <Form method="post" className="stack" {...getFormProps(form)}>
        <CsrfField />
        <Field field={fields.establishmentName} label={t("apply.establishmentName")}>
          <input {...getInputProps(fields.establishmentName, { type: "text" })} autoComplete="organization" />
        </Field>
        <Field field={fields.countryCode} label={t("apply.country")}>
          <select {...getSelectProps(fields.countryCode)}>
            <option value="">{t("apply.chooseCountry")}</option>
            {countries.map((c) => (
              <option key={c.iso} value={c.iso}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field field={fields.city} label={t("apply.city")}>
          <input {...getInputProps(fields.city, { type: "text" })} autoComplete="address-level2" />
        </Field>
        <Field field={fields.contactName} label={t("apply.contactName")}>
          <input {...getInputProps(fields.contactName, { type: "text" })} autoComplete="name" />
        </Field>
        <Field field={fields.contactEmail} label={t("apply.contactEmail")}>
          <input {...getInputProps(fields.contactEmail, { type: "email" })} autoComplete="email" />
        </Field>
        <Field field={fields.language} label={t("apply.language")}>
          <select {...getSelectProps(fields.language)}>
            <option value="fr">{t("common:languages.fr")}</option>
            <option value="en">{t("common:languages.en")}</option>
          </select>
        </Field>
        <Field field={fields.motivation} label={t("apply.motivation")} hint={t("apply.motivationHint")}>
          <textarea {...getTextareaProps(fields.motivation, { ariaDescribedBy: fields.motivation.descriptionId })} rows={6} />
        </Field>
        <Field field={fields.cooperationLink} label={t("apply.cooperationLink")} hint={t("apply.cooperationLinkHint")}>
          <input {...getInputProps(fields.cooperationLink, { type: "text", ariaDescribedBy: fields.cooperationLink.descriptionId })} />
        </Field>
        <div className="honeypot" aria-hidden="true">
          <label htmlFor="apply-website">{t("apply.honeypot")}</label>
          <input id="apply-website" name={HONEYPOT_FIELD} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>
        <button type="submit" className="button button-primary" disabled={navigation.state === "submitting"}>
          {t("apply.submit")}
        </button>
      </Form>
      <p>
        <Link to="/login">{t("apply.backToLogin")}</Link>
      </p>
    </Page>
  );
}
