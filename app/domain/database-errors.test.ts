import { describe, expect, it } from "vitest";
import { isDatabaseUnreachable } from "./database-errors.ts";

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe("isDatabaseUnreachable", () => {
  it("recognises a refused or cut connection, a shut-down server and postgres.js's ended connections", () => {
    for (const code of ["ECONNREFUSED", "ECONNRESET", "57P01", "57P03", "08006", "CONNECTION_ENDED", "CONNECT_TIMEOUT"]) expect(isDatabaseUnreachable(withCode(code)), code).toBe(true);
  });

  it("looks through the causes (drizzle wraps the driver's error)", () => {
    expect(isDatabaseUnreachable(new Error("Failed query: select 1", { cause: withCode("ECONNREFUSED") }))).toBe(true);
  });

  it("leaves the app's own faults and SQL errors alone", () => {
    for (const error of [new Error("boom"), withCode("23505"), withCode("42P01"), withCode("ENOENT"), null, "ECONNREFUSED", { code: 57 }]) expect(isDatabaseUnreachable(error)).toBe(false);
  });
});
