// The second half of `npm run build`, after `react-router build`: the process that serves the app (scripts/start.ts →
// serve.ts: migrations, seeding, the HTTP stack) compiled to plain JavaScript, so `npm start` runs `node`, not a
// TypeScript loader. Packages stay imports of node_modules; the app's own modules are bundled in. The serving module
// is a chunk of its own, loaded by start.js after it sets NODE_ENV (see start.ts).
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { SERVE_BUILD_DIR } from "./build-if-needed.ts";

rmSync(SERVE_BUILD_DIR, { recursive: true, force: true });
await build({
  entryPoints: ["scripts/start.ts"],
  outdir: SERVE_BUILD_DIR,
  bundle: true,
  splitting: true,
  chunkNames: "[name]",
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
