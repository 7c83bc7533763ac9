// Request bodies are bounded before anything buffers them (limits: app/middleware/request-body.server.ts). The Node
// adapter (server/app.ts) hands the app a body that errors with RequestBodyTooLarge past the limit; whoever reads
// it (readForm, the CSRF check, the upload parser) answers 413.
import type { IncomingMessage } from "node:http";

export class RequestBodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

/** The declared length of a body, when the client declared one. */
export function declaredLength(value: string | string[] | null | undefined): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text && /^\d+$/.test(text.trim()) ? Number(text) : null;
}

/**
 * A request's body as a web stream that errors with RequestBodyTooLarge past `limit` bytes (and at once when the
 * declared length is already over). Nothing is read until someone reads the stream; past the limit reading stops
 * (`refused` tells the adapter to close the connection rather than wait for the rest). A reader that cancels
 * drops the connection, as the upload parser does past its hard cap.
 */
export function limitedRequestBody(source: IncomingMessage, limit: number): { stream: ReadableStream<Uint8Array>; refused: () => boolean } {
  let refused = (declaredLength(source.headers["content-length"]) ?? 0) > limit;
  let received = 0;
  let attached = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (refused) {
        controller.error(new RequestBodyTooLarge(limit));
        return;
      }
      if (!attached) {
        attached = true;
        const onData = (chunk: Buffer) => {
          received += chunk.length;
          if (received > limit) {
            refused = true;
            detach();
            source.pause();
            controller.error(new RequestBodyTooLarge(limit));
            return;
          }
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 0) <= 0) source.pause();
        };
        const onEnd = () => {
          detach();
          controller.close();
        };
        const onError = (error: Error) => {
          detach();
          controller.error(error);
        };
        const onAborted = () => onError(new Error("request aborted"));
        const detach = () => {
          source.off("data", onData);
          source.off("end", onEnd);
          source.off("error", onError);
          source.off("aborted", onAborted);
        };
        source.on("data", onData);
        source.once("end", onEnd);
        source.once("error", onError);
        source.once("aborted", onAborted);
      }
      source.resume();
    },
    cancel() {
      source.destroy();
    },
  });
  return { stream, refused: () => refused };
}

/** Whether an error (or what caused it) is a body over the limit. */
export function isRequestBodyTooLarge(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof RequestBodyTooLarge) return true;
  }
  return false;
}
