// Plain anchors that navigate within the app. A long list of React Router <Link>s costs the server a route
// resolution and several hooks per link on every request (the 136 rows of a process's criteria: a twentieth of the
// page's CPU); plain <a href> cost nothing to render, and one click handler on their container gives them the same
// client navigation as a <Link> once JavaScript runs. Without JavaScript they are ordinary links.
import type { MouseEvent } from "react";
import { useNavigate } from "react-router";

/** A click handler for a container of plain anchors (absolute paths): a plain left click on one navigates in the app. */
export function useInAppLinks(): (event: MouseEvent<HTMLElement>) => void {
  const navigate = useNavigate();
  return (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = (event.target as Element).closest("a");
    if (!anchor || !event.currentTarget.contains(anchor)) return;
    if (anchor.hasAttribute("download") || anchor.target || anchor.origin !== window.location.origin) return;
    if (anchor.pathname === window.location.pathname && anchor.search === window.location.search) return; // an anchor in the page
    event.preventDefault();
    void navigate(anchor.pathname + anchor.search + anchor.hash);
  };
}
