import { describe, expect, it } from "vitest";
import { contradictoryServiceClaims } from "./service-claims.ts";

const criteria = [
  { code: "6.1.1", service: "surgery" as const },
  { code: "6.1.2", service: "surgery" as const },
  { code: "7.2.1", service: "maternity" as const },
  { code: "7.2.3", service: "maternity" as const },
  { code: "7.2.4", service: "maternity" as const },
  { code: "1.1.1" },
];

describe("contradictory service claims", () => {
  it("names the service, the N/A criteria and the rated ones when a service is said both absent and present", () => {
    const ratings: Record<string, "NA" | 1 | 2 | 3 | 4 | null> = { "6.1.1": 3, "6.1.2": 4, "7.2.1": 3, "7.2.3": "NA", "7.2.4": 2, "1.1.1": "NA" };
    expect(contradictoryServiceClaims(criteria, (c) => ratings[c])).toEqual([{ service: "maternity", notApplicable: ["7.2.3"], rated: ["7.2.1", "7.2.4"] }]);
  });

  it("finds none when each service is consistently absent or present, or not yet rated", () => {
    const ratings: Record<string, "NA" | 1 | 2 | 3 | 4 | null> = { "6.1.1": "NA", "6.1.2": "NA", "7.2.1": 3, "7.2.3": null };
    expect(contradictoryServiceClaims(criteria, (c) => ratings[c])).toEqual([]);
  });
});
