import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/** What a one-time link is for: setting a first password from an invitation, or a new one after a reset request. */
export const USER_TOKEN_KINDS = ["invitation", "password_reset"] as const;
export type UserTokenKind = (typeof USER_TOKEN_KINDS)[number];

/** A random secret for a cookie or a one-time link: 160 bits, URL-safe. */
export function generateToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** What the database stores in place of a token: its SHA-256, so a leaked table grants nothing. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** Constant-time comparison of two strings (tokens), so timing tells nothing about a near miss. */
export function tokensEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
