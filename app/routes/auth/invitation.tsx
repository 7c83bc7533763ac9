import type { Route } from "./+types/invitation";
import { SetPasswordPage } from "#app/components/set-password.tsx";
import { loadSetPassword, submitSetPassword, tokenPageHeaders } from "#app/http/set-password.server.ts";

export const headers = tokenPageHeaders;
export const loader = (args: Route.LoaderArgs) => loadSetPassword("invitation", args);
export const action = (args: Route.ActionArgs) => submitSetPassword("invitation", args);

export default function Invitation({ loaderData, actionData }: Route.ComponentProps) {
  return <SetPasswordPage kind="invitation" link={loaderData.link} result={actionData?.result} />;
}
