// Placeholder until the endpoint lands (answers 404 like an unknown page).
import { notFound } from "#app/http/guards.server.ts";

export function loader(): never {
  notFound();
}
