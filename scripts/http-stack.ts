// The HTTP stack `npm start` serves, around the app's request handler: compression, then the built static files
// (fingerprinted assets cached for good, the rest for an hour), then the app. The browser tests that bring their
// own server use the same stack.
import compression from "compression";
import express from "express";

export function httpStack(app: express.RequestHandler): express.Express {
  const stack = express();
  stack.disable("x-powered-by");
  stack.use(compression());
  const staticHeaders = (res: express.Response) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
  };
  stack.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y", setHeaders: staticHeaders }));
  stack.use(express.static("build/client", { maxAge: "1h", setHeaders: staticHeaders }));
  stack.use(app);
  return stack;
}
