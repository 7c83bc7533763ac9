import { and, asc, eq, gt, isNull, type SQL } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { establishments, users, userTokens } from "#db/schema.ts";
import { canInviteColleague, canManageUsers, type Actor, type Role } from "#app/domain/auth/permissions.ts";
import type { Language } from "#app/domain/language.ts";
import { generateToken, hashToken, type UserTokenKind } from "#app/domain/auth/tokens.ts";
import { changedFields, recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { AppError, type ErrorCode } from "#app/services/errors.ts";
import { enqueueMessage, LINK_PLACEHOLDER, withdrawLinks } from "#app/services/platform/outbox.server.ts";
import { hashPassword, verifyPassword } from "./passwords.server.ts";
import { invalidateUserSessions } from "./sessions.server.ts";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const PASSWORD_RESET_TTL_MS = 2 * 60 * 60 * 1000;

/** Translates a message key in a given language (the recipient's, not the sender's). */
export type Translate = (language: Language, key: string, values?: Record<string, string>) => string;

/** A refusal about accounts (see APP_ERRORS.accounts); `field` names the form field it belongs to, when there is one. */
export class DomainError extends AppError<"accounts"> {
  constructor(code: ErrorCode<"accounts">, field?: string) {
    super("accounts", code, { field });
  }
}

export interface NewUserInput {
  email: string;
  name: string;
  role: Role;
  establishmentId: string | null;
  isCoordinator: boolean;
  language: Language;
}

/**
 * Revokes the user's links that are still usable (of one kind, or all): a newer link of that kind is on its way,
 * or the password changed. Their copies in the outbox lose the link.
 */
async function revokeUserTokens(db: Db, userId: string, now: Date, kind?: UserTokenKind): Promise<void> {
  const conditions: SQL[] = [eq(userTokens.userId, userId), isNull(userTokens.usedAt), isNull(userTokens.revokedAt)];
  if (kind) conditions.push(eq(userTokens.kind, kind));
  const revoked = await db.update(userTokens).set({ revokedAt: now }).where(and(...conditions)).returning({ id: userTokens.id });
  await withdrawLinks(db, revoked.map((r) => r.id));
}

async function issueToken(db: Db, userId: string, kind: UserTokenKind, createdBy: string | null, now: Date, token = generateToken()) {
  const ttl = kind === "invitation" ? INVITATION_TTL_MS : PASSWORD_RESET_TTL_MS;
  const [row] = await db
    .insert(userTokens)
    .values({ userId, kind, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + ttl), createdBy })
    .returning({ id: userTokens.id, expiresAt: userTokens.expiresAt });
  return { token, id: row!.id, expiresAt: row!.expiresAt };
}

async function sendInvitation(
  db: Db,
  user: { id: string; email: string; name: string; language: Language },
  actor: Actor & { name: string },
  ctx: { baseUrl: string; t: Translate; now: Date },
) {
  // Earlier invitations stop working: only the newest link is valid.
  await revokeUserTokens(db, user.id, ctx.now, "invitation");
  const issued = await issueToken(db, user.id, "invitation", actor.id, ctx.now);
  const link = `${ctx.baseUrl}/invitation/${issued.token}`;
  await enqueueMessage(db, {
    toEmail: user.email,
    language: user.language,
    kind: "invitation",
    subject: ctx.t(user.language, "email.invitation.subject"),
    body: ctx.t(user.language, "email.invitation.body", { name: user.name, inviter: actor.name, link: LINK_PLACEHOLDER }),
    link,
    userTokenId: issued.id,
  });
  return link;
}

/** Creates a user without a password and sends them a one-time invitation link (valid 7 days). */
export async function inviteUser(
  db: Db,
  actor: Actor & { name: string },
  input: NewUserInput,
  ctx: { baseUrl: string; t: Translate; now?: Date },
): Promise<{ userId: string; link: string }> {
  const now = ctx.now ?? new Date();
  const target = {
    ...input,
    email: input.email.trim().toLowerCase(),
    establishmentId: input.role === "hospital" ? input.establishmentId : null,
    isCoordinator: input.role === "hospital" && input.isCoordinator,
  };
  if (!canInviteColleague(actor, target)) throw new DomainError("forbidden");
  // Only the DRI names coordinators.
  if (!canManageUsers(actor)) target.isCoordinator = false;
  if (target.role === "hospital" && !target.establishmentId) throw new DomainError("establishment_required");

  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, target.email));
    if (existing) throw new DomainError("email_taken", "email");
    if (target.establishmentId) {
      const [est] = await tx.select({ id: establishments.id }).from(establishments).where(eq(establishments.id, target.establishmentId));
      if (!est) throw new DomainError("establishment_unknown", "establishmentId");
    }
    const [created] = await tx.insert(users).values(target).returning({ id: users.id });
    const userId = created!.id;
    await recordInAuditTrail(tx, {
      actorUserId: actor.id,
      action: "user.create",
      entityType: "user",
      entityId: userId,
      changes: changedFields(null, target),
    });
    const link = await sendInvitation(tx, { id: userId, ...target }, actor, { ...ctx, now });
    return { userId, link };
  });
}

