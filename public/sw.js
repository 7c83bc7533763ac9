// Label's service worker (docs/decisions/0023-offline-visit.md): hand-written and small on purpose.
// - The app shell (fingerprinted modules and stylesheets under /assets/, the translations, the icon): from the
//   "label-shell" cache first, stored as they pass (the page also fills it when a visit is taken offline).
// - The pages of a visit taken offline (overview, scoring list, any criterion): from the network first; when it
//   cannot be reached, the documents the page stored in "label-visit:<user>:<process>". Every criterion is served the
//   one criterion page stored, marked with <meta name="label-offline">: the page then renders the criterion of its
//   URL from IndexedDB.
// - The evidence files of such a visit, when the auditor downloaded them too (the authorized download route): from
//   the network first; when it cannot be reached, from "label-visit:<user>:<process>:evidence".
// - A client navigation to the overview or the list offline: reloads the document (then served from the store).
// - React Router's route discovery (/__manifest) answers "nothing new" when the network fails.
// - Anything else (data requests, posts, other pages) goes to the network untouched: offline, it fails as without
//   a worker, and the app's offline queue keeps the saves.
const SHELL_CACHE = "label-shell";
const NETWORK_TIMEOUT_MS = 10_000;
/** The data of a client navigation to the visit's overview or scoring list (criteria render from the store themselves). */
const VISIT_DATA = /^\/processes\/([^/]+)\/audit(?:\/criteria)?\.data$/;
const VISIT_PAGE = /^\/processes\/([^/]+)\/audit(?:\/criteria(?:\/([^/]+))?)?\/?$/;
const EVIDENCE_FILE = /^\/processes\/([^/]+)\/evidence\/([0-9a-f-]{36})$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/assets/") || url.pathname.startsWith("/locales/") || url.pathname === "/favicon.svg") {
    event.respondWith(shellFirst(request, url));
    return;
  }
  if (url.pathname === "/__manifest") {
    // React Router's lazy route discovery: offline, "nothing new" lets the page go on with the routes it knows.
    event.respondWith(fetch(request).catch(() => new Response("{}", { headers: { "Content-Type": "application/json" } })));
    return;
  }
  const data = VISIT_DATA.exec(url.pathname);
  if (data) {
    event.respondWith(visitData(request, url, data[1]));
    return;
  }
  const file = EVIDENCE_FILE.exec(url.pathname);
  if (file) {
    event.respondWith(evidenceFile(request, url, file[1]));
    return;
  }
  if (request.mode === "navigate") {
    const match = VISIT_PAGE.exec(url.pathname);
    if (match) event.respondWith(visitPage(request, url, match[1], match[2]));
  }
});

async function shellFirst(request, url) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(url.pathname + url.search);
  if (cached) return cached;
  const response = await fetch(request);
  // A full storage must not cost the page its script: the file is served even when it cannot be kept.
  if (response.ok && url.pathname.startsWith("/assets/")) await cache.put(url.pathname, response.clone()).catch(() => {});
  return response;
}

async function visitCache(processId, part = "") {
  for (const name of await caches.keys()) {
    if (name.startsWith("label-visit:") && name.endsWith(`:${processId}${part}`)) return caches.open(name);
  }
  return null;
}

async function evidenceFile(request, url, processId) {
  const cache = await visitCache(processId, ":evidence");
  if (!cache) return fetch(request);
  try {
    return await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
  } catch (error) {
    const stored = await cache.match(url.pathname);
    if (!stored) throw error;
    return stored;
  }
}

async function visitPage(request, url, processId, criterionCode) {
  const cache = await visitCache(processId);
  if (!cache) return fetch(request);
  try {
    return await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
  } catch (error) {
    const key = criterionCode ? `/processes/${processId}/audit/criteria/__offline-shell` : url.pathname.replace(/\/$/, "");
    const stored = await cache.match(key);
    if (!stored) throw error;
    const html = (await stored.text()).replace("<head>", '<head><meta name="label-offline" content="1">');
    const headers = new Headers(stored.headers);
    headers.delete("content-length");
    headers.delete("content-encoding");
    return new Response(html, { status: 200, headers });
  }
}

// Offline, a client navigation to the overview or the list becomes a document navigation (React Router's own
// "reload the document" redirect), which the stored document answers.
async function visitData(request, url, processId) {
  try {
    return await fetch(request);
  } catch (error) {
    if (!(await visitCache(processId))) throw error;
    const target = new URL(url);
    target.pathname = url.pathname.replace(/\.data$/, "");
    target.searchParams.delete("_routes");
    return new Response(null, { status: 204, headers: { "X-Remix-Redirect": target.pathname + target.search, "X-Remix-Reload-Document": "true" } });
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("network timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
