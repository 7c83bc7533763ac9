// The evidence library of a process (bibliothèque de preuves): every file, the criteria it supports, an upload form.
// Its action receives every evidence post, also from the criterion page (upload / link / unlink; see
// app/domain/process/workspace.ts for the `saved` and `error` query flags it answers with).
import { useTranslation } from "#app/components/translation.tsx";
import { Form, Link, useNavigation } from "react-router";
import type { Route } from "./+types/evidence";
import { FileSize, flagMessage, useProcessCrumbs } from "#app/components/workspace.tsx";
import { CsrfField, FormMessage } from "#app/components/forms.tsx";
import { useFormat } from "#app/components/format.ts";
import { Page, PageHeader } from "#app/components/page.tsx";
import { ACCEPT_ATTRIBUTE, type ErrorFlag } from "#app/domain/process/workspace.ts";
import { deleteEvidenceSchema, linkEvidenceSchema, unlinkEvidenceSchema } from "#app/forms/workspace.ts";
import {
  addEvidence,
  deleteEvidence,
  discardStoredUpload,
  linkEvidence,
  listEvidenceLibrary,
  receiveUpload,
  unlinkEvidence,
  UploadError,
} from "#app/services/process/evidence.server.ts";
import { enforceRateLimits, getServices, readForm } from "#app/http/guards.server.ts";
import { requireProcess } from "#app/http/process.server.ts";
import { attempt } from "#app/http/errors.server.ts";
import { canEditSelfAssessment } from "#app/domain/process/edit-rules.ts";
import { requireEditable } from "#app/services/process/self-assessment.server.ts";
import { criterionOptions, refusal, returnAddress, savedRedirect, SECTION_REFUSALS, sectionFlag } from "#app/http/workspace.server.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const { db, config } = getServices(context);
  const [files, chapters] = await Promise.all([listEvidenceLibrary(db, process), criterionOptions(context, process)]);
  const url = new URL(request.url);
  return {
    process: { id: process.id, establishmentName: process.establishmentName, referentialVersion: process.referentialVersion, state: process.state },
    editable: canEditSelfAssessment(user, process),
    files,
    chapters,
    maxMb: config.UPLOAD_MAX_MB,
    saved: url.searchParams.get("saved"),
    error: url.searchParams.get("error"),
  };
}

export async function action({ request, context, params }: Route.ActionArgs) {
  const { user, process } = await requireProcess(context, request, params.processId);
  const { db, config, storage } = getServices(context);
  const here = `/processes/${process.id}/evidence`;

  if (/^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "")) {
    // Refuse before reading a byte of the file: nothing is written for someone who may not add evidence.
    const editable = await attempt(() => requireEditable(user, process), { onForm: SECTION_REFUSALS });
    if (!editable.ok) return refusal(sectionFlag("evidence", editable.refusal), returnAddress(request, process, null), editable.refusal.status);
    const upload = await attempt(() => receiveUpload(request, { maxBytes: config.UPLOAD_MAX_MB * 1024 * 1024, storage }), { onForm: UploadError });
    if (!upload.ok) {
      const { code, fields, status } = upload.refusal;
      return refusal(`evidence.${code}`, returnAddress(request, process, fields.returnTo), status);
    }
    const received = upload.value;
    const returnTo = returnAddress(request, process, received.fields.returnTo);
    const criterion = received.fields.criterion?.trim() || null;
    // Counted per person and criterion (the library without one is a criterion of its own); the criterion is known
    // only once the form is read, so a refused file is deleted at once.
    try {
      await enforceRateLimits(context, [{ limit: "evidenceUploadsPerCriterion", key: `${user.id}|${process.id}|${criterion ?? ""}` }]);
    } catch (limited) {
      await discardStoredUpload(storage, received.file);
      throw limited;
    }
    const added = await attempt(() => addEvidence(db, storage, user, process, received.file, { linkToCriterionCode: criterion }), { onForm: SECTION_REFUSALS });
    if (!added.ok) return refusal(sectionFlag("evidence", added.refusal), returnTo, added.refusal.status);
    return savedRedirect(returnTo, here, "evidence");
  }

  const formData = await readForm(request);
  const returnTo = returnAddress(request, process, formData.get("returnTo"));
  const intent = formData.get("intent");
  const schema = intent === "link" ? linkEvidenceSchema : intent === "unlink" ? unlinkEvidenceSchema : intent === "delete" ? deleteEvidenceSchema : null;
  const parsed = schema?.safeParse(Object.fromEntries(formData));
  if (!parsed?.success) return refusal(intent === "delete" ? "evidence.confirm_delete" : "evidence.invalid", returnTo);
  const input = parsed.data;
  const done = await attempt(async () => {
    if (input.intent === "link") await linkEvidence(db, user, process, input.fileId, input.criterion);
    else if (input.intent === "unlink") await unlinkEvidence(db, user, process, input.linkId);
    else await deleteEvidence(db, storage, user, process, input.fileId);
  }, { onForm: SECTION_REFUSALS });
  if (!done.ok) return refusal(sectionFlag("evidence", done.refusal), returnTo, done.refusal.status);
  return savedRedirect(returnTo, here, parsed.data.intent === "delete" ? "evidence_deleted" : "evidence");
}