export async function resendInvitation(
  db: Db,
  actor: Actor & { name: string },
  userId: string,
  ctx: { baseUrl: string; t: Translate; now?: Date },
): Promise<string> {
  const now = ctx.now ?? new Date();
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user || !canInviteColleague(actor, user)) throw new DomainError("not_found");
    if (user.passwordHash) throw new DomainError("already_active");
    await recordInAuditTrail(tx, { actorUserId: actor.id, action: "user.invitation_resent", entityType: "user", entityId: userId });
    return sendInvitation(tx, user, actor, { ...ctx, now });
  });
}

export interface UserUpdate {
  name?: string;
  role?: Role;
  establishmentId?: string | null;
  isCoordinator?: boolean;
  active?: boolean;
}

/** DRI admins change a role, an establishment or the active flag. A role change or deactivation ends the user's sessions at once. */
export async function updateUser(db: Db, actor: Actor, userId: string, update: UserUpdate): Promise<void> {
  if (!canManageUsers(actor)) throw new DomainError("forbidden");
  if (userId === actor.id && (update.active === false || (update.role && update.role !== actor.role))) {
    throw new DomainError("cannot_demote_self");
  }
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, userId));
    if (!before) throw new DomainError("not_found");
    const role = update.role ?? before.role;
    const next = {
      name: update.name ?? before.name,
      role,
      establishmentId: role === "hospital" ? (update.establishmentId !== undefined ? update.establishmentId : before.establishmentId) : null,
      isCoordinator: role === "hospital" ? (update.isCoordinator ?? before.isCoordinator) : false,
      active: update.active ?? before.active,
    };
    if (next.role === "hospital" && !next.establishmentId) throw new DomainError("establishment_required");
    const changes = changedFields(before, next);
    if (Object.keys(changes).length === 0) return;
    await tx.update(users).set({ ...next, updatedAt: new Date() }).where(eq(users.id, userId));
    await recordInAuditTrail(tx, { actorUserId: actor.id, action: "user.update", entityType: "user", entityId: userId, changes });
    if (changes.role || changes.establishmentId || changes.isCoordinator || changes.active) {
      await invalidateUserSessions(tx, userId);
    }
    // A pending link must not come back to life if the account is reactivated.
    if (!next.active) await revokeUserTokens(tx, userId, new Date());
  });
}

export type TokenCheck =
  | { ok: true; tokenId: string; user: { id: string; email: string; name: string; language: Language } }
  | { ok: false; reason: "invalid" | "used" | "revoked" | "expired" };

/** Looks up a one-time link without using it. */
export async function checkUserToken(db: Db, token: string, kind: UserTokenKind, now = new Date()): Promise<TokenCheck> {
  const [row] = await db
    .select({
      id: userTokens.id,
      kind: userTokens.kind,
      usedAt: userTokens.usedAt,
      revokedAt: userTokens.revokedAt,
      expiresAt: userTokens.expiresAt,
      user: { id: users.id, email: users.email, name: users.name, language: users.language, active: users.active },
    })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(eq(userTokens.tokenHash, hashToken(token)));
  if (!row || row.kind !== kind || !row.user.active) return { ok: false, reason: "invalid" };
  if (row.usedAt) return { ok: false, reason: "used" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true, tokenId: row.id, user: row.user };
}

/**
 * Sets a password through an invitation or reset link, once. The token is consumed with a conditional
 * update, so two tabs racing on one link cannot both succeed. Every existing session of the user ends, and so
 * does every other link of theirs still pending (invitation or reset).
 */
