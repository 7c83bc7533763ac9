// The Chromium that the browser tests and the benches drive. Browser downloads are impossible on our machines, so
// Debian's packages: the headless shell first (`chromium-headless-shell`: the same Blink and V8 without the full
// browser's windows and compositor; our browser tests spend about half the CPU they spend in `chromium --headless`,
// ADR 0038), else the full browser, else Playwright's own (a developer machine after `npx playwright install`).
import { existsSync } from "node:fs";

export const CHROMIUM_PATH: string | undefined =
  process.env.PLAYWRIGHT_CHROMIUM_PATH || ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((path) => existsSync(path));

/** No sandbox (root in a container), and nothing running in the background that a test did not ask for. */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu"];
