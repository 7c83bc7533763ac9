// npm start — builds if needed (scripts/build-if-needed.ts), then runs this file compiled (build/start/start.js) with
// node: migrate, seed the demo on the first embedded run, serve on PORT (scripts/serve.ts).
// NODE_ENV is set before anything is loaded: static imports run before a module's own code, and a development React
// (loaded by some import while NODE_ENV is still unset) next to the production server build fails every page.
process.env.NODE_ENV ??= "production";
await import("./serve.ts");

export {};
