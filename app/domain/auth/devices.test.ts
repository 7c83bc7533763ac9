import { describe, expect, it } from "vitest";
import { addressPrefix, describeUserAgent, lastSeenDue } from "./devices.ts";

describe("session devices", () => {
  it.each([
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36", "Chrome", "Windows"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0", "Edge", "Windows"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", "Safari", "macOS"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1", "Safari", "iOS"],
    ["Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox", "Linux"],
    ["Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0 Mobile Safari/537.36", "Samsung Internet", "Android"],
  ])("%s", (ua, browser, os) => {
    expect(describeUserAgent(ua)).toEqual({ browser, os });
  });

  it("says nothing it cannot read", () => {
    expect(describeUserAgent(null)).toEqual({ browser: null, os: null });
    expect(describeUserAgent("curl/8.0")).toEqual({ browser: null, os: null });
  });

  it("keeps an IPv4 /24 and an IPv6 /48 of the address", () => {
    expect(addressPrefix("192.168.12.34")).toBe("192.168.12.0/24");
    expect(addressPrefix("::ffff:10.1.2.3")).toBe("10.1.2.0/24");
    expect(addressPrefix("2001:db8:85a3:8d3:1319:8a2e:370:7348")).toBe("2001:db8:85a3::/48");
    expect(addressPrefix("2001:db8::1")).toBe("2001:db8:0::/48");
    expect(addressPrefix("::1")).toBe("0:0:0::/48");
    expect(addressPrefix("unknown")).toBeNull();
    expect(addressPrefix("")).toBeNull();
  });

  it("writes last seen at most every five minutes", () => {
    const t = new Date("2026-12-06T10:00:00Z");
    expect(lastSeenDue(null, t)).toBe(true);
    expect(lastSeenDue(new Date(t.getTime() - 4 * 60_000), t)).toBe(false);
    expect(lastSeenDue(new Date(t.getTime() - 5 * 60_000), t)).toBe(true);
  });
});
