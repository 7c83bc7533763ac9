import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import type { Database } from "#db/client.ts";
import type { AppServices } from "#app/context.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { serveApp } from "./app-server.ts";
import { createTestDatabase } from "./database.ts";

export interface TestServer {
  baseUrl: string;
  database: Database;
  close(): Promise<void>;
}

/**
 * The built app (the same bundle `npm start` serves) on a random local port, over a fresh seeded database;
 * `withStatic`: behind `npm start`'s HTTP stack (compression, static files).
 */
export async function startTestServer(
  options: { seed?: boolean; env?: Record<string, string>; onQuery?: (sql: string) => void; withStatic?: boolean; services?: Pick<AppServices, "logger" | "metrics"> } = {},
): Promise<TestServer> {
  const database = await createTestDatabase({ onQuery: options.onQuery });
  if (options.seed !== false) await seedDemo(database.db, hashPassword);
  const app = await serveApp(database.db, { env: options.env, withStatic: options.withStatic, services: options.services });
  return {
    baseUrl: app.baseUrl,
    database,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * A minimal browser: keeps cookies, sends the Origin header a real browser sends (`origin`: the page's origin when
 * the app is served behind another public address, PUBLIC_URL), never follows redirects by itself.
 * With `address`, it says it comes from there (X-Forwarded-For; the server must run with TRUST_PROXY).
 */
export class TestBrowser {
  private cookies = new Map<string, string>();
  /**
   * `language` is what the browser asks for (Accept-Language, French by default). A sign-in switches the pages to the
   * account's language unless the person chose one on this device: `lng` is that choice, made with the switch on the
   * login page before signing in (e.g. an English reader whose account says French).
   */
  constructor(
    readonly baseUrl: string,
    private readonly options: { language?: string; lng?: "fr" | "en"; address?: string; origin?: string } = {},
  ) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** The Cookie header this browser sends (a benchmark's clients, in their own thread, send it too). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** A cookie the page's own script would write (e.g. the time zone, `tz`). */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async request(path: string, init: RequestInit & { origin?: string | null } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("Cookie", this.cookieHeader());
    headers.set("Accept-Language", this.options.language ?? "fr-FR,fr;q=0.9");
    if (this.options.address) headers.set("X-Forwarded-For", this.options.address);
    const method = init.method ?? "GET";
    if (method !== "GET" && init.origin !== null) headers.set("Origin", init.origin ?? this.options.origin ?? this.baseUrl);
    const response = await fetch(this.baseUrl + path, { ...init, method, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /max-age=0/i.test(a.trim())) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(path: string) {
    return this.request(path);
  }

  /** Posts a form as a browser would, with the CSRF field when the page gave one. */
  async post(path: string, fields: Record<string, string>, init: { origin?: string | null; withCsrf?: boolean } = {}) {
    const body = new URLSearchParams(fields);
    const csrf = this.cookies.get("label_csrf");
    if (init.withCsrf !== false && csrf && !body.has("csrf")) body.set("csrf", csrf);
    return this.request(path, {
      method: "POST",
      body,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      origin: init.origin,
    });
  }

  async login(email: string, password = "demo-label-2025", extra: Record<string, string> = {}) {
    await this.get(this.options.lng ? `/login?lng=${this.options.lng}` : "/login");
    const response = await this.post("/login", { email, password, ...extra });
    if (response.status !== 302) throw new Error(`login failed for ${email}: ${response.status}`);
    return response;
  }
}

/** The page's text as a reader sees it (HTML entities decoded), for assertions on wording. */
/**
 * A browser signed in as `email`; an English one (`language` en-…) also chose English on the login page (else the
 * account's language would win).
 */
export async function signedInAs(baseUrl: string, email: string, language?: string): Promise<TestBrowser> {
  const b = new TestBrowser(baseUrl, { language, lng: language?.startsWith("en") ? "en" : undefined });
  await b.login(email);
  return b;
}

export async function readPage(response: Response): Promise<string> {
  return (await response.text())
    .replaceAll("<!-- -->", "")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
