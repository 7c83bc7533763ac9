import type { RouterContextProvider } from "react-router";
import { z } from "zod";
import type { SessionUser } from "#app/context.ts";
import { toHttpError } from "./errors.server.ts";
import { getServices, notFound, requireUser } from "./guards.server.ts";
import { getProcess, type ProcessSummary } from "#app/services/process/lifecycle.server.ts";

type Context = Readonly<RouterContextProvider>;

/** The signed-in user and the process they asked for; 404 when it does not exist or is not theirs to see. */
export async function requireProcess(context: Context, request: Request, processId: string | undefined): Promise<{ user: SessionUser; process: ProcessSummary }> {
  const user = requireUser(context, request);
  if (!z.uuid().safeParse(processId).success) notFound();
  try {
    return { user, process: await getProcess(getServices(context).db, user, processId!) };
  } catch (error) {
    throw toHttpError(error);
  }
}
