/**
 * The "Evidence" section of the criterion page (preuves): the files linked to the criterion, an upload form,
 * a form to link a file already in the process's library, and a "remove" button per file. Plain forms that
 * work without JavaScript; with JavaScript, React Router submits them without reloading the page.
 *
 * Every form posts to /processes/:processId/evidence with `returnTo` (this page, in the form and in the action
 * URL's query, so even a refused upload knows where to go back). The answer is a redirect to `returnTo`:
 * - success: `?saved=evidence#evidence` (the criterion page shows its "saved" message);
 * - refusal: `?error=evidence.<key>#evidence`, keys: file_too_large, file_type_refused, file_missing,
 *   bad_request, invalid, not_found, not_editable. This section shows that message itself (role="alert").
 *
 * Loader data: `evidence` from listCriterionEvidence(db, process, code), `library` from
 * listEvidenceLibrary(db, process) (app/services/process/evidence.server.ts).
 */
import { useId } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { Form, Link, useLocation, useNavigation } from "react-router";
import { CsrfField, FormMessage } from "./forms.tsx";
import { useFormat } from "./format.ts";
import { flagMessage } from "./workspace.tsx";
import { ACCEPT_ATTRIBUTE, sectionError, withoutFlags, type CriterionEvidence, type LibraryFile } from "#app/domain/process/workspace.ts";

export type { CriterionEvidence, LibraryFile } from "#app/domain/process/workspace.ts";

export function EvidenceSection(props: {
  processId: string;
  criterionCode: string;
  editable: boolean;
  evidence: CriterionEvidence[];
  library: LibraryFile[];
  /** The largest file accepted, in MB, for the hint (config UPLOAD_MAX_MB; default 10). */
  maxMb?: number;
  /** Page built offline from a visit taken offline: the files held in this browser (others are not linked). */
  offlineFiles?: ReadonlySet<string>;
}) {
  const { processId, criterionCode, editable, evidence, library, maxMb = 10, offlineFiles } = props;
  const { t } = useTranslation("workspace");
  const format = useFormat();
  const location = useLocation();
  const navigation = useNavigation();
  const id = useId();
  const libraryPath = `/processes/${processId}/evidence`;
  const returnTo = withoutFlags(location.pathname, location.search);
  const action = `${libraryPath}?returnTo=${encodeURIComponent(returnTo)}`;
  const error = sectionError(new URLSearchParams(location.search).get("error"), "evidence");
  const linkedIds = new Set(evidence.map((e) => e.fileId));
  const linkable = library.filter((f) => !linkedIds.has(f.id));
  const uploading = navigation.state === "submitting" && navigation.formAction?.startsWith(libraryPath) && navigation.formEncType === "multipart/form-data";

  return (
    <section id="evidence" className="workspace-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("evidence.sectionTitle")}</h2>
      {error ? <FormMessage>{flagMessage(t, error, maxMb)}</FormMessage> : null}
      {evidence.length === 0 ? (
        <p>{t("evidence.noneForCriterion")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{t("evidence.criterionCaption", { count: evidence.length, code: criterionCode })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("evidence.name")}</th>
                <th scope="col">{t("evidence.size")}</th>
                <th scope="col">{t("evidence.addedBy")}</th>
                {editable ? <th scope="col">{t("evidence.remove")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {evidence.map((e) => (
                <tr key={e.linkId}>
                  <td>
                    {offlineFiles && !offlineFiles.has(e.fileId) ? (
                      <>
                        {e.originalName} <span className="field-hint">({t("evidence.notOffline")})</span>
                      </>
                    ) : (
                      <a href={`${libraryPath}/${e.fileId}`}>{e.originalName}</a>
                    )}
                  </td>
                  <td>{format.fileSize(e.sizeBytes)}</td>
                  <td>
                    {e.linkedByName}, {format.dateTime(e.linkedAt)}
                  </td>
                  {editable ? (
                    <td>
                      <Form method="post" action={action}>
                        <CsrfField />
                        <input type="hidden" name="intent" value="unlink" />
                        <input type="hidden" name="linkId" value={e.linkId} />
                        <input type="hidden" name="returnTo" value={returnTo} />
                        <button type="submit" className="button" aria-label={t("evidence.unlinkFrom", { name: e.originalName, code: criterionCode })}>
                          {t("evidence.unlinkShort")}
                        </button>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable && evidence.length > 0 ? <p className="field-hint">{t("evidence.unlinkKeeps")}</p> : null}

      {editable ? (
        <div className="columns">
          <Form method="post" action={action} encType="multipart/form-data" className="stack">
            <CsrfField />
            {/* Text fields first: they reach the server before the file, even when the file is refused. */}
            <input type="hidden" name="returnTo" value={returnTo} />
            <input type="hidden" name="criterion" value={criterionCode} />
            <div className="field">
              <label htmlFor={`${id}-file`}>{t("evidence.addFile")}</label>
              <p className="field-hint" id={`${id}-file-hint`}>
                {t("evidence.fileHint", { max: maxMb })}
              </p>
              <input id={`${id}-file`} name="file" type="file" required accept={ACCEPT_ATTRIBUTE} aria-describedby={`${id}-file-hint`} />
            </div>
            <button type="submit" className="button button-primary" disabled={uploading}>
              {uploading ? t("evidence.uploading") : t("evidence.upload")}
            </button>
          </Form>
          {linkable.length > 0 ? (
            <Form method="post" action={action} className="stack">
              <CsrfField />
              <input type="hidden" name="intent" value="link" />
              <input type="hidden" name="returnTo" value={returnTo} />
              <input type="hidden" name="criterion" value={criterionCode} />
              <div className="field">
                <label htmlFor={`${id}-library`}>{t("evidence.fromLibrary")}</label>
                <select id={`${id}-library`} name="fileId" required defaultValue="">
                  <option value="">{t("evidence.chooseFile")}</option>
                  {linkable.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.originalName} ({format.fileSize(f.sizeBytes)})
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className="button">
                {t("evidence.link")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
      <p>
        <Link to={libraryPath}>{t("evidence.openLibrary", { count: library.length })}</Link>
      </p>
    </section>
  );
}
