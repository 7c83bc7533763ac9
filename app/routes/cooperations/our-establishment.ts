import { redirect } from "react-router";
import type { Route } from "./+types/our-establishment";
import { forbidden, requireUser } from "#app/http/guards.server.ts";

/** A hospital user's own establishment page (the "our establishment" entry of the menu). */
export function loader({ request, context }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  if (!user.establishmentId) forbidden();
  return redirect(`/cooperations/establishments/${user.establishmentId}`);
}
