/** An engine module cannot be written here: esbuild is missing or unusable, or the bundle failed. */
export class EngineModuleBuildError extends Error {
  override readonly name = "EngineModuleBuildError";
}
