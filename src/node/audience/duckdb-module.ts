import { AudienceInputError } from "./audience-input-error.js";
import { isMissingPackage, packageExports } from "../optional-peer.js";

/** `@duckdb/node-api`, an optional peer dependency: only `nudgekit audience` loads it, and only when it runs. */
export type DuckDbModule = typeof import("@duckdb/node-api");

const NOT_INSTALLED = "nudgekit audience runs its queries on DuckDB, an optional peer dependency that is not installed: npm install @duckdb/node-api (or print the SQL for your database with --sql, which needs no DuckDB)";

/**
 * Imports `@duckdb/node-api` when a run needs it (never at start-up: the rest of the command and
 * the library work without it). `importModule` stands in for `import()` in tests.
 *
 * @throws AudienceInputError saying to `npm install @duckdb/node-api` when it is not installed, or
 * why it did not load (a platform without its native binding, a version without scalar functions)
 * @example
 * const { DuckDBInstance } = await loadDuckDb();
 */
export async function loadDuckDb(importModule: () => Promise<unknown> = () => import("@duckdb/node-api")): Promise<DuckDbModule> {
  let imported: unknown;
  try {
    imported = await importModule();
  } catch (error) {
    if (isMissingPackage(error, "@duckdb/node-api")) throw new AudienceInputError(NOT_INSTALLED);
    throw new AudienceInputError(`cannot load @duckdb/node-api: ${error instanceof Error ? error.message : String(error)}`);
  }
  const module = packageExports<DuckDbModule>(imported, "DuckDBInstance");
  if (typeof module.DuckDBInstance?.create !== "function" || typeof module.DuckDBScalarFunction?.create !== "function") {
    throw new AudienceInputError("the installed @duckdb/node-api is too old for nudgekit audience (it needs scalar functions): npm install @duckdb/node-api@latest");
  }
  return module as DuckDbModule;
}
