import { defineConfig } from "drizzle-kit";

// Generates SQL migrations from db/schema.ts. Generation never connects to a database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});