export async function setPasswordWithToken(
  db: Db,
  token: string,
  kind: UserTokenKind,
  password: string,
  now = new Date(),
): Promise<TokenCheck> {
  const check = await checkUserToken(db, token, kind, now);
  if (!check.ok) return check;
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const consumed = await tx
      .update(userTokens)
      .set({ usedAt: now })
      .where(and(eq(userTokens.id, check.tokenId), isNull(userTokens.usedAt), isNull(userTokens.revokedAt), gt(userTokens.expiresAt, now)))
      .returning({ id: userTokens.id });
    if (consumed.length === 0) return { ok: false, reason: "used" } as const;
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, check.user.id));
    await withdrawLinks(tx, [check.tokenId]);
    await revokeUserTokens(tx, check.user.id, now);
    await invalidateUserSessions(tx, check.user.id);
    await recordInAuditTrail(tx, {
      actorUserId: check.user.id,
      action: kind === "invitation" ? "user.invitation_accepted" : "user.password_reset",
      entityType: "user",
      entityId: check.user.id,
    });
    return check;
  });
}

/**
 * Sends a reset link if the address belongs to an active account (the older reset links of that account stop
 * working). The caller answers the same either way, without waiting for this; the token is made before the
 * account is looked up, so the work that does not depend on the address is the same.
 */
export async function requestPasswordReset(db: Db, email: string, ctx: { baseUrl: string; t: Translate; now?: Date }): Promise<void> {
  const now = ctx.now ?? new Date();
  const token = generateToken();
  await db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
    if (!user || !user.active) return;
    await revokeUserTokens(tx, user.id, now, "password_reset");
    const issued = await issueToken(tx, user.id, "password_reset", null, now, token);
    await enqueueMessage(tx, {
      toEmail: user.email,
      language: user.language,
      kind: "password_reset",
      subject: ctx.t(user.language, "email.passwordReset.subject"),
      body: ctx.t(user.language, "email.passwordReset.body", { name: user.name, link: LINK_PLACEHOLDER }),
      link: `${ctx.baseUrl}/reset-password/${issued.token}`,
      userTokenId: issued.id,
    });
  });
}

/** Changes one's own password; the user's other sessions end, and so do their pending reset links. */
export async function changePassword(
  db: Db,
  user: { id: string },
  currentSessionId: string,
  currentPassword: string,
  newPassword: string,
): Promise<boolean> {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
  if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, currentPassword))) return false;
  const passwordHash = await hashPassword(newPassword);
  const now = new Date();
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, user.id));
    await invalidateUserSessions(tx, user.id, currentSessionId);
    await revokeUserTokens(tx, user.id, now);
    await recordInAuditTrail(tx, { actorUserId: user.id, action: "user.password_changed", entityType: "user", entityId: user.id });
  });
  return true;
}

export async function changeLanguage(db: Db, user: { id: string; language: Language }, language: Language): Promise<void> {
  if (user.language === language) return;
  await db.transaction(async (tx) => {
    await tx.update(users).set({ language, updatedAt: new Date() }).where(eq(users.id, user.id));
    await recordInAuditTrail(tx, {
      actorUserId: user.id,
      action: "user.update",
      entityType: "user",
      entityId: user.id,
      changes: { language: { from: user.language, to: language } },
    });
  });
}

/** Users the actor may see: everyone for the DRI, the colleagues of their establishment for a coordinator. */
export async function listUsers(db: Db, actor: Actor) {
  const scope = canManageUsers(actor)
    ? undefined
    : actor.role === "hospital" && actor.isCoordinator && actor.establishmentId
      ? eq(users.establishmentId, actor.establishmentId)
      : null;
  if (scope === null) throw new DomainError("forbidden");
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      isCoordinator: users.isCoordinator,
      active: users.active,
      language: users.language,
      hasPassword: users.passwordHash,
      establishmentId: users.establishmentId,
      establishmentName: establishments.name,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(establishments, eq(establishments.id, users.establishmentId))
    .where(scope)
    .orderBy(asc(users.name))
    .then((rows) => rows.map(({ hasPassword, ...r }) => ({ ...r, invitationPending: hasPassword === null })));
}

export async function getUserForAdmin(db: Db, actor: Actor, userId: string) {
  if (!canManageUsers(actor)) throw new DomainError("forbidden");
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      establishmentId: users.establishmentId,
      isCoordinator: users.isCoordinator,
      active: users.active,
      language: users.language,
      passwordHash: users.passwordHash,
      totpEnabledAt: users.totpEnabledAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return null;
  // Never the hash nor the second factor's secret: whether the user has one is enough for the DRI.
  const { passwordHash, totpEnabledAt, ...rest } = user;
  return { ...rest, invitationPending: passwordHash === null, secondFactor: totpEnabledAt !== null };
}

export async function listEstablishmentOptions(db: Db) {
  return db
    .select({ id: establishments.id, name: establishments.name, city: establishments.city, countryCode: establishments.countryCode })
    .from(establishments)
    // A duplicate merged into another record is not offered any more.
    .where(isNull(establishments.mergedIntoId))
    .orderBy(asc(establishments.name));
}
