import { describe, expect, it } from "vitest";
import { availableTransitions, checkTransition, isClosed, isSelfAssessmentEditable, PROCESS_STATES, transitionActor, type TransitionActor } from "./state-machine.ts";
import { checkRating, justificationRequired, parseRating } from "./rating-input.ts";

const dri: TransitionActor = { role: "dri_admin", isCoordinator: false, ofEstablishment: false };
const coordinator: TransitionActor = { role: "hospital", isCoordinator: true, ofEstablishment: true };
const colleague: TransitionActor = { role: "hospital", isCoordinator: false, ofEstablishment: true };
const otherCoordinator: TransitionActor = { role: "hospital", isCoordinator: true, ofEstablishment: false };
const auditor: TransitionActor = { role: "auditor", isCoordinator: false, ofEstablishment: false };
const leadAuditor: TransitionActor = { ...auditor, teamRole: "lead" };
const coAuditor: TransitionActor = { ...auditor, teamRole: "co_auditor" };

describe("process state machine", () => {
  it("lets only the establishment's coordinator submit the self-assessment", () => {
    expect(checkTransition(coordinator, "self_assessment", "submitted")).toEqual({ ok: true, reasonRequired: false });
    for (const actor of [dri, colleague, otherCoordinator, auditor]) {
      expect(checkTransition(actor, "self_assessment", "submitted")).toEqual({ ok: false, reason: "forbidden" });
    }
  });

  it("lets only the DRI reopen a submitted self-assessment, with a reason", () => {
    expect(checkTransition(dri, "submitted", "self_assessment")).toEqual({ ok: true, reasonRequired: true });
    expect(checkTransition(coordinator, "submitted", "self_assessment")).toEqual({ ok: false, reason: "forbidden" });
  });

  it("lets the DRI withdraw an open process with a reason, never a closed one", () => {
    for (const from of ["self_assessment", "submitted", "audit_scheduled", "audit_in_progress", "audit_submitted"] as const) {
      expect(checkTransition(dri, from, "withdrawn")).toEqual({ ok: true, reasonRequired: true });
      expect(checkTransition(coordinator, from, "withdrawn").ok).toBe(false);
    }
    expect(checkTransition(dri, "decided", "withdrawn")).toEqual({ ok: false, reason: "not_allowed" });
    expect(checkTransition(dri, "withdrawn", "self_assessment")).toEqual({ ok: false, reason: "not_allowed" });
  });

  it("refuses every move that is not in the table, whoever asks", () => {
    const allowed = new Set([
      "self_assessment>submitted", "submitted>self_assessment", "submitted>audit_scheduled", "audit_scheduled>audit_in_progress",
      "audit_in_progress>audit_submitted", "audit_submitted>decided", "self_assessment>withdrawn", "submitted>withdrawn",
      "audit_scheduled>withdrawn", "audit_in_progress>withdrawn", "audit_submitted>withdrawn",
      "audit_submitted>deferred", "deferred>audit_scheduled", "decided>audit_submitted", "deferred>audit_submitted", "deferred>withdrawn",
    ]);
    for (const from of PROCESS_STATES) {
      for (const to of PROCESS_STATES) {
        const anyone = [dri, coordinator, auditor, leadAuditor, coAuditor].some((a) => checkTransition(a, from, to).ok);
        expect(anyone, `${from} → ${to}`).toBe(allowed.has(`${from}>${to}`));
      }
    }
  });

  it("lets only the DRI decide: award or refuse closes, a deferral waits for a revisit, an annulment needs a reason", () => {
    expect(checkTransition(dri, "audit_submitted", "decided")).toEqual({ ok: true, reasonRequired: false });
    expect(checkTransition(dri, "audit_submitted", "deferred")).toEqual({ ok: true, reasonRequired: false });
    expect(checkTransition(dri, "deferred", "audit_scheduled")).toEqual({ ok: true, reasonRequired: false });
    expect(checkTransition(dri, "decided", "audit_submitted")).toEqual({ ok: true, reasonRequired: true });
    expect(checkTransition(dri, "deferred", "audit_submitted")).toEqual({ ok: true, reasonRequired: true });
    for (const actor of [coordinator, leadAuditor, coAuditor, auditor]) {
      for (const [from, to] of [["audit_submitted", "decided"], ["audit_submitted", "deferred"], ["deferred", "audit_scheduled"], ["decided", "audit_submitted"]] as const) {
        expect(checkTransition(actor, from, to), `${from} → ${to}`).toEqual({ ok: false, reason: "forbidden" });
      }
    }
    expect(isClosed("deferred")).toBe(false);
    expect(isClosed("decided")).toBe(true);
  });

  it("starts the visit with any team member's first rating; only the lead submits the audit; no auditor off the team", () => {
    expect(checkTransition(coAuditor, "audit_scheduled", "audit_in_progress")).toEqual({ ok: true, reasonRequired: false });
    expect(checkTransition(leadAuditor, "audit_scheduled", "audit_in_progress")).toEqual({ ok: true, reasonRequired: false });
    expect(checkTransition(auditor, "audit_scheduled", "audit_in_progress")).toEqual({ ok: false, reason: "forbidden" });
    expect(checkTransition(leadAuditor, "audit_in_progress", "audit_submitted")).toEqual({ ok: true, reasonRequired: false });
    for (const actor of [coAuditor, auditor, dri, coordinator]) {
      expect(checkTransition(actor, "audit_in_progress", "audit_submitted")).toEqual({ ok: false, reason: "forbidden" });
    }
    expect(checkTransition(leadAuditor, "audit_submitted", "decided")).toEqual({ ok: false, reason: "forbidden" });
    expect(transitionActor({ role: "auditor", isCoordinator: false, establishmentId: null }, { establishmentId: "fann" }, "lead")).toEqual(leadAuditor);
  });

  it("offers each actor only its own moves", () => {
    expect(availableTransitions(coordinator, "self_assessment")).toEqual(["submitted"]);
    expect(availableTransitions(dri, "self_assessment")).toEqual(["withdrawn"]);
    expect(availableTransitions(dri, "submitted").sort()).toEqual(["audit_scheduled", "self_assessment", "withdrawn"]);
    expect(availableTransitions(colleague, "self_assessment")).toEqual([]);
  });

  it("sees a signed-in actor as of the establishment only when it is the process's own", () => {
    const fann = { establishmentId: "fann" };
    const coordinatorOfFann = { role: "hospital", isCoordinator: true, establishmentId: "fann" } as const;
    expect(transitionActor(coordinatorOfFann, fann)).toEqual(coordinator);
    expect(transitionActor({ ...coordinatorOfFann, establishmentId: "touba" }, fann)).toEqual(otherCoordinator);
    expect(transitionActor({ role: "dri_admin", isCoordinator: false, establishmentId: null }, fann)).toEqual(dri);
    // So only the process's own coordinator is offered the submission.
    expect(availableTransitions(transitionActor(coordinatorOfFann, fann), "self_assessment")).toEqual(["submitted"]);
    expect(availableTransitions(transitionActor(coordinatorOfFann, { establishmentId: "touba" }), "self_assessment")).toEqual([]);
  });

  it("keeps the self-assessment editable only while in progress", () => {
    expect(PROCESS_STATES.filter(isSelfAssessmentEditable)).toEqual(["self_assessment"]);
    expect(PROCESS_STATES.filter(isClosed)).toEqual(["decided", "withdrawn"]);
  });
});

