import { useEffect } from "react";
import { flushPending } from "./offline-queue.ts";

/** For a signed-in user: sends saves kept in the browser while offline, at load and when the connection returns. */
export function PendingSync({ userId }: { userId: string }) {
  useEffect(() => {
    // The page on screen sends its own entry (it shows the outcome); the others go from here.
    const flush = () => void flushPending(userId, window.location.pathname);
    flush();
    window.addEventListener("online", flush);
    return () => window.removeEventListener("online", flush);
  }, [userId]);
  return null;
}
