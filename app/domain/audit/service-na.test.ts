import { describe, expect, it } from "vitest";
import { SERVICE_NA_REVIEWS, serviceNaReview } from "./service-na.ts";

describe("serviceNaReview", () => {
  const surgery = { service: "surgery" } as const;

  it("waits for the auditor after the hospital rated N/A, then says whether the auditor confirmed or refused it", () => {
    expect(serviceNaReview(surgery, "NA", null)).toBe("pending");
    expect(serviceNaReview(surgery, "NA", "NA")).toBe("confirmed");
    expect(serviceNaReview(surgery, "NA", 0)).toBe("refused");
    expect(serviceNaReview(surgery, "NA", 3)).toBe("refused");
  });

  it("notes an N/A the auditor found on site when the hospital had rated the criterion, or not at all", () => {
    expect(serviceNaReview(surgery, 2, "NA")).toBe("found_on_site");
    expect(serviceNaReview(surgery, null, "NA")).toBe("found_on_site");
  });

  it("has nothing to say when nobody rated N/A, or when the criterion depends on no service", () => {
    expect(serviceNaReview(surgery, 2, 1)).toBeNull();
    expect(serviceNaReview(surgery, null, null)).toBeNull();
    expect(serviceNaReview({ service: null }, "NA", "NA")).toBeNull();
    expect(serviceNaReview({}, "NA", 2)).toBeNull();
  });

  it("lists every outcome the pages word", () => {
    expect(SERVICE_NA_REVIEWS).toEqual(["pending", "confirmed", "refused", "found_on_site"]);
  });
});