export default function EvidenceLibrary({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation("workspace");
  const format = useFormat();
  const navigation = useNavigation();
  const { process, files, chapters, editable } = loaderData;
  const crumbs = useProcessCrumbs(process);
  const base = `/processes/${process.id}`;
  const here = `${base}/evidence`;
  const uploading = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";
  const error = (actionData && "error" in actionData ? actionData.error : null) ?? loaderData.error;
  const criterionSelect = (id: string, required: boolean) => (
    <select id={id} name="criterion" required={required} defaultValue="">
      <option value="">{required ? t("evidence.chooseCriterion") : t("evidence.noCriterion")}</option>
      {chapters.map((chapter) => (
        <optgroup key={chapter.code} label={`${chapter.code}. ${chapter.title}`}>
          {chapter.criteria.map((c) => (
            <option key={c.code} value={c.code}>
              {c.code} — {c.text}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
  return (
    <Page>
      <PageHeader title={t("evidence.libraryTitle")} crumbs={crumbs} />
      <p className="lead">{t("evidence.libraryIntro", { establishment: process.establishmentName, version: process.referentialVersion })}</p>
      {loaderData.saved === "evidence" || loaderData.saved === "evidence_deleted" ? <FormMessage tone="success">{t(`flags.saved.${loaderData.saved}`)}</FormMessage> : null}
      {error ? <FormMessage>{flagMessage(t, error as ErrorFlag, loaderData.maxMb)}</FormMessage> : null}
      {!editable ? <FormMessage tone="info">{t("readOnly")}</FormMessage> : null}

      {editable ? (
        <div className="columns">
          <section className="panel" aria-labelledby="upload-title">
            <h2 id="upload-title">{t("evidence.uploadTitle")}</h2>
            <Form method="post" action={here} encType="multipart/form-data" className="stack">
              <CsrfField />
              <div className="field">
                <label htmlFor="evidence-file">{t("evidence.file")}</label>
                <p className="field-hint" id="evidence-file-hint">
                  {t("evidence.fileHint", { max: loaderData.maxMb })}
                </p>
                <input id="evidence-file" name="file" type="file" required accept={ACCEPT_ATTRIBUTE} aria-describedby="evidence-file-hint" />
              </div>
              <div className="field">
                <label htmlFor="upload-criterion">{t("evidence.linkNowTo")}</label>
                {criterionSelect("upload-criterion", false)}
              </div>
              <button type="submit" className="button button-primary" disabled={uploading}>
                {uploading ? t("evidence.uploading") : t("evidence.upload")}
              </button>
            </Form>
          </section>
          {files.length ? (
            <section className="panel" aria-labelledby="link-title">
              <h2 id="link-title">{t("evidence.linkTitle")}</h2>
              <p>{t("evidence.linkIntro")}</p>
              <Form method="post" action={here} className="stack">
                <CsrfField />
                <input type="hidden" name="intent" value="link" />
                <div className="field">
                  <label htmlFor="link-file">{t("evidence.libraryFile")}</label>
                  <select id="link-file" name="fileId" required defaultValue="">
                    <option value="">{t("evidence.chooseFile")}</option>
                    {files.map((f) => (
                      <option key={f.id} value={f.id}>
                        {f.originalName}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="link-criterion">{t("evidence.criterion")}</label>
                  {criterionSelect("link-criterion", true)}
                </div>
                <button type="submit" className="button">
                  {t("evidence.link")}
                </button>
              </Form>
            </section>
          ) : null}
        </div>
      ) : null}

      <div className="table-wrap">
        <table>
          <caption>{t("evidence.libraryCaption", { count: files.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("evidence.name")}</th>
              <th scope="col">{t("evidence.size")}</th>
              <th scope="col">{t("evidence.addedBy")}</th>
              <th scope="col">{t("evidence.criteria")}</th>
              {editable ? <th scope="col">{t("evidence.deleteColumn")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr key={f.id}>
                <td>
                  <a href={`${here}/${f.id}`}>
                    {f.originalName}
                  </a>
                </td>
                <td>
                  <FileSize bytes={f.sizeBytes} />
                </td>
                <td>
                  {f.uploadedByName}, {format.dateTime(f.uploadedAt)}
                </td>
                <td>
                  {f.links.length === 0 ? (
                    <span className="badge badge-muted">{t("evidence.notLinked")}</span>
                  ) : editable ? (
                    // One form per file: each "remove" button posts its own link.
                    <Form method="post" action={here}>
                      <CsrfField />
                      <input type="hidden" name="intent" value="unlink" />
                      <ul className="criterion-links">
                        {f.links.map((link) => (
                          <li key={link.linkId}>
                            <Link to={`${base}/criteria/${link.criterionCode}`}>{link.criterionCode}</Link>{" "}
                            <button
                              type="submit"
                              name="linkId"
                              value={link.linkId}
                              className="link-button"
                              aria-label={t("evidence.unlinkFrom", { name: f.originalName, code: link.criterionCode })}
                            >
                              {t("evidence.unlinkShort")}
                            </button>
                          </li>
                        ))}
                      </ul>
                    </Form>
                  ) : (
                    <ul className="criterion-links">
                      {f.links.map((link) => (
                        <li key={link.linkId}>
                          <Link to={`${base}/criteria/${link.criterionCode}`}>{link.criterionCode}</Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                {editable ? (
                  <td>
                    {/* A native disclosure and a box to tick: deleting is deliberate, with or without JavaScript. */}
                    <details className="delete-evidence">
                      <summary>{t("evidence.delete")}</summary>
                      <Form method="post" action={here} className="stack">
                        <CsrfField />
                        <input type="hidden" name="intent" value="delete" />
                        <input type="hidden" name="fileId" value={f.id} />
                        <p className="field-hint">{t("evidence.deleteWarning", { count: f.links.length })}</p>
                        <div className="field field-checkbox">
                          <input id={`delete-${f.id}`} name="confirm" type="checkbox" value="yes" required />
                          <label htmlFor={`delete-${f.id}`}>{t("evidence.deleteConfirm", { name: f.originalName })}</label>
                        </div>
                        <button type="submit" className="button button-danger">
                          {t("evidence.deleteButton")}
                        </button>
                      </Form>
                    </details>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {files.length === 0 ? <p>{t("evidence.libraryEmpty")}</p> : null}
    </Page>
  );
}
