// Prepares one migrated database per engine; every test file then gets a fresh copy of it
// (PGlite: a data-folder dump loaded in memory; PostgreSQL: CREATE DATABASE … TEMPLATE).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "#db/client.ts";
import { runMigrations } from "#db/migrate.ts";
import { buildIfNeeded } from "#scripts/build-if-needed.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteDump: string;
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  buildIfNeeded();
  const engine = project.name.endsWith("postgres") ? "postgres" : "pglite";
  if (engine === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "label-test-"));
    const database = await openDatabase({ pgliteDir: "memory://" });
    await runMigrations(database);
    const dump = await database.pglite!.dumpDataDir("none");
    const file = join(dir, "template.tar");
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await database.close();
    project.provide("pgliteDump", file);
    project.provide("postgresTemplate", "");
    return () => rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env.DATABASE_URL!;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const template = `label_tpl_${process.pid}_${Date.now()}`;
  await admin.unsafe(`create database ${template}`);
  const templateUrl = withDatabase(url, template);
  const database = await openDatabase({ url: templateUrl });
  await runMigrations(database, templateUrl);
  await database.close();
  project.provide("pgliteDump", "");
  project.provide("postgresTemplate", template);
  return async () => {
    await admin.unsafe(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
