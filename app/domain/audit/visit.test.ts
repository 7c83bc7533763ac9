import { describe, expect, it } from "vitest";
import type { Actor } from "#app/domain/auth/permissions.ts";
import { auditEditRefusal, canReadAudit, checkAuditRating, checkSchedule, mayChangeAuditRating, normaliseMethods, parseClassification } from "./visit.ts";

const rules = { scaleValues: [3, 2, 1, 0], naAllowed: false };
const actor = (role: Actor["role"], extra: Partial<Actor> = {}): Actor => ({ id: "u1", role, establishmentId: null, isCoordinator: false, active: true, ...extra }) as Actor;

describe("scheduling a visit", () => {
  it("needs both dates, an end on or after the start, and a lead who is not also a co-auditor", () => {
    expect(checkSchedule({ startsOn: "2027-01-10", endsOn: "2027-01-12", leadId: "a", coAuditorIds: ["b"] })).toEqual({});
    expect(checkSchedule({ startsOn: "2027-01-10", endsOn: "2027-01-10", leadId: "a", coAuditorIds: [] })).toEqual({});
    expect(checkSchedule({ startsOn: "2027-01-12", endsOn: "2027-01-10", leadId: "a", coAuditorIds: [] })).toEqual({ endsOn: "ends_before_start" });
    expect(checkSchedule({ startsOn: null, endsOn: null, leadId: null, coAuditorIds: [] })).toEqual({
      startsOn: "dates_required",
      endsOn: "dates_required",
      leadId: "lead_required",
    });
    expect(checkSchedule({ startsOn: "2027-01-10", endsOn: "2027-01-12", leadId: "a", coAuditorIds: ["a"] })).toEqual({ coAuditorIds: "lead_in_co_auditors" });
  });
});

describe("an audit rating", () => {
  it("at the top of the scale may stand alone or carry a strength", () => {
    expect(checkAuditRating({ rating: 3, finding: "", classification: null, methods: ["document"] }, rules)).toEqual({});
    expect(checkAuditRating({ rating: 3, finding: "Protocole affiché", classification: "strength", methods: [] }, rules)).toEqual({});
  });

  it("below the top needs a finding that is a recommendation or a non-conformity", () => {
    expect(checkAuditRating({ rating: 2, finding: "", classification: null, methods: [] }, rules)).toEqual({
      finding: "finding_required",
      classification: "classification_required",
    });
    expect(checkAuditRating({ rating: 1, finding: "Pas de traçabilité", classification: "strength", methods: [] }, rules)).toEqual({
      classification: "classification_too_mild",
    });
    expect(checkAuditRating({ rating: 0, finding: "Absent", classification: "non_conformity", methods: ["observation"] }, rules)).toEqual({});
    expect(checkAuditRating({ rating: 2, finding: "Partiel", classification: "recommendation", methods: [] }, rules)).toEqual({});
  });

  it("refuses a value off the scale, N/A where the criterion forbids it, an unknown method or classification", () => {
    expect(checkAuditRating({ rating: 4, finding: "x", classification: null, methods: [] }, rules).rating).toBe("rating_off_scale");
    expect(checkAuditRating({ rating: undefined, finding: "x", classification: null, methods: [] }, rules).rating).toBe("rating_off_scale");
    expect(checkAuditRating({ rating: "NA", finding: "Pas de bloc", classification: null, methods: [] }, rules).rating).toBe("na_not_allowed");
    expect(checkAuditRating({ rating: "NA", finding: "", classification: null, methods: [] }, { ...rules, naAllowed: true })).toEqual({ finding: "finding_required" });
    expect(checkAuditRating({ rating: 3, finding: "", classification: null, methods: ["telepathy"] }, rules).methods).toBe("method_unknown");
    expect(checkAuditRating({ rating: 3, finding: "", classification: undefined, methods: [] }, rules).classification).toBe("classification_required");
    expect(parseClassification("")).toBeNull();
    expect(parseClassification("non_conformity")).toBe("non_conformity");
    expect(parseClassification("minor")).toBeUndefined();
    expect(normaliseMethods(["tracer", "document", "tracer"])).toEqual(["document", "tracer"]);
    expect(checkAuditRating({ rating: 2, finding: "Partiel\u0000", classification: "recommendation", methods: [] }, rules).finding).toBe("finding_control_characters");
  });
  it("asks why when the auditor refuses the hospital's N/A on a service-dependent criterion, even at the top of the scale", () => {
    const surgery = { ...rules, naAllowed: true, service: "surgery", selfRating: "NA" } as const;
    expect(checkAuditRating({ rating: 3, finding: "", classification: null, methods: [] }, surgery)).toEqual({ finding: "na_refusal_reason_required" });
    expect(checkAuditRating({ rating: 1, finding: " ", classification: "non_conformity", methods: [] }, surgery)).toEqual({ finding: "na_refusal_reason_required" });
    expect(checkAuditRating({ rating: 3, finding: "Bloc de deux salles en activité, 40 interventions par mois.", classification: null, methods: [] }, surgery)).toEqual({});
    // Confirming the N/A needs a finding like any N/A; so does an N/A the auditor finds on site.
    expect(checkAuditRating({ rating: "NA", finding: "", classification: null, methods: [] }, surgery)).toEqual({ finding: "finding_required" });
    expect(checkAuditRating({ rating: "NA", finding: "Aucun bloc opératoire.", classification: null, methods: [] }, { ...surgery, selfRating: 2 })).toEqual({});
    // Without the hospital's N/A, a top rating needs nothing more.
    expect(checkAuditRating({ rating: 3, finding: "", classification: null, methods: [] }, { ...surgery, selfRating: 3 })).toEqual({});
  });
});

