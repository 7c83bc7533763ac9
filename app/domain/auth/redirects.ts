// Where a visitor may be sent from a value the request carries (`redirectTo` after sign-in, `returnTo` after a
// post, the language switch): only a path of this same site. Pure, so the header's links use it in the browser too.

/** Characters browsers drop from or reinterpret in a URL: control characters (tab, newline…) and backslashes. */
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

/**
 * A same-origin path (with its query and fragment) to redirect to; anything else becomes `fallback`. The value is
 * normalised as a browser would (dot-segments, `%2e`), and refused when the result could be read as another
 * host (`//evil`, `/\evil`) or carries a character that a browser would strip or turn into a slash: a value built
 * to become protocol-relative after normalisation never leaves the site.
 */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof target !== "string" || UNSAFE.test(target) || !target.startsWith("/") || target.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(target, "http://localhost");
  } catch {
    return fallback;
  }
  if (url.origin !== "http://localhost") return fallback;
  const path = url.pathname + url.search + url.hash;
  if (!path.startsWith("/") || path.startsWith("//") || UNSAFE.test(path)) return fallback;
  return path;
}

/** The header's language switch: this same page with `lng` set, or the home page when the path is not a plain one. */
export function languageSwitchHref(pathname: string, search: string, lng: string): string {
  const params = new URLSearchParams(search);
  params.set("lng", lng);
  const query = `?${params.toString()}`;
  return safeRedirect(pathname + query, `/${query}`);
}
