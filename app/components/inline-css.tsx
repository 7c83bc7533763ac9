// A first visit on a slow link paints sooner with the stylesheet inside the document: a separate file competes with
// the scripts for the few hundred kbit/s, and the page cannot paint before it arrives (issue 18: /login usable within
// 2 s at 400 kbit/s). So a document for a browser that has not had the stylesheet yet (no `css` cookie naming the
// current one) carries it in a <style> and asks for the file at low priority once painted; later documents link the file,
// which the browser then holds (fingerprinted, cached for a year). ADR 0026.
import { createContext, useContext } from "react";
import { useNonce } from "./nonce.tsx";

const InlineCssContext = createContext<string | null>(null);
/** Server: the built stylesheet's text (null in development, where Vite serves it). */
export const InlineCssProvider = InlineCssContext.Provider;

/** The cookie saying which stylesheet this browser has been given (its fingerprinted name). */
export const STYLESHEET_COOKIE = "css";

const INLINE_ID = "inline-css";
// In the browser, decided once before hydration: the document in hand is the one that matters, whatever the next
// navigations' data say. A <style> the server filled keeps its text; React is not given it again.
const documentHadInlineCss = typeof document !== "undefined" && document.getElementById(INLINE_ID) !== null;

function useInlined(inline: boolean): { inlined: boolean; css: string | null } {
  const css = useContext(InlineCssContext);
  return { inlined: typeof document === "undefined" ? inline && css !== null : documentHadInlineCss, css };
}

/** In <head>: the stylesheet, inlined or linked. */
export function Stylesheet({ href, inline }: { href: string; inline: boolean }) {
  const nonce = useNonce();
  const { inlined, css } = useInlined(inline);
  if (!inlined) return <link rel="stylesheet" href={href} />;
  return <style id={INLINE_ID} nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: css ?? "" }} />;
}

/** At the end of <body>: once the inlined page has painted, the file itself, for the next pages. */
export function StylesheetPrefetch({ href, inline }: { href: string; inline: boolean }) {
  return useInlined(inline).inlined ? <link rel="prefetch" href={href} /> : null;
}
