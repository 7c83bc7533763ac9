import { createHash } from "node:crypto";
import resources from ".";

/** A short hash of every translation: the browser caches /locales/:lng?v=… for good and refetches when it changes. */
export const localesVersion = createHash("sha256").update(JSON.stringify(resources)).digest("hex").slice(0, 12);
