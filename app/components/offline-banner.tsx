/**
 * The offline queue on every signed-in page: "offline — N changes waiting", the sync button, the changes a sync could
 * not apply (a conflict to resolve on its page, a refusal with its reason and a way to discard it), the import of a
 * file downloaded at logout; and the logout form that offers to sync first. Without JavaScript nothing is queued,
 * so none of it shows and the plain logout form logs out.
 */
import { useCallback, useEffect, useRef, useState, type ChangeEvent, type FormEvent } from "react";
import { useTranslation } from "#app/components/translation.tsx";
import { Form, useLocation } from "react-router";
import { CsrfField } from "./forms.tsx";
import {
  clearPending,
  discardChange,
  exportFileName,
  exportPending,
  importPending,
  listPending,
  onQueueEvent,
  pageOfEndpoint,
  syncPending,
  type PendingSave,
} from "./offline-queue.ts";

/**
 * This user's log, kept current, and whether the server can be reached: the browser's word, corrected by the last
 * sync (a send that failed on the network).
 */
export function useOfflineQueue(userId: string) {
  const [entries, setEntries] = useState<PendingSave[]>([]);
  const [online, setOnline] = useState(true);
  const [signedOut, setSignedOut] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const refresh = useCallback(() => void listPending(userId).then(setEntries, () => setEntries([])), [userId]);

  const sync = useCallback(async () => {
    setSyncing(true);
    try {
      const summary = await syncPending(userId);
      setSignedOut(summary.stopped === "signed_out");
    } finally {
      setSyncing(false);
      refresh();
    }
  }, [userId, refresh]);

  useEffect(() => {
    const unsubscribe = onQueueEvent((event) => {
      if (event.userId !== userId) return;
      // Signed out is an answer of the server: the connection is back, only the session is missing.
      if (event.type === "stopped" && event.reason === "signed_out") (setSignedOut(true), setOnline(navigator.onLine));
      // The browser may say it is online while the server cannot be reached (a ward's Wi-Fi without internet, the
      // server down): a send that fails on the network means offline, an answer means back.
      if (event.type === "stopped" && event.reason === "offline") setOnline(false);
      if (event.type === "answer") (setOnline(navigator.onLine), setSignedOut(false));
      refresh();
    });
    const update = () => setOnline(navigator.onLine);
    const back = () => (update(), void sync());
    update();
    window.addEventListener("online", back);
    window.addEventListener("offline", update);
    // At load: send what waits (the page on screen's own change included: its form hears the answer).
    void sync();
    return () => {
      unsubscribe();
      window.removeEventListener("online", back);
      window.removeEventListener("offline", update);
    };
  }, [userId, refresh, sync]);

  return { entries, online, signedOut, syncing, sync, refresh };
}

