import { describe, expect, it } from "vitest";
import { decodeTotpSecret, generateRecoveryCodes, generateTotpSecret, hashRecoveryCode, hotp, matchTotp, otpauthUri, secretInGroups, totpAt, totpStep } from "./totp.ts";

const rfcKey = new TextEncoder().encode("12345678901234567890");

describe("TOTP (RFC 6238, HMAC-SHA1)", () => {
  // RFC 6238 appendix B, SHA-1 column (8 digits).
  it.each([
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ])("at %i s the code is %s", (seconds, code) => {
    expect(totpAt(rfcKey, new Date(seconds * 1000), 8)).toBe(code);
  });

  it("matches RFC 4226's HOTP values (6 digits)", () => {
    expect([0, 1, 2, 9].map((c) => hotp(rfcKey, c))).toEqual(["755224", "287082", "359152", "520489"]);
  });

  it("accepts the step before and after now, not two away, and never a step already used", () => {
    const now = new Date(1_700_000_000_000);
    const step = totpStep(now);
    for (const offset of [-1, 0, 1]) expect(matchTotp(rfcKey, hotp(rfcKey, step + offset), now, null)).toBe(step + offset);
    for (const offset of [-2, 2]) expect(matchTotp(rfcKey, hotp(rfcKey, step + offset), now, null)).toBeNull();
    expect(matchTotp(rfcKey, hotp(rfcKey, step), now, step)).toBeNull();
    expect(matchTotp(rfcKey, hotp(rfcKey, step + 1), now, step)).toBe(step + 1);
    expect(matchTotp(rfcKey, "12345", now, null)).toBeNull();
    expect(matchTotp(rfcKey, ` ${hotp(rfcKey, step).slice(0, 3)} ${hotp(rfcKey, step).slice(3)} `, now, null)).toBe(step);
  });

  it("makes 160-bit base32 secrets, shown in groups of four, in an otpauth URI", () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(decodeTotpSecret(secret)).toHaveLength(20);
    expect(decodeTotpSecret("not a secret")).toBeNull();
    expect(secretInGroups("ABCDEFGHIJKL")).toBe("ABCD EFGH IJKL");
    expect(otpauthUri({ issuer: "Label AP-HP", account: "a@b.org", secret })).toBe(
      `otpauth://totp/Label%20AP-HP%3Aa%40b.org?secret=${secret}&issuer=Label+AP-HP&algorithm=SHA1&digits=6&period=30`,
    );
  });

  it("makes ten distinct recovery codes whose hash ignores case, spaces and hyphens", () => {
    const codes = generateRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    expect(hashRecoveryCode(codes[0]!.toUpperCase().replace("-", " "))).toBe(hashRecoveryCode(codes[0]!));
  });
});
