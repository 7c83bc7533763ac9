import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./format.ts";

describe("formatDateTime", () => {
  const moment = "2026-01-15T12:05:00Z";

  it("writes a moment on the clock of the reader's zone, in their language", () => {
    expect(formatDateTime("fr", moment, "Africa/Dakar")).toBe("15/01/2026 12:05");
    expect(formatDateTime("fr", moment, "Europe/Paris")).toBe("15/01/2026 13:05");
    expect(formatDateTime("en", moment, "Asia/Beirut")).toBe("15/01/2026, 14:05");
    // Summer time where the zone has one.
    expect(formatDateTime("fr", "2026-07-15T12:05:00Z", "Europe/Paris")).toBe("15/07/2026 14:05");
  });

  it("changes the day when the zone's clock has passed midnight", () => {
    expect(formatDateTime("fr", "2026-01-15T23:30:00Z", "Asia/Almaty")).toMatch(/^16\/01\/2026 /);
    expect(formatDateTime("fr", "2026-01-15T01:30:00Z", "America/Havana")).toMatch(/^14\/01\/2026 /);
  });

  it("leaves calendar dates as stored, whatever the zone", () => {
    expect(formatDate("fr", "2026-11-22")).toBe("22/11/2026");
  });
});
