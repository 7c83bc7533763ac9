import { describe, expect, it } from "vitest";
import { canEditSelfAssessment, selfAssessmentEditRefusal } from "./edit-rules.ts";
import { PROCESS_STATES } from "./state-machine.ts";

const colleague = { role: "hospital", establishmentId: "fann" } as const;
const inProgress = { establishmentId: "fann", state: "self_assessment" } as const;

describe("who may edit a self-assessment", () => {
  it("lets the establishment's own staff edit while it is in progress", () => {
    expect(selfAssessmentEditRefusal(colleague, inProgress)).toBeNull();
    expect(canEditSelfAssessment(colleague, inProgress)).toBe(true);
  });

  it("refuses another hospital, the DRI and auditors as forbidden, whatever the state", () => {
    const others = [
      { role: "hospital", establishmentId: "touba" },
      { role: "hospital", establishmentId: null },
      { role: "dri_admin", establishmentId: null },
      { role: "auditor", establishmentId: null },
    ] as const;
    for (const actor of others) {
      for (const state of PROCESS_STATES) {
        expect(selfAssessmentEditRefusal(actor, { establishmentId: "fann", state }), `${actor.role} ${state}`).toBe("forbidden");
        expect(canEditSelfAssessment(actor, { establishmentId: "fann", state })).toBe(false);
      }
    }
  });

  it("tells the establishment's staff it is no longer editable once handed in or closed", () => {
    for (const state of PROCESS_STATES.filter((s) => s !== "self_assessment")) {
      expect(selfAssessmentEditRefusal(colleague, { establishmentId: "fann", state }), state).toBe("not_editable");
      expect(canEditSelfAssessment(colleague, { establishmentId: "fann", state })).toBe(false);
    }
  });
});
