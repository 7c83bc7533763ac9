import { useEffect } from "react";

let hydrated = false;
/** Called once by the root when the document is hydrated: a content fetch failing after that is a navigation's. */
export function useHydrationDone() {
  useEffect(() => void (hydrated = true), []);
}
export const isHydrated = () => hydrated;
