// The markup of frozen content — a published version's chapters and criteria, the same for every reader — rendered
// once per content and language on the server, and adopted as it is by the browser (issue 18: the whole version page
// spent most of its time rendering its 136 criteria on every request, and a modest computer spent as long hydrating
// them). The server's renderer comes from entry.server.tsx through FrozenMarkupContext, so react-dom/server never
// reaches the browser's bundle.
import { createContext, useContext, useState, type ReactElement } from "react";
import { useInAppLinks } from "./in-app-links.tsx";
import { usePageLanguage, type PageLanguage } from "./translation.tsx";

/** Server only: the markup of `element` in `language`, rendered the first time `key` is asked for and kept. */
export type RenderFrozenMarkup = (key: string, language: PageLanguage, element: ReactElement) => string;
export const FrozenMarkupContext = createContext<RenderFrozenMarkup | null>(null);

/**
 * `render()`'s markup inside `<div className>`. `cacheKey` names what it shows (content hash, language, paths): the
 * same key must always give the same markup. In the browser, markup of this key already in the document (the server's,
 * marked `data-frozen-key`) is taken as it is instead of rendering it again — at hydration, or when React renders the
 * page afresh over it — and its links still navigate within the app; otherwise (a client navigation, another
 * language) it is rendered as usual.
 */
export function FrozenMarkup({ cacheKey, className, render }: { cacheKey: string; className: string; render: () => ReactElement }) {
  const renderOnServer = useContext(FrozenMarkupContext);
  const language = usePageLanguage();
  const followInAppLink = useInAppLinks();
  // Read once, when this mounts: the document's markup of this key, if any (never a guess about hydration's state).
  const [adopted] = useState(() => {
    if (typeof document === "undefined") return null;
    const present = document.querySelector(`[data-frozen-key="${CSS.escape(cacheKey)}"]`);
    return present ? { key: cacheKey, html: present.innerHTML } : null;
  });
  if (renderOnServer) return <div className={className} data-frozen-key={cacheKey} dangerouslySetInnerHTML={{ __html: renderOnServer(cacheKey, language, render()) }} />;
  if (adopted?.key !== cacheKey) return <div key="rendered" className={className}>{render()}</div>;

  // The adopted markup's links are plain anchors: a click on one is a client navigation, as a <Link>'s would be.
  // The same markup as the server's: hydration leaves it as it is, and a fresh render writes the same back.
  return <div key="adopted" className={className} data-frozen-key={cacheKey} onClick={followInAppLink} dangerouslySetInnerHTML={{ __html: adopted.html }} />;
}