describe("rating input", () => {
  const rules = { scaleValues: [3, 2, 1, 0], naAllowed: false };

  it("reads the posted value", () => {
    expect(parseRating("3")).toBe(3);
    expect(parseRating("NA")).toBe("NA");
    expect(parseRating("")).toBeNull();
    expect(parseRating("2.5")).toBeUndefined();
    expect(parseRating("<script>")).toBeUndefined();
  });

  it("requires a justification for N/A and below the top value only", () => {
    expect(justificationRequired(3, rules)).toBe(false);
    expect(justificationRequired(2, rules)).toBe(true);
    expect(justificationRequired("NA", rules)).toBe(true);
    expect(justificationRequired(null, rules)).toBe(false);
  });

  it("refuses off-scale values, forbidden N/A and missing justifications", () => {
    expect(checkRating(4, "", rules)).toEqual({ rating: "rating_off_scale" });
    expect(checkRating(undefined, "", rules)).toEqual({ rating: "rating_off_scale" });
    expect(checkRating("NA", "Pas de bloc opératoire", rules)).toEqual({ rating: "na_not_allowed" });
    expect(checkRating("NA", "Pas de bloc opératoire", { ...rules, naAllowed: true })).toEqual({});
    expect(checkRating(1, "   ", rules)).toEqual({ justification: "justification_required" });
    expect(checkRating(3, "", rules)).toEqual({});
    expect(checkRating(null, "", rules)).toEqual({});
  });

  it("asks for the service's absence when N/A is rated on a service-dependent criterion without a justification", () => {
    const surgery = { scaleValues: [3, 2, 1, 0], naAllowed: true, service: "surgery" as const };
    expect(checkRating("NA", "  ", surgery)).toEqual({ justification: "service_absence_required" });
    expect(checkRating("NA", "Pas de bloc opératoire : les patients sont adressés au CHR.", surgery)).toEqual({});
    // Any other rating of the criterion follows the usual rule.
    expect(checkRating(1, "", surgery)).toEqual({ justification: "justification_required" });
    expect(checkRating(3, "", surgery)).toEqual({});
  });
});
