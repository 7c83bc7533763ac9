// `npm start` and the tests build the app first when the build is missing or older than its sources. Run by itself
// (`tsx scripts/build-if-needed.ts`, the first half of `npm start`) it builds if needed and exits.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SOURCES = ["app", "server", "public", "db", "scripts/start.ts", "scripts/serve.ts", "scripts/http-stack.ts", "scripts/shutdown.ts", "scripts/seed", "package.json", "package-lock.json", "vite.config.ts", "react-router.config.ts"];
/** The React Router server build (server/app.ts and the routes). */
export const SERVER_BUILD = "build/server/index.js";
/** The serving process, compiled (scripts/build-server.ts): what `npm start` runs with `node`. */
export const SERVE_BUILD_DIR = "build/start";
export const SERVE_BUILD = `${SERVE_BUILD_DIR}/start.js`;

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds the app (`npm run build`) when a build output is missing or older than any source file. */
export function buildIfNeeded(): void {
  const built = Math.min(...[SERVER_BUILD, SERVE_BUILD].map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
  const sources = Math.max(...SOURCES.map(newestMtime));
  if (built >= sources) return;
  console.log(built ? "Sources changed since the last build: building…" : "No build yet: building…");
  // Always a production build, whoever asks (vitest runs with NODE_ENV=test, which would ship React's development build).
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) throw new Error("The build failed (see above).");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildIfNeeded();
