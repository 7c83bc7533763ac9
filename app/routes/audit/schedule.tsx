// Placeholder until the page lands (answers 404 like an unknown page).
import { notFound } from "#app/http/guards.server.ts";

export function loader(): never {
  notFound();
}

export default function Placeholder() {
  return null;
}
