/**
 * What an engine module (`emitEngineModule`, `nudgekit prepare --module`) promises the app that
 * imports it: the engine's API, its inputs, and the records, history and journey states it reads
 * and writes. The app keeps those between calls (in its store, in its own code), so a module
 * emitted for another contract must not run: `engineOfModule` refuses it with a clear error.
 */
import type { Engine } from "../engine/engine.js";

/** Names what an engine module exports as `meta.format`. */
export const ENGINE_MODULE_FORMAT = "nudgekit.engine-module";

/**
 * Changes whenever the engine's API, inputs, records, history or journey state formats change
 * (what an app holds between two calls), so that an app refuses a module emitted for another.
 */
export const ENGINE_MODULE_CONTRACT = 1;

/** What an engine module records about itself (`meta`). */
export interface EngineModuleMeta {
  readonly format: typeof ENGINE_MODULE_FORMAT;
  /** The runtime contract it was emitted for (`ENGINE_MODULE_CONTRACT` of the emitting nudgekit). */
  readonly contract: number;
  /** The nudgekit version that emitted it. */
  readonly nudgekit: string;
  /** The digest of its config (`PreparedConfig.digest`: the same config always has the same one). */
  readonly digest: string;
}

/** An engine module, as `import()` gives it. */
export interface EngineModule {
  readonly engine: Engine;
  readonly meta: EngineModuleMeta;
}

/** A module that is not an engine module, or one emitted for another runtime contract or config. */
export class EngineModuleError extends Error {
  override readonly name = "EngineModuleError";
}

/**
 * The engine of an engine module, once it is checked to be one emitted for this app's runtime
 * contract (and, given `digest`, for that config): a module emitted by a nudgekit with another
 * contract is refused with an EngineModuleError that names both, and says to emit it again.
 *
 * @throws EngineModuleError when `module` is not an engine module, or not one for this contract or digest.
 *
 * @example
 * import { engineOfModule } from "nudgekit/runtime";
 *
 * // Written by `nudgekit prepare --config campaigns.json --module …`, named after its hash.
 * const engine = engineOfModule(await import("/configs/engine-ad80c1d8dc16beb9.js"), { digest: "48d530c8" });
 * engine.decide({ event: { name: "checkout_started" }, user, now }); // now: the caller's clock
 */
export function engineOfModule(module: unknown, options: { readonly digest?: string } = {}): Engine {
  const meta = typeof module === "object" && module !== null ? (module as { meta?: unknown }).meta : undefined;
  const engine = typeof module === "object" && module !== null ? (module as { engine?: unknown }).engine : undefined;
  if (typeof meta !== "object" || meta === null || (meta as { format?: unknown }).format !== ENGINE_MODULE_FORMAT || typeof engine !== "object" || engine === null) {
    throw new EngineModuleError("not an engine module: engineOfModule takes what import() gives for a module that emitEngineModule or `nudgekit prepare --module` wrote");
  }
  const { contract, nudgekit, digest } = meta as Partial<EngineModuleMeta>;
  if (contract !== ENGINE_MODULE_CONTRACT) {
    throw new EngineModuleError(
      `the engine module was emitted by nudgekit ${String(nudgekit)} for runtime contract ${String(contract)}, and this app's nudgekit has contract ${ENGINE_MODULE_CONTRACT}: emit it again (nudgekit prepare --module) with the nudgekit version the app uses`,
    );
  }
  if (options.digest !== undefined && digest !== options.digest) {
    throw new EngineModuleError(`the engine module is for config ${String(digest)}, not ${options.digest}: the app loaded another module than the one it asked for`);
  }
  return engine as Engine;
}
