import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { sessionContext } from "../../context";
import { getServices } from "../../services/guards.server";
import { clearedSessionCookie, invalidateSession } from "../../services/sessions.server";
import { secureCookies } from "../../middleware/session.server";

export async function action({ request, context }: Route.ActionArgs) {
  const session = context.get(sessionContext);
  const { db, config } = getServices(context);
  if (session) await invalidateSession(db, session.id);
  return redirect("/login?loggedOut=1", {
    headers: { "Set-Cookie": clearedSessionCookie(secureCookies(request, config.PUBLIC_URL)) },
  });
}

export function loader() {
  return redirect("/");
}
