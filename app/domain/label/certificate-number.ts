/**
 * The certificate number printed on a label's certificate and typed by anyone who checks it:
 * `LQS-<year>-<8 Crockford base32 characters><1 check character>`, e.g. `LQS-2025-7K3M9Q2X1`.
 *
 * Crockford's alphabet leaves out I, L, O and U, so a number read aloud or copied by hand survives; his mod-37
 * check symbol, computed over the year and the 40 random bits together, catches any single wrong character
 * (year included) and any swap of two neighbouring random characters before the database is asked.
 * Pure: the caller supplies the random bytes.
 */

const PREFIX = "LQS";
const DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** The check symbols: the 32 digits, then the five extra symbols for 32–36. */
const CHECK_SYMBOLS = `${DIGITS}*~$=U`;
const RANDOM_CHARS = 8;
const RANDOM_BITS = 40n;

/** Longer input is refused before any work: a number with generous spacing stays far below this. */
const INPUT_MAX = 64;
/** Separators people type or paste between groups: spaces of any kind, hyphens and dashes. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212]+/g;
/** What may remain once the separators are gone: the prefix, the year, the digits and check symbols, any case. */
const SHAPE = /^LQS(\d{4})([0-9A-Z]{8})([0-9A-Z*~$=])$/;
/** Crockford's aliases: letters read as the digits they look like. */
const ALIASES: Record<string, string> = { O: "0", I: "1", L: "1" };

function checkSymbol(year: number, random: bigint): string {
  return CHECK_SYMBOLS[Number(((BigInt(year) << RANDOM_BITS) + random) % 37n)]!;
}

function encode(value: bigint): string {
  let out = "";
  for (let i = 0; i < RANDOM_CHARS; i++) {
    out = DIGITS[Number(value & 31n)]! + out;
    value >>= 5n;
  }
  return out;
}

/** A new certificate number for a label awarded in `year`, from at least 5 random bytes (the first 40 bits are used). */
export function certificateNumber(year: number, random: Uint8Array): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must have four digits: ${year}`);
  if (random.length < 5) throw new RangeError(`certificateNumber needs 5 random bytes, got ${random.length}`);
  let value = 0n;
  for (const byte of random.subarray(0, 5)) value = (value << 8n) | BigInt(byte);
  return `${PREFIX}-${year}-${encode(value)}${checkSymbol(year, value)}`;
}

/**
 * The canonical form of a number as a person typed it (any case, spaces and hyphens anywhere, O for 0 and I or
 * L for 1), or null when it is not a certificate number or its check character is wrong. Never throws.
 */
export function parseCertificateNumber(input: string): string | null {
  if (typeof input !== "string" || input.length > INPUT_MAX) return null;
  const typed = input.replace(SEPARATORS, "");
  // ASCII only, checked before upper-casing, which maps some other letters onto ASCII ones (ſ → S, ı → I).
  if (!/^[\x21-\x7e]*$/.test(typed)) return null;
  const compact = typed.toUpperCase();
  // The prefix is matched before aliasing, which would turn its L into a 1.
  if (!compact.startsWith(PREFIX)) return null;
  const body = PREFIX + compact.slice(PREFIX.length).replace(/[OIL]/g, (c) => ALIASES[c]!);
  const match = SHAPE.exec(body);
  if (!match) return null;
  const [, yearText, randomText, check] = match as unknown as [string, string, string, string];
  let value = 0n;
  for (const c of randomText) {
    const digit = DIGITS.indexOf(c);
    if (digit < 0) return null; // U, the one letter without an alias
    value = (value << 5n) | BigInt(digit);
  }
  const year = Number(yearText);
  if (year < 1000 || checkSymbol(year, value) !== check) return null;
  return `${PREFIX}-${yearText}-${randomText}${check}`;
}
