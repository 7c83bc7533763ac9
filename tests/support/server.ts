import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { readConfig } from "#app/config.server.ts";
import { hashPassword } from "#app/services/accounts/passwords.server.ts";
import type { Database } from "#db/client.ts";
import { seedDemo } from "#scripts/seed/demo.ts";
import { SERVER_BUILD } from "#scripts/build-if-needed.ts";
import { createTestDatabase } from "./database.ts";

export interface TestServer {
  baseUrl: string;
  database: Database;
  close(): Promise<void>;
}

/** The built app (the same bundle `npm start` serves) on a random local port, over a fresh seeded database. */
export async function startTestServer(options: { seed?: boolean; env?: Record<string, string> } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  if (options.seed !== false) await seedDemo(database.db, hashPassword);
  const { createApp } = (await import(pathToFileURL(SERVER_BUILD).href)) as typeof import("#server/app.ts");
  const config = readConfig({ NODE_ENV: "production", ...options.env });
  const app = createApp({ db: database.db, config });
  const server = createServer((req, res) => void app(req, res));
  // The test's fetch and the server share one busy event loop: with the default 5 s, an idle connection could be
  // closed by the server just as fetch reuses it (ECONNRESET). A file's server lives a minute or two at most.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    database,
    async close() {
      // Nothing in flight matters at the end of a file: kept-alive connections are closed, not waited for.
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
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
  constructor(
    readonly baseUrl: string,
    private readonly options: { language?: string; address?: string; origin?: string } = {},
  ) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(path: string, init: RequestInit & { origin?: string | null } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
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
    await this.get("/login");
    const response = await this.post("/login", { email, password, ...extra });
    if (response.status !== 302) throw new Error(`login failed for ${email}: ${response.status}`);
    return response;
  }
}

/** The page's text as a reader sees it (HTML entities decoded), for assertions on wording. */
export async function readPage(response: Response): Promise<string> {
  return (await response.text())
    .replaceAll("<!-- -->", "")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
