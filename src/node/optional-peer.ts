/**
 * Optional peer dependencies (`@duckdb/node-api`, `esbuild`): imported only by the command or
 * function that needs them, when it runs. What their loaders share: telling "not installed" from
 * "failed to load", and reading a package's exports whether it is ES or CommonJS.
 */

/**
 * Whether `error` is Node's "cannot find module" for the package `name` (an optional peer that is not installed).
 *
 * @example
 * try { await import("esbuild"); } catch (error) { if (isMissingPackage(error, "esbuild")) say("npm install --save-dev esbuild"); }
 */
export function isMissingPackage(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && String((error as Error).message).includes(name);
}

/**
 * The exports of an imported package: its named exports, or its default export's when it is
 * CommonJS seen from ESM and `member` is only there.
 *
 * @example
 * const { build } = packageExports<typeof import("esbuild")>(await import("esbuild"), "build");
 */
export function packageExports<T>(imported: unknown, member: keyof T): Partial<T> {
  const namespace = imported as Partial<T> & { default?: Partial<T> };
  return namespace[member] === undefined && namespace.default !== undefined ? namespace.default : namespace;
}
