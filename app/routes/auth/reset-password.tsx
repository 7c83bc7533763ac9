import type { Route } from "./+types/reset-password";
import { SetPasswordPage } from "#app/components/set-password.tsx";
import { loadSetPassword, submitSetPassword, tokenPageHeaders } from "#app/http/set-password.server.ts";

export const headers = tokenPageHeaders;
export const loader = (args: Route.LoaderArgs) => loadSetPassword("password_reset", args);
export const action = (args: Route.ActionArgs) => submitSetPassword("password_reset", args);

export default function ResetPassword({ loaderData, actionData }: Route.ComponentProps) {
  return <SetPasswordPage kind="passwordReset" link={loaderData.link} result={actionData?.result} />;
}
