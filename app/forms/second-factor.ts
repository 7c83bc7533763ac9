import { z } from "./validation.ts";

/** A code typed for the second factor: six digits from the app, or a recovery code (`xxxxx-xxxxx`). */
export const secondFactorCodeSchema = z.object({ code: z.string().trim().min(1).max(40) });

/** Enrolment: the secret shown (sent back with the form) and the first code the app gives for it. */
export const enrolSchema = z.object({
  secret: z.string().regex(/^[A-Z2-7]{32}$/),
  code: z.string().trim().min(1).max(40),
});

/** Which session of the user's list to end (its id: the SHA-256 of a token, which grants nothing by itself). */
export const endSessionSchema = z.object({ sessionId: z.string().regex(/^[0-9a-f]{64}$/) });
