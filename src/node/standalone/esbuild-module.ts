/** `esbuild`, an optional peer dependency: only emitEngineModule (`nudgekit prepare --module`) loads it, and only when it runs. */
export type EsbuildModule = typeof import("esbuild");

/** An engine module cannot be written here (esbuild missing or unusable). */
export class EngineModuleBuildError extends Error {
  override readonly name = "EngineModuleBuildError";
}

const NOT_INSTALLED = "an engine module is bundled by esbuild, an optional peer dependency that is not installed: npm install --save-dev esbuild (prepared JSON for loadEngine needs none: nudgekit prepare without --module)";

const isModuleNotFound = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && String((error as Error).message).includes("esbuild");
};

/**
 * Imports esbuild when an engine module is emitted (never at start-up). `importModule` stands in
 * for `import()` in tests.
 *
 * @throws EngineModuleBuildError saying to install esbuild when it is not installed, or why it did not load.
 * @example
 * const { build } = await loadEsbuild();
 */
export async function loadEsbuild(importModule: () => Promise<unknown> = () => import("esbuild")): Promise<EsbuildModule> {
  let imported: unknown;
  try {
    imported = await importModule();
  } catch (error) {
    if (isModuleNotFound(error)) throw new EngineModuleBuildError(NOT_INSTALLED);
    throw new EngineModuleBuildError(`cannot load esbuild: ${error instanceof Error ? error.message : String(error)}`);
  }
  const namespace = imported as Partial<EsbuildModule> & { default?: Partial<EsbuildModule> };
  const module = typeof namespace.build !== "function" && namespace.default !== undefined ? namespace.default : namespace;
  if (typeof module.build !== "function") throw new EngineModuleBuildError("the installed esbuild has no build function: npm install --save-dev esbuild@latest");
  return module as EsbuildModule;
}
