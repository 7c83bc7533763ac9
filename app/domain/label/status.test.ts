import { describe, expect, it } from "vitest";
import {
  defaultValidUntil,
  expiryReminderDue,
  isPubliclyListed,
  LABEL_EVENT_KINDS,
  LABEL_STATUSES,
  labelEventRefusal,
  labelStatus,
  staffMayDownloadCertificate,
  type LabelEvent,
  type LabelEventKind,
  type LabelStatus,
} from "./status.ts";

// Touba's label, handed over on 5 December 2025.
const touba = { validFrom: "2025-12-05", validUntil: "2029-12-04" };
const at = (iso: string) => new Date(iso);
const event = (kind: LabelEventKind, iso: string): LabelEvent => ({ kind, at: at(iso) });

describe("labelStatus from the dates", () => {
  it("is valid, then expiring in its last 6 months, then expired after its last day", () => {
    expect(labelStatus(touba, [], "2025-12-05")).toBe("valid");
    expect(labelStatus(touba, [], "2028-01-01")).toBe("valid");
    expect(labelStatus(touba, [], "2029-07-01")).toBe("expiring");
    expect(labelStatus(touba, [], "2030-01-01")).toBe("expired");
  });

  it("turns expiring the day after it has exactly 6 months left, and expires the day after its last valid day", () => {
    expect(labelStatus(touba, [], "2029-06-04")).toBe("valid"); // exactly 6 months left
    expect(labelStatus(touba, [], "2029-06-05")).toBe("expiring");
    expect(labelStatus(touba, [], "2029-12-04")).toBe("expiring"); // last valid day
    expect(labelStatus(touba, [], "2029-12-05")).toBe("expired");
  });

  it("counts calendar months: from a 31 August end, 6 months back is the last day of February", () => {
    const label = { validFrom: "2026-09-01", validUntil: "2030-08-31" };
    expect(labelStatus(label, [], "2030-02-28")).toBe("valid");
    expect(labelStatus(label, [], "2030-03-01")).toBe("expiring");
    const leap = { validFrom: "2024-09-01", validUntil: "2028-08-31" };
    expect(labelStatus(leap, [], "2028-02-29")).toBe("valid");
    expect(labelStatus(leap, [], "2028-03-01")).toBe("expiring");
  });
});

describe("labelStatus with events", () => {
  it("is suspended until the suspension is lifted, then follows the dates again", () => {
    const suspended = [event("suspended", "2027-03-01T09:00:00Z")];
    expect(labelStatus(touba, suspended, "2027-03-01")).toBe("suspended");
    const lifted = [...suspended, event("lifted", "2027-06-15T14:00:00Z")];
    expect(labelStatus(touba, lifted, "2027-06-15")).toBe("valid");
    expect(labelStatus(touba, lifted, "2029-08-01")).toBe("expiring");
    expect(labelStatus(touba, [...lifted, event("suspended", "2027-09-01T08:00:00Z")], "2027-09-01")).toBe("suspended");
  });

  it("takes the latest suspension or lifting by time, whatever the order given", () => {
    expect(labelStatus(touba, [event("lifted", "2027-06-15T14:00:00Z"), event("suspended", "2027-03-01T09:00:00Z")], "2027-07-01")).toBe("valid");
    expect(labelStatus(touba, [event("suspended", "2027-09-01T08:00:00Z"), event("lifted", "2027-06-15T14:00:00Z")], "2027-09-02")).toBe("suspended");
  });

  it("stays suspended past its end date until lifted, then is expired", () => {
    const suspended = [event("suspended", "2029-11-01T09:00:00Z")];
    expect(labelStatus(touba, suspended, "2030-02-01")).toBe("suspended");
    expect(labelStatus(touba, [...suspended, event("lifted", "2030-02-01T09:00:00Z")], "2030-02-01")).toBe("expired");
  });

  it("is revoked or annulled for good, annulled first", () => {
    expect(labelStatus(touba, [event("revoked", "2027-01-10T10:00:00Z")], "2027-01-10")).toBe("revoked");
    expect(labelStatus(touba, [event("revoked", "2027-01-10T10:00:00Z"), event("lifted", "2027-02-01T10:00:00Z")], "2027-02-01")).toBe("revoked");
    expect(labelStatus(touba, [event("suspended", "2027-01-01T10:00:00Z"), event("revoked", "2027-01-10T10:00:00Z")], "2031-01-01")).toBe("revoked");
    expect(labelStatus(touba, [event("annulled", "2026-01-10T10:00:00Z")], "2026-01-10")).toBe("annulled");
    expect(labelStatus(touba, [event("revoked", "2027-01-10T10:00:00Z"), event("annulled", "2027-02-10T10:00:00Z")], "2027-03-01")).toBe("annulled");
    expect(labelStatus(touba, [event("annulled", "2027-01-10T10:00:00Z"), event("revoked", "2027-02-10T10:00:00Z")], "2027-03-01")).toBe("annulled");
  });
});

