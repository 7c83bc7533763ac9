// Content hash of a referential version: identifies exactly what was published, whatever the YAML formatting,
// comments or key order. Server only (node:crypto).
import { createHash } from "node:crypto";
import type { ReferentialVersion } from "#app/domain/referential/schema.ts";

/** JSON with object keys sorted at every depth; array order is kept (it is meaningful). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** sha256 hex of the canonical JSON of a validated version. */
export function contentHash(version: ReferentialVersion): string {
  return createHash("sha256").update(canonicalJson(version), "utf8").digest("hex");
}
