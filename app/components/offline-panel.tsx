import { useEffect, useState } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { useFormat } from "./format.ts";
import { evidenceDownload, type StoredEvidence } from "#app/domain/audit/offline-evidence.ts";
import { downloadEvidenceFiles, type EvidenceProgress } from "./offline-evidence.ts";
import {
  eraseOfflineVisits,
  readStoredVisit,
  registerOfflineWorker,
  storageUsed,
  takeVisitOffline,
  type StoredVisitRecord,
  type TakeOfflineProgress,
} from "./offline-visit.ts";

/**
 * The visit's "make available offline" panel, for the audit team: what is stored here, when, how much space it takes,
 * and "remove from this device". Needs JavaScript (a browser's store); without it, the panel says so.
 */
export function OfflinePanel({ userId, processId, evidence }: { userId: string; processId: string; evidence: { files: number; bytes: number } }) {
  const { t } = useTranslation("audit");
  const format = useFormat();
  const [ready, setReady] = useState(false);
  const [stored, setStored] = useState<StoredVisitRecord | undefined>();
  const [progress, setProgress] = useState<TakeOfflineProgress | null>(null);
  const [usage, setUsage] = useState<{ usage: number; quota: number } | null>(null);
  const [removed, setRemoved] = useState(false);
  const [evidenceProgress, setEvidenceProgress] = useState<EvidenceProgress | null>(null);
  const supported = ready && typeof indexedDB !== "undefined" && typeof caches !== "undefined" && "serviceWorker" in navigator;

  const refresh = async () => {
    setStored(await readStoredVisit(userId, processId).catch(() => undefined));
    setUsage(await storageUsed().catch(() => null));
  };
  useEffect(() => {
    setReady(true);
    void refresh();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [userId, processId]);

  const take = async () => {
    setRemoved(false);
    setProgress({ done: 0, total: 1 });
    let outcome: StoredVisitRecord | undefined;
    try {
      await registerOfflineWorker();
      outcome = await takeVisitOffline(userId, processId, setProgress);
    } finally {
      setProgress(null);
      await refresh();
      // A full store may refuse even the note of the failure: the outcome is shown all the same.
      if (outcome?.status === "incomplete") setStored(outcome);
    }
  };
  const downloadEvidence = async (visit: NonNullable<StoredVisitRecord["visit"]>) => {
    setEvidenceProgress({ bytes: 0, total: 1 });
    let outcome: StoredEvidence | undefined;
    try {
      outcome = await downloadEvidenceFiles(userId, processId, visit.library, setEvidenceProgress);
    } finally {
      setEvidenceProgress(null);
      await refresh();
      // A full store may refuse even the note of the failure: the outcome is shown all the same.
      if (outcome?.status === "failed") setStored((s) => (s ? { ...s, evidence: outcome } : s));
    }
  };
  const remove = async () => {
    await eraseOfflineVisits(userId, processId);
    setRemoved(true);
    await refresh();
  };

  const complete = stored?.status === "complete" && stored.visit ? stored : null;
  const files = complete?.visit ? evidenceDownload(complete.visit.library, complete.evidence) : null;
  const evidenceBytes = complete?.evidence?.status === "complete" ? complete.evidence.bytes : 0;
  const busy = progress !== null || evidenceProgress !== null;
  return (
    <section className="panel offline-panel" aria-labelledby="offline-title">
      <h2 id="offline-title">{t("offline.title")}</h2>
      <p>{t("offline.intro")}</p>
      {!ready ? null : !supported ? (
        <p>{t("offline.unsupported")}</p>
      ) : (
        <>
          {stored?.status === "incomplete" ? (
            <div className="notice notice-error" role="alert">
              <p>
                <strong>{t("offline.incomplete")}</strong> {t(`offline.failure.${stored.failure ?? "other"}`)}
              </p>
            </div>
          ) : null}
          {complete?.visit ? (
            <div role="status">
              <p>
                <strong>{t("offline.available")}</strong> {t("offline.lastSync", { date: format.dateTime(complete.storedAt) })}
              </p>
              <ul>
                <li>{t("offline.storedCriteria", { count: complete.criteria })}</li>
                <li>{t("offline.storedSelf", { count: complete.visit.self.filter((r) => r.rating !== null).length })}</li>
                <li>{t("offline.storedAudit", { count: complete.visit.audit.filter((r) => r.rating !== null).length })}</li>
                <li>{t("offline.storedEvidenceList", { count: complete.visit.library.length })}</li>
                {complete.evidence?.status === "complete" ? (
                  <li>{t("offline.storedEvidenceFiles", { count: complete.evidence.fileIds.length, size: format.fileSize(complete.evidence.bytes) })}</li>
                ) : null}
                <li>{t("offline.storedBytes", { size: format.fileSize(complete.bytes + evidenceBytes) })}</li>
              </ul>
            </div>
          ) : null}
          {complete?.evidence?.status === "failed" ? (
            <div className="notice notice-error" role="alert">
              <p>
                <strong>{t("offline.evidenceNotOffline")}</strong> {t(`offline.evidenceFailure.${complete.evidence.failure}`)}
              </p>
            </div>
          ) : null}
          {removed ? <p role="status">{t("offline.removed")}</p> : null}
          {!complete ? <p className="field-hint">{t("offline.evidenceFiles", { count: evidence.files, size: format.fileSize(evidence.bytes) })}</p> : null}
          {usage ? <p className="field-hint">{t("offline.spaceUsed", { used: format.fileSize(usage.usage), quota: format.fileSize(usage.quota) })}</p> : null}
          {progress ? (
            <p>
              <progress value={progress.done} max={progress.total} aria-labelledby="offline-progress" />{" "}
              <span id="offline-progress">{t("offline.progress", { done: progress.done, total: progress.total })}</span>
            </p>
          ) : null}
          {evidenceProgress ? (
            <p>
              <progress value={evidenceProgress.bytes} max={evidenceProgress.total} aria-labelledby="evidence-progress" />{" "}
              <span id="evidence-progress">
                {t("offline.evidenceProgress", { done: format.fileSize(evidenceProgress.bytes), total: format.fileSize(evidenceProgress.total) })}
              </span>
            </p>
          ) : null}
          <p className="actions">
            {complete?.visit && files && files.files > 0 && !files.upToDate ? (
              <>
                <button type="button" className="button" onClick={() => void downloadEvidence(complete.visit!)} disabled={busy}>
                  {t("offline.evidenceDownload", { count: files.files, size: format.fileSize(files.bytes) })}
                </button>{" "}
              </>
            ) : null}
            <button type="button" className="button" onClick={() => void take()} disabled={busy}>
              {complete ? t("offline.refresh") : t("offline.take")}
            </button>{" "}
            {stored ? (
              <button type="button" className="button button-secondary" onClick={() => void remove()} disabled={busy}>
                {t("offline.remove")}
              </button>
            ) : null}
          </p>
        </>
      )}
    </section>
  );
}
