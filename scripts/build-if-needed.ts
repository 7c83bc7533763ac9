import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SOURCES = ["app", "server", "public", "db", "package.json", "package-lock.json", "vite.config.ts", "react-router.config.ts"];
export const SERVER_BUILD = "build/server/index.js";

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds the app when the build is missing or older than any source file. */
export function buildIfNeeded(): void {
  const built = existsSync(SERVER_BUILD) ? statSync(SERVER_BUILD).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map(newestMtime));
  if (built >= sources) return;
  console.log(built ? "Sources changed since the last build: building…" : "No build yet: building…");
  // Always a production build, whoever asks (vitest runs with NODE_ENV=test, which would ship React's development build).
  const result = spawnSync("npx", ["react-router", "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) throw new Error("The build failed (see above).");
}
