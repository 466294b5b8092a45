import { isMissingPackage, packageExports } from "../optional-peer.js";
import { EngineModuleBuildError } from "./engine-module-build-error.js";

/** `esbuild`, an optional peer dependency: only emitEngineModule (`nudgekit prepare --module`) loads it, and only when it runs. */
export type EsbuildModule = typeof import("esbuild");

const NOT_INSTALLED = "an engine module is bundled by esbuild, an optional peer dependency that is not installed: npm install --save-dev esbuild (prepared JSON for loadEngine needs none: nudgekit prepare without --module)";

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
    if (isMissingPackage(error, "esbuild")) throw new EngineModuleBuildError(NOT_INSTALLED);
    throw new EngineModuleBuildError(`cannot load esbuild: ${error instanceof Error ? error.message : String(error)}`);
  }
  const module = packageExports<EsbuildModule>(imported, "build");
  if (typeof module.build !== "function" || typeof module.version !== "string") throw new EngineModuleBuildError("the installed esbuild has no build function or version: npm install --save-dev esbuild@latest");
  return module as EsbuildModule;
}
