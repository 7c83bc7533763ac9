import type { MiddlewareFunction } from "react-router";
import { nonceContext, servicesContext } from "#app/context.ts";
import { secureCookies } from "./session.server.ts";

function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** Two years: browsers keep to HTTPS for the site that long after each visit. */
const HSTS = "max-age=63072000; includeSubDomains";

/**
 * Headers every response carries; the script nonce changes with every request. Pages and data are never stored
 * by the browser or a proxy (`no-store`: shared computers, people's data); a route that chose its own caching
 * (the translation bundles) keeps it. Over HTTPS, browsers are told to come back over HTTPS only.
 */
export function securityHeaders(nonce: string, options: { dev: boolean; https: boolean }): Record<string, string> {
  const { dev } = options;
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // The nonce admits the stylesheet inlined on a first visit (app/components/inline-css.tsx), nothing else inline.
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    dev ? "connect-src 'self' ws: wss:" : "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
    ...(options.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

export const securityMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const nonce = newNonce();
  context.set(nonceContext, nonce);
  const response = await next();
  const https = secureCookies(request, context.get(servicesContext).config.PUBLIC_URL);
  for (const [name, value] of Object.entries(securityHeaders(nonce, { dev: process.env.NODE_ENV === "development", https }))) {
    if (!response.headers.has(name)) response.headers.set(name, value);
  }
  return response;
};
