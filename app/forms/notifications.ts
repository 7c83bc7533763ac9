// The posts of the notifications page: mark one notice read, or all of them.
import { z } from "./validation.ts";

export const notificationActionSchema = z.discriminatedUnion("intent", [
  /** `page`: the page of the list the notice was on, to come back to it. */
  z.object({ intent: z.literal("read"), id: z.uuid(), page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1) }),
  z.object({ intent: z.literal("read-all") }),
]);
