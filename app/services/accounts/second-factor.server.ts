import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "#db/client.ts";
import { loginThrottles, pendingSignIns, recoveryCodes, users } from "#db/schema.ts";
import type { Role } from "#app/domain/auth/permissions.ts";
import { generateToken, hashToken } from "#app/domain/auth/tokens.ts";
import { waitAfterFailures } from "#app/domain/auth/login-throttle.ts";
import {
  decodeTotpSecret,
  generateRecoveryCodes,
  generateTotpSecret,
  hashRecoveryCode,
  isTotpCode,
  matchTotp,
  otpauthUri,
  secretInGroups,
} from "#app/domain/auth/totp.ts";
import type { Language } from "#app/domain/language.ts";
import { recordInAuditTrail } from "#app/services/platform/audit-trail.server.ts";
import { countFailure } from "./login.server.ts";
import { qrSvg } from "./qr-code.server.ts";

/**
 * The second factor (ADR 0034): a TOTP secret per user, ten single-use recovery codes, and the pending sign-in that
 * sits between a right password and the code — no session exists before the code is right.
 */
export const PENDING_SIGN_IN_COOKIE = "label_pending_sign_in";
/** How long the second step may take after the password. */
export const PENDING_SIGN_IN_MS = 5 * 60 * 1000;

/** Does the configuration (REQUIRE_SECOND_FACTOR) require a second factor for this role? */
export function secondFactorRequired(requiredRoles: readonly Role[], role: Role): boolean {
  return requiredRoles.includes(role);
}

export async function startPendingSignIn(db: Db, input: { userId: string; rememberMe: boolean; redirectTo: string }, now = new Date()) {
  const token = generateToken();
  await db.insert(pendingSignIns).values({ id: hashToken(token), ...input, expiresAt: new Date(now.getTime() + PENDING_SIGN_IN_MS) });
  return token;
}

export interface PendingSignIn {
  id: string;
  rememberMe: boolean;
  redirectTo: string;
  user: { id: string; email: string; role: Role; language: Language; enrolled: boolean };
}

/** The pending sign-in of a browser's cookie; an expired one (or a deactivated user's) is forgotten. */
export async function readPendingSignIn(db: Db, token: string | null, now = new Date()): Promise<PendingSignIn | null> {
  if (!token) return null;
  const id = hashToken(token);
  const [row] = await db
    .select({
      expiresAt: pendingSignIns.expiresAt,
      rememberMe: pendingSignIns.rememberMe,
      redirectTo: pendingSignIns.redirectTo,
      user: { id: users.id, email: users.email, role: users.role, language: users.language, active: users.active, totpEnabledAt: users.totpEnabledAt },
    })
    .from(pendingSignIns)
    .innerJoin(users, eq(users.id, pendingSignIns.userId))
    .where(eq(pendingSignIns.id, id));
  if (!row) return null;
  if (row.expiresAt.getTime() <= now.getTime() || !row.user.active) {
    await db.delete(pendingSignIns).where(eq(pendingSignIns.id, id));
    return null;
  }
  const { totpEnabledAt, active: _active, ...user } = row.user;
  return { id, rememberMe: row.rememberMe, redirectTo: row.redirectTo, user: { ...user, enrolled: totpEnabledAt !== null } };
}

export async function endPendingSignIn(db: Db, pendingId: string): Promise<void> {
  await db.delete(pendingSignIns).where(eq(pendingSignIns.id, pendingId));
}

export type CodeCheck =
  | { ok: true; method: "totp" | "recovery_code" }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/** Wrong codes slow the account down like wrong passwords (5 free, then a doubling wait), from any address. */
const throttleKeyOf = (userId: string) => `second_factor|${userId}`;

/**
 * Checks a code typed for a user's second factor: six digits against the authenticator (each step once), anything
 * else as an unused recovery code (then spent). A failure counts against the user and is in the audit trail.
 */
