import { useTranslation } from "react-i18next";
import type { LabelStatus } from "#app/domain/label/status.ts";

/** A label's status in words and a symbol, never colour alone. */
export function LabelStatusBadge({ status }: { status: LabelStatus }) {
  const { t } = useTranslation("label");
  return (
    <span className={`badge label-status label-status-${status}`}>
      <span aria-hidden="true">{t(`statusIcon.${status}`)} </span>
      {t(`status.${status}`)}
    </span>
  );
}