describe("who reads and changes the audit", () => {
  const hidden = { teamRole: null, released: false } as const;
  it("the DRI and the team read it; an auditor off the team does not; the hospital only once released", () => {
    expect(canReadAudit(actor("dri_admin"), false, hidden)).toBe(true);
    expect(canReadAudit(actor("auditor"), false, { teamRole: "co_auditor", released: false })).toBe(true);
    expect(canReadAudit(actor("auditor"), false, hidden)).toBe(false);
    expect(canReadAudit(actor("hospital"), true, hidden)).toBe(false);
    expect(canReadAudit(actor("hospital"), true, { teamRole: null, released: true })).toBe(true);
    expect(canReadAudit(actor("hospital"), false, { teamRole: null, released: true })).toBe(false);
  });

  it("only the team rates, while the visit is scheduled or in progress", () => {
    expect(auditEditRefusal(actor("auditor"), "audit_scheduled", "co_auditor")).toBeNull();
    expect(auditEditRefusal(actor("auditor"), "audit_in_progress", "lead")).toBeNull();
    expect(auditEditRefusal(actor("auditor"), "audit_submitted", "lead")).toBe("not_editable");
    expect(auditEditRefusal(actor("auditor"), "audit_in_progress", null)).toBe("forbidden");
    expect(auditEditRefusal(actor("dri_admin"), "audit_in_progress", null)).toBe("forbidden");
    expect(auditEditRefusal(actor("hospital"), "audit_in_progress", null)).toBe("forbidden");
  });

  it("a co-auditor changes only what is unrated or their own; the lead changes any rating", () => {
    expect(mayChangeAuditRating("co_auditor", "u1", null)).toBe(true);
    expect(mayChangeAuditRating("co_auditor", "u1", "u1")).toBe(true);
    expect(mayChangeAuditRating("co_auditor", "u1", "u2")).toBe(false);
    expect(mayChangeAuditRating("lead", "u1", "u2")).toBe(true);
    expect(mayChangeAuditRating(null, "u1", null)).toBe(false);
  });
});