export async function checkSecondFactor(db: Db, userId: string, typed: string, now = new Date(), options: { allowRecoveryCode?: boolean } = {}): Promise<CodeCheck> {
  const key = throttleKeyOf(userId);
  const [throttle] = await db.select().from(loginThrottles).where(eq(loginThrottles.key, key));
  const wait = Math.max(0, (throttle?.blockedUntil?.getTime() ?? 0) - now.getTime());
  if (wait > 0) return { ok: false, reason: "throttled", retryAfterSeconds: Math.ceil(wait / 1000) };

  const [user] = await db.select({ secret: users.totpSecret, lastStep: users.totpLastStep }).from(users).where(eq(users.id, userId));
  const key32 = user?.secret ? decodeTotpSecret(user.secret) : null;
  let method: "totp" | "recovery_code" | null = null;
  if (key32 && isTotpCode(typed)) {
    const step = matchTotp(key32, typed, now, user!.lastStep);
    if (step !== null) {
      // Conditional on the last step so that two requests racing with one code accept it once.
      const moved = await db
        .update(users)
        .set({ totpLastStep: step })
        .where(and(eq(users.id, userId), user!.lastStep === null ? isNull(users.totpLastStep) : eq(users.totpLastStep, user!.lastStep)))
        .returning({ id: users.id });
      if (moved.length > 0) method = "totp";
    }
  } else if (key32 && options.allowRecoveryCode !== false && typed.trim()) {
    const spent = await db
      .update(recoveryCodes)
      .set({ usedAt: now })
      .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hashRecoveryCode(typed)), isNull(recoveryCodes.usedAt)))
      .returning({ id: recoveryCodes.id });
    if (spent.length > 0) {
      method = "recovery_code";
      await recordInAuditTrail(db, { actorUserId: userId, action: "auth.recovery_code_used", entityType: "user", entityId: userId });
    }
  }
  if (method) {
    if (throttle) await db.delete(loginThrottles).where(eq(loginThrottles.key, key));
    return { ok: true, method };
  }
  await countFailure(db, key, waitAfterFailures, now);
  await recordInAuditTrail(db, { actorUserId: userId, action: "auth.second_factor_failed", entityType: "user", entityId: userId });
  return { ok: false, reason: "invalid" };
}

/**
 * Confirms enrolment: the first code proves the app holds the secret shown. Stores the secret, makes ten recovery
 * codes (returned once, only their hashes kept) and records it. Null when the code does not match.
 */
export async function confirmEnrolment(db: Db, userId: string, secret: string, code: string, now = new Date()): Promise<string[] | null> {
  const key = decodeTotpSecret(secret);
  const step = key ? matchTotp(key, code, now, null) : null;
  if (step === null) {
    await recordInAuditTrail(db, { actorUserId: userId, action: "auth.second_factor_failed", entityType: "user", entityId: userId, changes: { during: { from: null, to: "enrolment" } } });
    return null;
  }
  const codes = generateRecoveryCodes();
  const enrolled = await db.transaction(async (tx) => {
    const [changed] = await tx
      .update(users)
      .set({ totpSecret: secret, totpEnabledAt: now, totpLastStep: step, updatedAt: now })
      .where(and(eq(users.id, userId), isNull(users.totpEnabledAt)))
      .returning({ id: users.id });
    if (!changed) return false; // already enrolled (a second tab): keep the first secret
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })));
    await recordInAuditTrail(tx, { actorUserId: userId, action: "auth.second_factor_enrolled", entityType: "user", entityId: userId });
    return true;
  });
  return enrolled ? codes : null;
}

/** New recovery codes in place of the old ones (after a current code was checked). */
export async function regenerateRecoveryCodes(db: Db, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await db.transaction(async (tx) => {
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })));
    await recordInAuditTrail(tx, { actorUserId: userId, action: "auth.recovery_codes_regenerated", entityType: "user", entityId: userId });
  });
  return codes;
}

/** Removes the second factor (after a current code was checked). */
export async function disableSecondFactor(db: Db, userId: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(users).set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: now }).where(eq(users.id, userId));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await recordInAuditTrail(tx, { actorUserId: userId, action: "auth.second_factor_disabled", entityType: "user", entityId: userId });
  });
}

/** What the account page shows: enrolled since when, and how many recovery codes are left. */
export async function secondFactorStatus(db: Db, userId: string) {
  const [user] = await db.select({ enabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, userId));
  if (!user?.enabledAt) return { enrolled: false as const };
  const left = await db.select({ id: recoveryCodes.id }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return { enrolled: true as const, enabledAt: user.enabledAt, recoveryCodesLeft: left.length };
}

/** The issuer an authenticator app shows beside the account. */
const ISSUER = "Label AP-HP";

/** What an enrolment page shows for a secret: the QR code, the secret in groups of four, the URI. */
export function enrolmentView(account: string, secret = generateTotpSecret()) {
  const uri = otpauthUri({ issuer: ISSUER, account, secret });
  return { secret, grouped: secretInGroups(secret), uri, qr: qrSvg(uri) };
}
