import { useTranslation } from "#app/components/translation.tsx";
import type { ProcessState } from "#app/domain/process/state-machine.ts";

const ICONS: Record<ProcessState, string> = {
  self_assessment: "✎",
  submitted: "✓",
  audit_scheduled: "◷",
  audit_in_progress: "◉",
  audit_submitted: "✓",
  deferred: "‖",
  decided: "★",
  withdrawn: "✕",
};

/** A process's state in words and a symbol, never colour alone. */
export function ProcessStateBadge({ state }: { state: ProcessState }) {
  const { t } = useTranslation("process");
  return (
    <span className={`badge state-${state}`}>
      <span aria-hidden="true">{ICONS[state]} </span>
      {t(`states.${state}`)}
    </span>
  );
}
