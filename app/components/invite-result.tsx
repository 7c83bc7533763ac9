import { useTranslation } from "#app/components/translation.tsx";
import { FormMessage } from "./forms.tsx";

/** After an invitation: confirmation, and the link itself for when no e-mail arrives (no mail server, spam filter). */
export function InvitationSent({ email, link }: { email: string; link: string }) {
  const { t } = useTranslation();
  return (
    <FormMessage tone="success">
      <p>{t("invite.sent", { email })}</p>
      <p>{t("invite.linkHint")}</p>
      <p>
        <code className="invitation-link">{link}</code>
      </p>
    </FormMessage>
  );
}
