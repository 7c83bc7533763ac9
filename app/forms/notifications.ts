// The posts of the notifications page: mark one notice read, or all of them.
import { z } from "./validation";

export const notificationActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("read"), id: z.uuid() }),
  z.object({ intent: z.literal("read-all") }),
]);
