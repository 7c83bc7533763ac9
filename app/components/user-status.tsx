import { useTranslation } from "#app/components/translation.tsx";

/** Account status in words and a symbol, never colour alone. */
export function StatusBadge({ active, invitationPending }: { active: boolean; invitationPending: boolean }) {
  const { t } = useTranslation();
  if (!active) return <span className="badge badge-danger">✕ {t("users.statuses.deactivated")}</span>;
  if (invitationPending) return <span className="badge badge-warning">✉ {t("users.statuses.invited")}</span>;
  return <span className="badge badge-success">✓ {t("users.statuses.active")}</span>;
}
