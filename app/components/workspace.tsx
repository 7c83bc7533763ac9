// Small pieces shared by the evidence, action plan and team pages and the sections of the criterion page.
import "./workspace.css";
import { useTranslation } from "#app/components/translation.tsx";
import type { Crumb } from "./page.tsx";
import { useFormat } from "./format.ts";
import type { ActionStatus, ErrorFlag } from "#app/domain/process/workspace.ts";

/** Breadcrumbs of a page below a process: the list of processes, then the process. */
export function useProcessCrumbs(process: { id: string; establishmentName: string }): Crumb[] {
  const { t } = useTranslation("workspace");
  return [
    { to: "/processes", label: t("crumbs.processes") },
    { to: `/processes/${process.id}`, label: process.establishmentName },
  ];
}

export function FileSize({ bytes }: { bytes: number }) {
  const format = useFormat();
  return <>{format.fileSize(bytes)}</>;
}

/** The message of an error flag (`?error=evidence.file_too_large`, or an action's answer). */
export function flagMessage(t: (key: string, options?: Record<string, unknown>) => string, flag: ErrorFlag | string, maxMb?: number): string {
  return t(`flags.error.${flag.replace(".", "_")}`, { max: maxMb ?? 10, defaultValue: t("flags.error.fallback") });
}

/** An action's status as words, with a badge colour that never carries the meaning alone. */
export function ActionStatusBadge({ status, overdue }: { status: ActionStatus; overdue?: boolean }) {
  const { t } = useTranslation("workspace");
  const tone = status === "done" ? "badge-success" : status === "in_progress" ? "badge-warning" : "badge-muted";
  return (
    <>
      <span className={`badge ${tone}`}>{t(`actions.statuses.${status}`)}</span>
      {overdue ? <span className="badge badge-danger">{t("actions.overdue")}</span> : null}
    </>
  );
}
