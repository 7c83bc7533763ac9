import { describe, expect, it } from "vitest";
import { makeVersion } from "#app/domain/referential/fixtures.ts";
import { prepareVersion, scoreRatings, type Rating } from "#app/domain/scoring/engine.ts";
import { chapterProgress, daysUntil, dueIn, homeProcess, nextStep } from "./next-step.ts";
import { PROCESS_STATES, type ProcessState } from "./state-machine.ts";

const process = (state: ProcessState, opened: string) => ({ state, openedAt: new Date(`${opened}T09:00:00Z`) });

describe("the process the hospital's home is about", () => {
  it("is the open one, whatever the older decided ones", () => {
    const open = process("audit_scheduled", "2024-11-04");
    expect(homeProcess([process("decided", "2023-01-02"), open, process("decided", "2019-01-21")])).toBe(open);
  });

  it("is the newest when it was decided, none when it was withdrawn or there is none", () => {
    const decided = process("decided", "2024-12-09");
    expect(homeProcess([process("decided", "2019-01-21"), decided])).toBe(decided);
    expect(homeProcess([process("withdrawn", "2025-02-01"), decided])).toBeNull();
    expect(homeProcess([])).toBeNull();
  });
});

describe("the step ahead", () => {
  it("is rating while criteria are left, then the coordinator's submission", () => {
    expect(nextStep("self_assessment", { left: 12, outcome: null })).toBe("rate");
    expect(nextStep("self_assessment", { left: 0, outcome: null })).toBe("submit");
  });

  it("asks a renewal to confirm its carried-over ratings once nothing is left to rate, before the submission", () => {
    expect(nextStep("self_assessment", { left: 3, toConfirm: 40, outcome: null })).toBe("rate");
    expect(nextStep("self_assessment", { left: 0, toConfirm: 40, outcome: null })).toBe("confirm");
    expect(nextStep("self_assessment", { left: 0, toConfirm: 0, outcome: null })).toBe("submit");
  });

  it("follows the journey: the visit scheduled by the DRI, the visit, the committee, a revisit after a deferral", () => {
    expect(nextStep("submitted", { left: 0, outcome: null })).toBe("schedule_visit");
    expect(nextStep("audit_scheduled", { left: 0, outcome: null })).toBe("visit");
    expect(nextStep("audit_in_progress", { left: 0, outcome: null })).toBe("visit_in_progress");
    expect(nextStep("audit_submitted", { left: 0, outcome: null })).toBe("committee");
    expect(nextStep("deferred", { left: 0, outcome: "deferred" })).toBe("revisit");
  });

  it("says the committee's decision once decided, and nothing after a withdrawal", () => {
    expect(nextStep("decided", { left: 0, outcome: "awarded" })).toBe("awarded");
    expect(nextStep("decided", { left: 0, outcome: "refused" })).toBe("refused");
    expect(nextStep("withdrawn", { left: 3, outcome: null })).toBeNull();
  });

  it("has a step for every state but a withdrawal", () => {
    const steps = PROCESS_STATES.map((state) => nextStep(state, { left: 1, outcome: "awarded" }));
    expect(steps.filter((s) => s === null)).toHaveLength(1);
  });
});

describe("days left", () => {
  it("counts calendar days, 0 on the day, negative once passed", () => {
    expect(daysUntil("2026-11-22", "2026-11-22")).toBe(0);
    expect(daysUntil("2026-11-22", "2026-11-21")).toBe(1);
    expect(daysUntil("2026-11-22", "2026-11-25")).toBe(-3);
    expect(daysUntil("2027-01-01", "2026-12-31")).toBe(1);
    // Across February of a leap year and a change of summer time (dates are UTC days).
    expect(daysUntil("2028-03-01", "2028-02-28")).toBe(2);
    expect(daysUntil("2026-04-01", "2026-03-01")).toBe(31);
  });

  it("is overdue from the day after the due date", () => {
    expect(dueIn("2026-11-22", "2026-11-22")).toEqual({ date: "2026-11-22", days: 0, overdue: false });
    expect(dueIn("2026-11-22", "2026-11-23")).toEqual({ date: "2026-11-22", days: -1, overdue: true });
  });

  it("refuses what is not a calendar date", () => {
    expect(() => daysUntil("22/11/2026", "2026-11-22")).toThrow(RangeError);
  });
});

describe("chapter progress", () => {
  // Chapter 1: three criteria (one N/A-able); chapter 2: two.
  const version = makeVersion({ chapters: [[["critical", { tier: "core", na_allowed: true }], ["core"]], [["core", "advanced"]]] });
  const prepared = prepareVersion(version);

  it("counts what is rated and left, and names each chapter's first criterion left, in referential order", () => {
    const result = scoreRatings(prepared, new Map<string, Rating>([["1.1.1", 3], ["1.1.2", "NA"]]));
    expect(chapterProgress(prepared, result)).toEqual([
      { code: "1", rated: 1, applicable: 2, left: 1, firstUnrated: "1.2.1" },
      { code: "2", rated: 0, applicable: 2, left: 2, firstUnrated: "2.1.1" },
    ]);
  });

  it("has no criterion left in a chapter fully rated", () => {
    const result = scoreRatings(prepared, new Map([["1.1.1", 3], ["1.1.2", 2], ["1.2.1", 1], ["2.1.2", 0]]));
    expect(chapterProgress(prepared, result).map((c) => [c.left, c.firstUnrated])).toEqual([
      [0, null],
      [1, "2.1.1"],
    ]);
  });
});
