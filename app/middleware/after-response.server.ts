import { createContext, type MiddlewareFunction, type RouterContextProvider } from "react-router";
import { log } from "#app/services/platform/logger.server.ts";

type Task = () => Promise<unknown>;

const tasksContext = createContext<Task[] | null>(null);

/**
 * Runs `task` once the answer has been handed over in full (or the client went away), so that the answer's time
 * says nothing of the work, e.g. whether a reset link was made for an address.
 */
export function afterResponse(context: Readonly<RouterContextProvider>, task: Task): void {
  const tasks = context.get(tasksContext);
  if (!tasks) throw new Error("afterResponseMiddleware is not installed");
  tasks.push(task);
}

export const afterResponseMiddleware: MiddlewareFunction<Response> = async ({ context }, next) => {
  const tasks: Task[] = [];
  context.set(tasksContext, tasks);
  const response = await next();
  if (tasks.length === 0) return response;
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    // After the current turn, so the server ends the answer first.
    setImmediate(async () => {
      for (const task of tasks) await task().catch((error: unknown) => log().error({ err: error }, "work after the answer failed"));
    });
  };
  if (!response.body) {
    start();
    return response;
  }
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const chunk = await reader.read();
        if (!chunk.done) return controller.enqueue(chunk.value);
        controller.close();
      } catch (error) {
        controller.error(error);
      }
      start();
    },
    async cancel(reason) {
      await reader.cancel(reason);
      start();
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
};
