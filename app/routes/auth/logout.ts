import { redirect } from "react-router";
import type { Route } from "./+types/logout";
import { sessionContext } from "#app/context.ts";
import { getServices } from "#app/http/guards.server.ts";
import { clearedSessionCookie, invalidateSession } from "#app/services/accounts/sessions.server.ts";
import { secureCookies } from "#app/middleware/session.server.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";

export async function action({ request, context }: Route.ActionArgs) {
  const session = context.get(sessionContext);
  const { db, config } = getServices(context);
  if (session) {
    await invalidateSession(db, session.id);
    await recordInAuditTrail(db, { actorUserId: session.user.id, action: "auth.sign_out", entityType: "user", entityId: session.user.id });
  }
  return redirect("/login?loggedOut=1", {
    headers: { "Set-Cookie": clearedSessionCookie(secureCookies(request, config.PUBLIC_URL)) },
  });
}

export function loader() {
  return redirect("/");
}
