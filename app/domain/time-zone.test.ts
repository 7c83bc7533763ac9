import { describe, expect, it } from "vitest";
import { COUNTRY_TIME_ZONES, DEFAULT_TIME_ZONE, isTimeZone, readerTimeZone } from "./time-zone.ts";

describe("readerTimeZone", () => {
  it("takes the browser's zone when it is a real one", () => {
    expect(readerTimeZone({ browser: "Asia/Tokyo", countryCode: "SN" })).toBe("Asia/Tokyo");
  });

  it("falls back to the establishment's country, then to Paris", () => {
    expect(readerTimeZone({ browser: null, countryCode: "SN" })).toBe("Africa/Dakar");
    expect(readerTimeZone({ browser: "Mars/Olympus_Mons", countryCode: "LB" })).toBe("Asia/Beirut");
    expect(readerTimeZone({ countryCode: "AQ" })).toBe(DEFAULT_TIME_ZONE);
    expect(readerTimeZone({})).toBe("Europe/Paris");
  });

  it("refuses anything that is not a zone name", () => {
    for (const value of ["", "Europe/Paris; path=/", "<script>", "x".repeat(80), "../etc/passwd"]) expect(isTimeZone(value), value).toBe(false);
    expect(isTimeZone("UTC")).toBe(true);
  });

  it("knows every zone it maps a country to", () => {
    for (const [country, zone] of Object.entries(COUNTRY_TIME_ZONES)) expect(isTimeZone(zone), country).toBe(true);
  });
});
