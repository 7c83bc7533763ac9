// A notice's link: marks it read, then leads to what it is about (a plain link: works without JavaScript).
import { redirect } from "react-router";
import type { Route } from "./+types/notification-open";
import { safeRedirect } from "#app/domain/auth/redirects.ts";
import { z } from "#app/forms/validation.ts";
import { getServices, notFound, requireUser } from "#app/http/guards.server.ts";
import { openNotification } from "#app/services/notifications/notifications.server.ts";

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = requireUser(context, request);
  const id = z.uuid().safeParse(params.id);
  if (!id.success) notFound();
  // Someone else's notice does not exist for this user.
  const target = await openNotification(getServices(context).db, user.id, id.data);
  if (!target) notFound();
  return redirect(safeRedirect(target, "/notifications"));
}
