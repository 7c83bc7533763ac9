import { describe, expect, it } from "vitest";
import { decisionIssues, departsFromComputedLevel, type DecisionInput } from "./decision.ts";

/** Touba's award of 5 December 2025: Argent, as computed, with its special mention. */
const award: DecisionInput = {
  outcome: "awarded",
  level: "silver",
  levelJustification: "",
  mentionFr: "pour la dynamique engendrée",
  mentionEn: "for the dynamic it created",
  decidedOn: "2025-11-20",
  validFrom: "2025-12-05",
  validUntil: "2029-12-04",
  conditions: "",
  revisitOn: null,
  reasons: "",
  committeeMembers: "Comité de labellisation de la DRI, séance du 20 novembre 2025",
  signerName: "Prénom Nom",
  signerTitle: "Directeur des relations internationales",
};
const deferral: DecisionInput = { ...award, outcome: "deferred", level: null, mentionFr: "", mentionEn: "", validFrom: null, validUntil: null, conditions: "Mettre en place la double vérification des médicaments à haut risque.", revisitOn: "2026-06-01" };
const refusal: DecisionInput = { ...award, outcome: "refused", level: null, mentionFr: "", mentionEn: "", validFrom: null, validUntil: null, reasons: "Critères impératifs non conformes en hygiène." };

describe("decisionIssues: every outcome", () => {
  it("accept a complete award, deferral and refusal", () => {
    expect(decisionIssues(award, "silver")).toEqual([]);
    expect(decisionIssues({ ...award, mentionFr: "", mentionEn: "" }, "silver")).toEqual([]);
    expect(decisionIssues(deferral, "bronze")).toEqual([]);
    expect(decisionIssues(refusal, null)).toEqual([]);
  });

  it("need the decision date, the committee and the signer, whatever the outcome", () => {
    for (const decision of [award, deferral, refusal]) {
      expect(decisionIssues({ ...decision, decidedOn: "", committeeMembers: " ", signerName: "", signerTitle: "\n" }, "silver")).toEqual([
        { field: "decidedOn", code: "required" },
        { field: "committeeMembers", code: "required" },
        { field: "signerName", code: "required" },
        { field: "signerTitle", code: "required" },
      ]);
    }
  });

  it("refuse dates that are not calendar days", () => {
    expect(decisionIssues({ ...award, decidedOn: "20/11/2025" }, "silver")).toEqual([{ field: "decidedOn", code: "invalid_date" }]);
    expect(decisionIssues({ ...award, validUntil: "2029-02-29" }, "silver")).toEqual([{ field: "validUntil", code: "invalid_date" }]);
    expect(decisionIssues({ ...deferral, revisitOn: "soon" }, null)).toEqual([{ field: "revisitOn", code: "invalid_date" }]);
  });
});

describe("decisionIssues: an award", () => {
  it("needs a level", () => {
    expect(decisionIssues({ ...award, level: null }, "silver")).toEqual([{ field: "level", code: "required" }]);
  });

  it("needs a written justification for a level other than the computed one, above or below, or with none computed", () => {
    for (const [level, computed] of [["gold", "silver"], ["bronze", "silver"], ["bronze", null]] as const) {
      expect(decisionIssues({ ...award, level, levelJustification: "  " }, computed)).toEqual([{ field: "levelJustification", code: "justification_required" }]);
      expect(decisionIssues({ ...award, level, levelJustification: "Dynamique remarquable depuis la visite." }, computed)).toEqual([]);
    }
  });

  it("needs its validity, ending after it starts", () => {
    expect(decisionIssues({ ...award, validFrom: null, validUntil: "" }, "silver")).toEqual([
      { field: "validFrom", code: "required" },
      { field: "validUntil", code: "required" },
    ]);
    expect(decisionIssues({ ...award, validUntil: "2025-12-05" }, "silver")).toEqual([{ field: "validUntil", code: "validity_order" }]);
    expect(decisionIssues({ ...award, validUntil: "2025-12-01" }, "silver")).toEqual([{ field: "validUntil", code: "validity_order" }]);
    expect(decisionIssues({ ...award, validUntil: "2025-12-06" }, "silver")).toEqual([]);
  });

  it("has its special mention in both languages or in neither", () => {
    expect(decisionIssues({ ...award, mentionEn: " " }, "silver")).toEqual([{ field: "mentionEn", code: "mention_both_languages" }]);
    expect(decisionIssues({ ...award, mentionFr: "" }, "silver")).toEqual([{ field: "mentionFr", code: "mention_both_languages" }]);
  });

  it("ignores a deferral's conditions and a refusal's reasons", () => {
    expect(decisionIssues({ ...award, conditions: "", revisitOn: "2020-01-01", reasons: "" }, "silver")).toEqual([]);
  });
});

describe("decisionIssues: a deferral", () => {
  it("needs conditions and a date to look again, after the decision", () => {
    expect(decisionIssues({ ...deferral, conditions: " ", revisitOn: null }, null)).toEqual([
      { field: "conditions", code: "required" },
      { field: "revisitOn", code: "required" },
    ]);
    expect(decisionIssues({ ...deferral, revisitOn: "2025-11-20" }, null)).toEqual([{ field: "revisitOn", code: "revisit_before_decision" }]);
    expect(decisionIssues({ ...deferral, revisitOn: "2025-01-20" }, null)).toEqual([{ field: "revisitOn", code: "revisit_before_decision" }]);
  });

  it("ignores an award's level, mention and validity", () => {
    expect(decisionIssues({ ...deferral, level: "gold", mentionFr: "seule", validFrom: "2026-01-01", validUntil: "2020-01-01" }, "bronze")).toEqual([]);
  });
});

describe("decisionIssues: a refusal", () => {
  it("needs its reasons and ignores the rest", () => {
    expect(decisionIssues({ ...refusal, reasons: "" }, "silver")).toEqual([{ field: "reasons", code: "required" }]);
    expect(decisionIssues({ ...refusal, conditions: "", revisitOn: null, mentionEn: "alone" }, "silver")).toEqual([]);
  });
});

describe("departsFromComputedLevel", () => {
  it("is an award at another level than computed, or an award when none was computed", () => {
    expect(departsFromComputedLevel(award, "silver")).toBe(false);
    expect(departsFromComputedLevel(award, "gold")).toBe(true);
    expect(departsFromComputedLevel({ ...award, level: "bronze" }, null)).toBe(true);
    expect(departsFromComputedLevel({ ...award, level: null }, "silver")).toBe(false);
  });

  it("is never a deferral or a refusal, which give their own conditions or reasons", () => {
    expect(departsFromComputedLevel(deferral, "silver")).toBe(false);
    expect(departsFromComputedLevel({ ...refusal, level: "gold" }, "silver")).toBe(false);
  });
});
