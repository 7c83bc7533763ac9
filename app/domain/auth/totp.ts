import { hmac } from "@oslojs/crypto/hmac";
import { SHA1 } from "@oslojs/crypto/sha1";
import { sha256 } from "@oslojs/crypto/sha2";
import { decodeBase32IgnorePadding, encodeBase32LowerCaseNoPadding, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP): HMAC-SHA1, 30-second steps, 6 digits — what every
 * authenticator app (FreeOTP, Google Authenticator, Microsoft Authenticator, 1Password…) reads from an otpauth:// URI.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps accepted on either side of now: a phone's clock a little off, or a code typed as it changed. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** RFC 4226: the code for one counter value. */
export function hotp(key: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = new Uint8Array(8);
  new DataView(message.buffer).setBigUint64(0, BigInt(counter));
  const mac = hmac(SHA1, key, message);
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, "0");
}

export function totpAt(key: Uint8Array, now: Date, digits = TOTP_DIGITS): string {
  return hotp(key, totpStep(now), digits);
}

/**
 * The step a typed code matches within the window, or null. A step at or before `lastStep` (the last code accepted)
 * is refused, so a code seen over someone's shoulder cannot be used a second time.
 */
export function matchTotp(key: Uint8Array, code: string, now: Date, lastStep: number | null): number | null {
  const typed = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(typed)) return null;
  const current = totpStep(now);
  let found: number | null = null;
  // Every step of the window is computed, whether or not an earlier one matched: the time taken says nothing.
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    if (constantTimeEqual(hotp(key, step), typed) && found === null && (lastStep === null || step > lastStep)) found = step;
  }
  return found;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** A new secret: 160 bits, as RFC 4226 recommends for HMAC-SHA1, in base32 (what authenticator apps take). */
export function generateTotpSecret(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32UpperCaseNoPadding(bytes);
}

/** The key of a base32 secret, or null when it is not one (a tampered form). */
export function decodeTotpSecret(secret: string): Uint8Array | null {
  if (!/^[A-Z2-7]{32}$/.test(secret)) return null;
  try {
    return decodeBase32IgnorePadding(secret);
  } catch {
    return null;
  }
}

/** The secret in groups of four characters, for typing it into an app by hand. */
export function secretInGroups(secret: string): string {
  return secret.match(/.{1,4}/g)!.join(" ");
}

/** What the QR code holds (the "Key Uri Format" authenticator apps read). */
export function otpauthUri(input: { issuer: string; account: string; secret: string }): string {
  const label = encodeURIComponent(`${input.issuer}:${input.account}`);
  const params = new URLSearchParams({ secret: input.secret, issuer: input.issuer, algorithm: "SHA1", digits: String(TOTP_DIGITS), period: String(TOTP_PERIOD_SECONDS) });
  return `otpauth://totp/${label}?${params}`;
}

/** Recovery codes: 50 random bits each, shown as `xxxxx-xxxxx` (base32, lower case). */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = new Uint8Array(7);
    crypto.getRandomValues(bytes);
    const code = encodeBase32LowerCaseNoPadding(bytes).slice(0, 10);
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/** A typed recovery code as stored: spaces, hyphens and case do not matter. */
export function normalizeRecoveryCode(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]/g, "");
}

/** What the database keeps of a recovery code. SHA-256 suffices: the codes are random, not chosen by people. */
export function hashRecoveryCode(typed: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normalizeRecoveryCode(typed))));
}

/** A typed second-factor answer: six digits are an authenticator's code, anything else is tried as a recovery code. */
export function isTotpCode(typed: string): boolean {
  return /^\d{6}$/.test(typed.replace(/\s/g, ""));
}