describe("what a status allows", () => {
  it("lists publicly a label in force only", () => {
    expect(LABEL_STATUSES.filter(isPubliclyListed)).toEqual(["valid", "expiring"]);
  });

  it("lets the hospital's staff download the certificate until the label is revoked or annulled", () => {
    expect(LABEL_STATUSES.filter(staffMayDownloadCertificate)).toEqual(["valid", "expiring", "expired", "suspended"]);
  });

  it("suspends a label in force, lifts a suspended one, revokes one not ended by a decision, annuls anything not annulled", () => {
    const allowed = (kind: LabelEventKind) => LABEL_STATUSES.filter((status: LabelStatus) => labelEventRefusal(status, kind) === null);
    expect(Object.fromEntries(LABEL_EVENT_KINDS.map((kind) => [kind, allowed(kind)]))).toEqual({
      suspended: ["valid", "expiring"],
      lifted: ["suspended"],
      revoked: ["valid", "expiring", "expired", "suspended"],
      annulled: ["valid", "expiring", "expired", "suspended", "revoked"],
    });
    expect(labelEventRefusal("revoked", "revoked")).toBe("not_allowed");
  });
});

describe("expiryReminderDue", () => {
  it("is the six-month reminder in the expiring months, the one-month reminder in the last month, none outside", () => {
    expect(expiryReminderDue("2029-12-04", "2029-06-04")).toBeNull(); // exactly 6 months left
    expect(expiryReminderDue("2029-12-04", "2029-06-05")).toBe("six_months");
    expect(expiryReminderDue("2029-12-04", "2029-11-04")).toBe("six_months"); // exactly 1 month left
    expect(expiryReminderDue("2029-12-04", "2029-11-05")).toBe("one_month");
    expect(expiryReminderDue("2029-12-04", "2029-12-04")).toBe("one_month"); // last valid day
    expect(expiryReminderDue("2029-12-04", "2029-12-05")).toBeNull();
    expect(expiryReminderDue("2029-12-04", "2026-01-01")).toBeNull();
  });

  it("counts the last month in calendar months (31 March → from 1 March)", () => {
    expect(expiryReminderDue("2030-03-31", "2030-02-28")).toBe("six_months");
    expect(expiryReminderDue("2030-03-31", "2030-03-01")).toBe("one_month");
  });

  it("agrees with the status: a reminder is due exactly while the label is expiring", () => {
    for (let day = new Date("2029-05-01T00:00:00Z"); day <= new Date("2030-01-01T00:00:00Z"); day.setUTCDate(day.getUTCDate() + 1)) {
      const today = day.toISOString().slice(0, 10);
      expect(expiryReminderDue(touba.validUntil, today) !== null, today).toBe(labelStatus(touba, [], today) === "expiring");
    }
  });
});

describe("defaultValidUntil", () => {
  it("is the day before the fourth anniversary", () => {
    expect(defaultValidUntil("2025-12-05")).toBe("2029-12-04");
    expect(defaultValidUntil("2026-01-01")).toBe("2029-12-31");
    expect(defaultValidUntil("2026-03-01")).toBe("2030-02-28");
    expect(defaultValidUntil("2027-03-01")).toBe("2031-02-28");
    expect(defaultValidUntil("2025-03-01")).toBe("2029-02-28");
    expect(defaultValidUntil("2024-03-01")).toBe("2028-02-29");
  });

  it("runs from 29 February to the 28th in a common year, to the 28th in a leap one", () => {
    expect(defaultValidUntil("2024-02-29")).toBe("2028-02-28");
    expect(defaultValidUntil("2024-02-29", 1)).toBe("2025-02-28");
    expect(defaultValidUntil("2024-02-29", 3)).toBe("2027-02-28");
  });

  it("takes another number of years", () => {
    expect(defaultValidUntil("2025-12-05", 1)).toBe("2026-12-04");
    expect(defaultValidUntil("2025-12-05", 5)).toBe("2030-12-04");
  });

  it("refuses what is not a calendar date", () => {
    expect(() => defaultValidUntil("05/12/2025")).toThrow(RangeError);
  });
});