function downloadJson(name: string, data: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function OfflineBanner({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const { entries, online, signedOut, syncing, sync, refresh } = useOfflineQueue(userId);
  const [imported, setImported] = useState<string | null>(null);
  // Nothing before hydration: without JavaScript nothing is queued, and the import needs it.
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  // Waiting: still to be sent. Stuck (a conflict to choose, a refusal to discard): kept, but not "waiting".
  const stuck = entries.filter((e) => e.status !== "waiting");
  const waiting = entries.length - stuck.length;
  // The import of a file downloaded at logout: offered on the process's and the visit's page (and whenever the
  // banner shows).
  const onVisitPage = /^\/processes\/[^/]+(\/audit)?\/?$/.test(useLocation().pathname);
  const shown = hydrated && (!online || entries.length > 0 || imported !== null || onVisitPage);

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    const outcome = await importPending(userId, await file.text());
    setImported(outcome.ok ? t("offline.imported", { count: outcome.count }) : t(`offline.importRefused.${outcome.reason}`));
    refresh();
    if (outcome.ok && outcome.count > 0) void sync();
  };

  // Not rendered at all until shown: the server's HTML (and a page without JavaScript) carries none of it.
  if (!shown) return null;
  return (
    <section className={`offline-banner notice ${online ? "notice-info" : "notice-error"}`} aria-label={t("offline.label")}>
      {online && waiting === 0 ? null : (
        <p role="status" data-testid="offline-count">
          {t(online ? "offline.waiting" : "offline.offline", { count: waiting })}
        </p>
      )}
      {signedOut ? <p>{t("offline.signedOut")}</p> : null}
      {stuck.length > 0 ? <p data-testid="offline-stuck-count">{t("offline.toReview", { count: stuck.length })}</p> : null}
      {stuck.length > 0 ? (
        <ul className="offline-stuck">
          {stuck.map((e) => (
            <li key={e.id}>
              <a href={pageOfEndpoint(e.url)}>{criterionOf(e.url)}</a>{" "}
              {e.status === "conflict" ? t("offline.conflict") : t("offline.refused", { reason: t(`offline.reasons.${e.reason}`, { defaultValue: e.reason ?? "" }) })}
              {e.status === "refused" ? (
                <>
                  {" "}
                  <button type="button" className="link-button" onClick={() => void discardChange(userId, e.id!)}>
                    {t("offline.discard")}
                  </button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {imported ? <p>{imported}</p> : null}
      <p className="actions-row">
        {waiting > 0 ? (
          <button type="button" className="button" disabled={syncing} onClick={() => void sync()}>
            {t("offline.syncNow")}
          </button>
        ) : null}
        <label className="button">
          {t("offline.import")}
          <input type="file" accept="application/json,.json" className="visually-hidden" onChange={(e) => void importFile(e)} />
        </label>
      </p>
    </section>
  );
}

/** The criterion's code in an endpoint (…/criteria/2.3.1/rating), to name the change. */
function criterionOf(url: string): string {
  const parts = pageOfEndpoint(url).split("/");
  return parts.at(-1) ?? url;
}

/**
 * Logout. Changes waiting in this browser are this user's only: logging out first offers to sync them; logging out
 * anyway downloads them as a file to import later, and only then erases them, with the visits stored offline. Without
 * JavaScript, a plain post (the next sign-in on this browser erases what another user left: OfflineScope).
 */
export function LogoutForm({ userId, label }: { userId: string; label: string }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [waiting, setWaiting] = useState<number | null>(null);
  const [syncing, setSyncing] = useState(false);

  const logOut = async (download: boolean) => {
    if (download) downloadJson(exportFileName(), await exportPending(userId));
    await clearPending(userId);
    // The visits taken offline go too: the next person on this browser never finds them.
    await import("./offline-visit.ts").then((m) => m.eraseOfflineVisits(userId)).catch(() => undefined);
    formRef.current?.submit();
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void listPending(userId).then(
      (entries) => (entries.length === 0 ? logOut(false) : setWaiting(entries.length)),
      () => formRef.current?.submit(),
    );
  };

  const syncFirst = async () => {
    setSyncing(true);
    await syncPending(userId).catch(() => undefined);
    setSyncing(false);
    const left = (await listPending(userId)).length;
    if (left === 0) await logOut(false);
    else setWaiting(left);
  };

  return (
    <Form method="post" action="/logout" reloadDocument ref={formRef} onSubmit={submit}>
      <CsrfField />
      <button type="submit" className="link-button">
        {label}
      </button>
      {waiting !== null ? (
        <div className="logout-offer notice notice-error" role="alertdialog" aria-labelledby="logout-offer-text">
          <p id="logout-offer-text">{t("offline.logoutWaiting", { count: waiting })}</p>
          <p className="actions-row">
            <button type="button" className="button button-primary" disabled={syncing} onClick={() => void syncFirst()}>
              {t("offline.syncNow")}
            </button>
            <button type="button" className="button" onClick={() => void logOut(true)}>
              {t("offline.logoutAnyway")}
            </button>
            <button type="button" className="link-button" onClick={() => setWaiting(null)}>
              {t("offline.cancel")}
            </button>
          </p>
        </div>
      ) : null}
    </Form>
  );
}
