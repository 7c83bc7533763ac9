import { useTranslation } from "#app/components/translation.tsx";
import { data, Form } from "react-router";
import type { Route } from "./+types/import";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { Page, PageHeader } from "#app/components/page.tsx";
import { RegistryNav } from "#app/components/registry.tsx";
import { readForm } from "#app/http/guards.server.ts";
import { analyseImport, applyImport, IMPORT_MAX_BYTES, type ImportOutcome } from "#app/services/registry/registry-io.server.ts";
import { registryEditor } from "#app/http/registry.server.ts";

export function loader({ request, context }: Route.LoaderArgs) {
  const { canEdit, canReadAll } = registryEditor(context, request);
  return { canEdit, canReadAll, maxMb: IMPORT_MAX_BYTES / 1024 / 1024 };
}

type ActionResult =
  | { step: "preview"; outcome: ImportOutcome; fileName: string; content: string | null }
  | { step: "done"; outcome: ImportOutcome; created: number; updated: number; unchanged: number }
  | { step: "error"; outcome: ImportOutcome };

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

export async function action({ request, context }: Route.ActionArgs) {
  const { db, actor } = registryEditor(context, request);
  // Refuse an oversized upload before reading it (the multipart envelope adds a little to the file).
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > IMPORT_MAX_BYTES * 1.4 + 64 * 1024) {
    return data<ActionResult>({ step: "error", outcome: { ok: false, error: "too_large" } }, { status: 413 });
  }
  const form = await readForm(request);
  if (form.get("intent") === "confirm") {
    const content = form.get("content");
    const bytes = typeof content === "string" ? new Uint8Array(Buffer.from(content, "base64")) : new Uint8Array();
    const result = await applyImport(db, actor, bytes);
    const ok = result.outcome.ok && result.outcome.errors.length === 0;
    return data<ActionResult>({ step: ok ? "done" : "preview", ...result, fileName: "", content: null } as ActionResult, { status: ok ? 200 : 400 });
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return data<ActionResult>({ step: "error", outcome: { ok: false, error: "empty" } }, { status: 400 });
  if (file.size > IMPORT_MAX_BYTES) return data<ActionResult>({ step: "error", outcome: { ok: false, error: "too_large" } }, { status: 413 });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { outcome } = await analyseImport(db, bytes);
  const valid = outcome.ok && outcome.errors.length === 0;
  return data<ActionResult>({ step: "preview", outcome, fileName: file.name, content: valid ? toBase64(bytes) : null }, { status: outcome.ok ? 200 : 400 });
}

function OutcomeError({ outcome }: { outcome: ImportOutcome }) {
  const { t } = useTranslation("registry");
  if (outcome.ok) return null;
  if (outcome.error === "columns") {
    return (
      <FormMessage>
        <p>{t("import.errors.columns")}</p>
        {outcome.missing.length ? <p>{t("import.missingColumns", { list: outcome.missing.join(", ") })}</p> : null}
        {outcome.unknown.length ? <p>{t("import.unknownColumns", { list: outcome.unknown.join(", ") })}</p> : null}
      </FormMessage>
    );
  }
  return <FormMessage>{t(`import.errors.${outcome.error}`, { line: outcome.line ?? "" })}</FormMessage>;
}

export default function ImportPage({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("registry");
  const { t: tc } = useTranslation();
  const result = actionData as ActionResult | undefined;
  const outcome = result?.outcome;
  return (
    <Page>
      <PageHeader title={t("import.title")} />
      <RegistryNav canEdit={loaderData.canEdit} canReadAll={loaderData.canReadAll} />
      <p className="lead">{t("import.intro")}</p>
      <ul>
        <li>{t("import.ruleFormat", { max: loaderData.maxMb })}</li>
        <li>{t("import.ruleColumns")}</li>
        <li>{t("import.ruleAllOrNothing")}</li>
      </ul>

      {result?.step === "done" ? (
        <FormMessage tone="success">{t("import.done", { created: result.created, updated: result.updated, unchanged: result.unchanged })}</FormMessage>
      ) : null}
      {outcome && !outcome.ok ? <OutcomeError outcome={outcome} /> : null}

      {outcome?.ok ? (
        <section aria-labelledby="preview-title">
          <h2 id="preview-title">{t("import.previewTitle")}</h2>
          {outcome.errors.length ? (
            <>
              <FormMessage>{t("import.rejected", { count: outcome.errors.length })}</FormMessage>
              <div className="table-wrap">
                <table>
                  <caption>{t("import.errorsCaption")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("import.line")}</th>
                      <th scope="col">{t("import.column")}</th>
                      <th scope="col">{t("import.problem")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {outcome.errors.map((e, i) => (
                      <tr key={i}>
                        <td>{e.line}</td>
                        <td>
                          <code>{e.column}</code>
                        </td>
                        <td>{tc(`validation.${e.message}`, { defaultValue: tc("validation.invalid") })}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <p>
              {t("import.summary", {
                create: outcome.rows.filter((r) => r.action === "create").length,
                update: outcome.rows.filter((r) => r.action === "update").length,
                unchanged: outcome.rows.filter((r) => r.action === "unchanged").length,
              })}
            </p>
          )}
          <div className="table-wrap">
            <table>
              <caption>{t("import.rowsCaption", { count: outcome.rows.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("import.line")}</th>
                  <th scope="col">{t("columns.title")}</th>
                  <th scope="col">{t("import.action")}</th>
                </tr>
              </thead>
              <tbody>
                {outcome.rows.map((r) => (
                  <tr key={r.line}>
                    <td>{r.line}</td>
                    <td>{r.titleFr}</td>
                    <td>
                      {t(`import.actions.${r.action}`)}
                      {r.changed.length ? ` (${r.changed.join(", ")})` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result?.step === "preview" && result.content ? (
            // Multipart: the checked file comes back whole, and a plain form is bounded by FORM_MAX_KB.
            <Form method="post" encType="multipart/form-data">
              <CsrfField />
              <input type="hidden" name="content" value={result.content} />
              <button type="submit" name="intent" value="confirm" className="button button-primary">
                {t("import.confirm", { count: outcome.rows.filter((r) => r.action !== "unchanged").length })}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section className="panel" aria-labelledby="upload-title">
        <h2 id="upload-title">{t("import.uploadTitle")}</h2>
        <Form method="post" encType="multipart/form-data" className="stack">
          <CsrfField />
          <div className="field">
            <label htmlFor="file">{t("import.file")}</label>
            <input id="file" name="file" type="file" accept=".csv,text/csv" required />
          </div>
          <button type="submit" name="intent" value="preview" className="button">
            {t("import.preview")}
          </button>
        </Form>
      </section>
    </Page>
  );
}
