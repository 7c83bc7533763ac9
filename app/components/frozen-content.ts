// A version's frozen content (its text, both languages) for the pages that show it beside a process's data
// (ADR 0024). Loaders return only the content's address (`content/<hash>.json`, ADR 0023), never the text: the server
// renders the text from what the loader kept here, and the browser fetches that address once and keeps it for good.
// So the text is in the HTML once, not a second time in the hydration data, and is not sent again on every page.
import { use } from "react";
import { isHydrated } from "./hydration.ts";
import { useLocation } from "react-router";
import { preload } from "react-dom";
import type { FrozenContentRef } from "#app/domain/referential/content-ref.ts";
// Types only: the schema module brings zod, which these pages do not need in the browser.
import type { Criterion, ReferentialVersion } from "#app/domain/referential/schema.ts";

// By hash: the content of a hash never changes, so one copy per version serves every request and every user (the
// loader checked that this user may read it before handing over the address).
const known = new Map<string, ReferentialVersion>();
const KEPT_CONTENTS = 12;
const loading = new Map<string, Promise<ReferentialVersion>>();

/** Server: the loader hands over the content it read, for the page's render. */
export function keepFrozenContent(ref: FrozenContentRef, content: ReferentialVersion): FrozenContentRef {
  known.delete(ref.hash); // re-inserted last: the most recently used is kept longest
  known.set(ref.hash, content);
  // Each draft re-import brings a new hash: a few versions are in use at a time, the oldest goes.
  while (known.size > KEPT_CONTENTS) known.delete(known.keys().next().value!);
  return ref;
}

/**
 * The content behind `ref`. On the server, what the loader kept; in the browser, the same after one fetch (the
 * page waits for it, hydration included, with the server's HTML on screen). The `<link rel=preload>` starts that
 * fetch with the document.
 */
export function useFrozenContent(ref: FrozenContentRef): ReferentialVersion {
  preload(ref.url, { as: "fetch", crossOrigin: "anonymous" });
  const { pathname, search } = useLocation();
  const content = known.get(ref.hash);
  if (content) return content;
  if (typeof document === "undefined") throw new Error(`content ${ref.hash} was not kept by the loader`);
  return use(load(ref, pathname + search));
}

/**
 * When the content cannot be had (a dropped request, the server down and no visit stored, a session gone), the page
 * must not turn into the error page: while hydrating, the server's HTML stays as it is (it works as without
 * JavaScript); on a client navigation, the page is loaded from the server instead.
 */
function unavailable(href: string): Promise<never> {
  if (isHydrated()) window.location.assign(href);
  return new Promise<never>(() => {});
}

function load(ref: FrozenContentRef, href: string): Promise<ReferentialVersion> {
  let pending = loading.get(ref.hash);
  if (!pending) {
    pending = fetch(ref.url)
      .then((response) => {
        if (!response.ok) throw new Error(`${ref.url}: ${response.status}`);
        return response.json() as Promise<ReferentialVersion>;
      })
      .catch(async (error: unknown) => {
        // Offline: a visit taken offline stored this content (ADR 0023).
        const { offlineUser, readStoredContent } = await import("#app/components/offline-visit.ts");
        const userId = offlineUser();
        const stored = userId ? await readStoredContent(userId, ref.hash).catch(() => undefined) : undefined;
        if (!stored) {
          loading.delete(ref.hash);
          console.warn(`${ref.url}: ${String(error)}`);
          return unavailable(href);
        }
        return stored;
      })
      .then((content) => {
        known.set(ref.hash, content);
        return content;
      });
    loading.set(ref.hash, pending);
  }
  return pending;
}

const byCode = new WeakMap<ReferentialVersion, Map<string, Criterion>>();

/** The version's criteria by code (computed once per content). */
export function criteriaByCode(content: ReferentialVersion): Map<string, Criterion> {
  let map = byCode.get(content);
  if (!map) {
    map = new Map(content.chapters.flatMap((c) => c.standards.flatMap((s) => s.criteria)).map((c) => [c.code, c]));
    byCode.set(content, map);
  }
  return map;
}
