import { z } from "./validation.ts";

/** The DRI's release of the audit report to the hospital: the box ticked to confirm. */
export const releaseReportSchema = z.object({
  intent: z.literal("release"),
  confirm: z.literal("yes"),
});
