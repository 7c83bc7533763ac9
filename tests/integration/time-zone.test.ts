import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { establishments, notifications, users } from "#db/schema.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import { readPage, startTestServer, TestBrowser, type TestServer } from "#tests/support/server.ts";

// A moment shown on a page (a notice's time), read on the clock of the reader's zone rather than in UTC.
let server: TestServer;
const moment = new Date("2026-01-15T12:05:00Z");
beforeAll(async () => {
  server = await startTestServer();
  const { db } = server.database;
  // A partner hospital in Beirut (UTC+2 in January), where none of the demo's West African hospitals (UTC+0) would
  // tell the zone from UTC.
  const [beirut] = await db
    .insert(establishments)
    .values({ name: "Hôtel-Dieu de France", shortName: "HDF", city: "Beyrouth", countryCode: "LB" })
    .returning({ id: establishments.id });
  const [reader] = await db
    .insert(users)
    .values({ email: "qualite@hdf.example.lb", name: "Rita Haddad", role: "hospital", establishmentId: beirut!.id, passwordHash: await hashPassword("demo-label-2025") })
    .returning({ id: users.id });
  const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, "admin@label.example.org"));
  const notice = { kind: "process_opened", params: { establishment: "Hôtel-Dieu de France", version: "label-qss 2024" }, createdAt: moment };
  await db.insert(notifications).values([
    { ...notice, userId: reader!.id },
    { ...notice, userId: admin!.id },
  ]);
});
afterAll(async () => {
  await server?.close();
});

async function noticeTime(email: string, options: { tz?: string; lng?: "en" } = {}) {
  const b = new TestBrowser(server.baseUrl);
  if (options.tz !== undefined) b.setCookie("tz", encodeURIComponent(options.tz));
  if (options.lng) await b.get(`/login?lng=${options.lng}`);
  await b.login(email);
  const page = await readPage(await b.get("/notifications"));
  return /<time dateTime="2026-01-15T12:05:00.000Z">([^<]*)<\/time>/.exec(page)?.[1];
}

describe("date-times on the reader's clock", () => {
  it("uses the establishment's country's zone when the browser has not said its own", async () => {
    expect(await noticeTime("qualite@hdf.example.lb")).toBe("15/01/2026 14:05");
    expect(await noticeTime("qualite@hdf.example.lb", { lng: "en" })).toBe("15/01/2026, 14:05");
  });

  it("uses the browser's zone when its script has told it, and ignores a zone that does not exist", async () => {
    expect(await noticeTime("qualite@hdf.example.lb", { tz: "America/Havana" })).toBe("15/01/2026 07:05");
    expect(await noticeTime("qualite@hdf.example.lb", { tz: "Mars/Olympus_Mons" })).toBe("15/01/2026 14:05");
  });

  it("uses Paris for the DRI and the auditors, who have no establishment", async () => {
    expect(await noticeTime("admin@label.example.org")).toBe("15/01/2026 13:05");
  });
});
