/**
 * What a user's list of sessions shows of each: a short device description read from the User-Agent (no library:
 * the browser and the system are enough to recognise one's own devices) and the client address truncated to its
 * network (IPv4 /24, IPv6 /48), approximate on purpose: the full address is personal data the list does not need.
 */
export interface DeviceDescription {
  browser: string | null;
  os: string | null;
}

const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/OPR\/|Opera/, "Opera"],
  [/SamsungBrowser\//, "Samsung Internet"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\/|Chromium\//, "Chrome"],
  [/Safari\//, "Safari"],
];
const SYSTEMS: [RegExp, string][] = [
  [/Windows/, "Windows"],
  [/iPhone|iPad|iPod/, "iOS"],
  [/Android/, "Android"],
  [/CrOS/, "ChromeOS"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/Linux/, "Linux"],
];

export function describeUserAgent(userAgent: string | null): DeviceDescription {
  const ua = userAgent ?? "";
  return { browser: BROWSERS.find(([re]) => re.test(ua))?.[1] ?? null, os: SYSTEMS.find(([re]) => re.test(ua))?.[1] ?? null };
}

/** How much of a User-Agent is kept (a header can be long; the description needs its start). */
export const USER_AGENT_MAX = 512;

export function addressPrefix(address: string | null | undefined): string | null {
  if (!address) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const a = mapped ? mapped[1]! : address;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(a);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (!/^[0-9a-f:]+$/i.test(a) || !a.includes(":")) return null;
  const [head = "", tail = ""] = a.split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = a.includes("::") ? (tail ? tail.split(":") : []) : [];
  const groups = a.includes("::") ? [...headParts, ...Array(8 - headParts.length - tailParts.length).fill("0"), ...tailParts] : headParts;
  if (groups.length !== 8) return null;
  return `${groups.slice(0, 3).map((g) => (parseInt(g, 16) || 0).toString(16)).join(":")}::/48`;
}

/** last_seen_at is written at most this often per session, not on every request. */
export const LAST_SEEN_STEP_MS = 5 * 60 * 1000;

export function lastSeenDue(lastSeenAt: Date | null, now: Date): boolean {
  return lastSeenAt === null || now.getTime() - lastSeenAt.getTime() >= LAST_SEEN_STEP_MS;
}
