import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type RouterContextProvider } from "react-router";
import type { UserTokenKind } from "#app/domain/auth/tokens.ts";
import { setPasswordSchema } from "#app/forms/auth.ts";
import { getServices, readForm } from "./guards.server.ts";
import { checkUserToken, setPasswordWithToken } from "#app/services/accounts/users.server.ts";

type Args = { request: Request; params: { token?: string }; context: Readonly<RouterContextProvider> };

/**
 * The invitation and reset pages carry the token in their address: no Referer may take it elsewhere (nor to this
 * site's own logs), from the page, its answers after a post, or the redirect once the link is used.
 */
const NO_REFERRER = { "Referrer-Policy": "no-referrer" };

/** The `headers` export of both token pages. */
export function tokenPageHeaders() {
  return NO_REFERRER;
}

/** Shared loader of the invitation and password-reset pages: is the link still good? */
export async function loadSetPassword(kind: UserTokenKind, { params, context }: Args) {
  const { db } = getServices(context);
  const check = await checkUserToken(db, params.token ?? "", kind);
  const link = check.ok ? ({ ok: true, user: { name: check.user.name, email: check.user.email } } as const) : check;
  return data({ link }, { status: check.ok ? 200 : 410 });
}

/** Shared action: set the password once, then go to the sign-in page, whose address carries no token. */
export async function submitSetPassword(kind: UserTokenKind, { request, params, context }: Args) {
  const { db } = getServices(context);
  const submission = parseWithZod(await readForm(request), { schema: setPasswordSchema });
  if (submission.status !== "success") {
    return data({ result: submission.reply({ hideFields: ["password", "confirmPassword"] }) }, { status: 400 });
  }
  const outcome = await setPasswordWithToken(db, params.token ?? "", kind, submission.value.password);
  if (!outcome.ok) {
    return data({ result: submission.reply({ formErrors: [`link_${outcome.reason}`], hideFields: ["password", "confirmPassword"] }) }, { status: 410 });
  }
  return redirect("/login?passwordSet=1", { headers: NO_REFERRER });
}
