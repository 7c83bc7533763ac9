import { describe, expect, it } from "vitest";
import { buildPipeline, daysSince, driAttention, durationUnit, PIPELINE_STAGES, type PipelineProcess } from "./pipeline.ts";

const NOW = new Date("2026-12-06T08:00:00Z");

function process(id: string, state: PipelineProcess["state"], overrides: Partial<PipelineProcess> = {}): PipelineProcess {
  return {
    id,
    state,
    establishmentName: `Hôpital ${id}`,
    openedAt: new Date("2026-01-10T12:00:00Z"),
    enteredAt: null,
    selfAssessmentDue: null,
    visit: null,
    decision: null,
    ...overrides,
  };
}

describe("days in a stage", () => {
  it("counts calendar days in UTC, whatever the hour", () => {
    expect(daysSince(new Date("2026-12-05T23:59:00Z"), new Date("2026-12-06T00:01:00Z"))).toBe(1);
    expect(daysSince(new Date("2026-12-06T00:01:00Z"), new Date("2026-12-06T23:59:00Z"))).toBe(0);
    expect(daysSince(new Date("2026-11-24T12:00:00Z"), NOW)).toBe(12);
    // A clock a little behind never gives a negative duration.
    expect(daysSince(new Date("2026-12-07T00:00:00Z"), NOW)).toBe(0);
  });

  it("says it in days, then months, then years", () => {
    expect(durationUnit(0)).toEqual({ unit: "today" });
    expect(durationUnit(1)).toEqual({ unit: "days", count: 1 });
    expect(durationUnit(59)).toEqual({ unit: "days", count: 59 });
    expect(durationUnit(60)).toEqual({ unit: "months", count: 1 });
    expect(durationUnit(400)).toEqual({ unit: "months", count: 13 });
    expect(durationUnit(729)).toEqual({ unit: "months", count: 23 });
    expect(durationUnit(730)).toEqual({ unit: "years", count: 1 });
    expect(durationUnit(1100)).toEqual({ unit: "years", count: 3 });
  });
});

describe("the pipeline", () => {
  it("lists every stage in order, even empty, each process in its state's stage since it entered it", () => {
    const pipeline = buildPipeline(
      [
        process("a", "self_assessment", { enteredAt: new Date("2026-11-24T09:00:00Z") }),
        process("b", "audit_submitted", { enteredAt: new Date("2026-12-03T10:00:00Z") }),
      ],
      NOW,
    );
    expect(pipeline.map((s) => s.stage)).toEqual([...PIPELINE_STAGES]);
    expect(pipeline.find((s) => s.stage === "self_assessment")!.items.map((p) => [p.id, p.days])).toEqual([["a", 12]]);
    expect(pipeline.find((s) => s.stage === "audit_submitted")!.items.map((p) => [p.id, p.days])).toEqual([["b", 3]]);
    expect(pipeline.find((s) => s.stage === "submitted")!.items).toEqual([]);
  });

  it("counts from the opening when the history records no move into the state", () => {
    const [stage] = buildPipeline([process("a", "self_assessment", { openedAt: new Date("2026-11-06T12:00:00Z") })], NOW);
    expect(stage!.items[0]!.since).toEqual(new Date("2026-11-06T12:00:00Z"));
    expect(stage!.items[0]!.days).toBe(30);
  });

  it("puts the longest waiting first, then sorts by name", () => {
    const stage = buildPipeline(
      [
        process("c", "submitted", { enteredAt: new Date("2026-12-01T00:00:00Z"), establishmentName: "CHU de Cocody" }),
        process("a", "submitted", { enteredAt: new Date("2026-11-01T00:00:00Z"), establishmentName: "Hôpital Z" }),
        process("b", "submitted", { enteredAt: new Date("2026-12-01T00:00:00Z"), establishmentName: "Centre hospitalier B" }),
      ],
      NOW,
    ).find((s) => s.stage === "submitted")!;
    expect(stage.items.map((p) => p.id)).toEqual(["a", "b", "c"]);
  });

  it("leaves out withdrawn processes and decisions older than twelve months", () => {
    const pipeline = buildPipeline(
      [
        process("gone", "withdrawn"),
        process("recent", "decided", { enteredAt: new Date("2025-12-06T10:00:00Z") }),
        process("old", "decided", { enteredAt: new Date("2025-12-05T10:00:00Z") }),
      ],
      NOW,
    );
    expect(pipeline.flatMap((s) => s.items.map((p) => p.id))).toEqual(["recent"]);
  });
});

describe("what needs the DRI", () => {
  const visit = (releasedAt: Date | null) => ({ startsOn: "2026-11-28", endsOn: "2026-11-30", releasedAt });
  const deferral = (revisitOn: string) => ({ outcome: "deferred" as const, level: null, decidedOn: "2026-06-01", revisitOn });

  it("asks for a visit for every self-assessment handed in, and a decision for every audit handed in", () => {
    const attention = driAttention(
      [
        process("s", "submitted", { enteredAt: new Date("2026-11-20T00:00:00Z") }),
        process("sched", "audit_scheduled"),
        process("released", "audit_submitted", { enteredAt: new Date("2026-11-01T00:00:00Z"), visit: visit(new Date("2026-12-02T00:00:00Z")) }),
        process("waiting", "audit_submitted", { enteredAt: new Date("2026-12-03T00:00:00Z"), visit: visit(null) }),
      ],
      NOW,
    );
    expect(attention.toSchedule.map((p) => [p.id, p.days])).toEqual([["s", 16]]);
    expect(attention.awaitingDecision.map((p) => p.id)).toEqual(["released", "waiting"]);
    expect(attention.reportsUnreleased.map((p) => p.id)).toEqual(["waiting"]);
  });

  it("reminds a deferred revisit once its date has passed, not on the day itself, nor after the revisit was scheduled", () => {
    const attention = driAttention(
      [
        process("late", "deferred", { decision: deferral("2026-11-30") }),
        process("later", "deferred", { decision: deferral("2026-10-01") }),
        process("today", "deferred", { decision: deferral("2026-12-06") }),
        process("rescheduled", "audit_scheduled", { decision: deferral("2026-10-01") }),
      ],
      NOW,
    );
    expect(attention.revisitsDue.map((p) => [p.id, p.revisitOn, p.daysLate])).toEqual([
      ["later", "2026-10-01", 66],
      ["late", "2026-11-30", 6],
    ]);
  });

  it("flags a self-assessment still in progress after its due date", () => {
    const attention = driAttention(
      [
        process("late", "self_assessment", { selfAssessmentDue: "2026-12-01" }),
        process("due-today", "self_assessment", { selfAssessmentDue: "2026-12-06" }),
        process("no-date", "self_assessment"),
        process("handed-in", "submitted", { selfAssessmentDue: "2026-11-01" }),
      ],
      NOW,
    );
    expect(attention.selfAssessmentsOverdue.map((p) => [p.id, p.due, p.daysLate])).toEqual([["late", "2026-12-01", 5]]);
  });
});
