/**
 * The prepared config: a config validated by `prepareConfig` into its IR (see `EngineIR`), as
 * JSON. A browser (or any runtime that should not carry the validation code) loads it with
 * `loadEngine` from `nudgekit/runtime` and decides exactly as `createEngine` would, without zod or
 * the compilers' checks: both link the same IR.
 */

/** Names the format; `loadEngine` refuses anything else. */
export const PREPARED_FORMAT = "nudgekit.prepared-config";
/** Changes whenever the prepared format (the `EngineIR`) does: a runtime refuses a config prepared for another. */
export const PREPARED_VERSION = 6;

/**
 * A config prepared by `prepareConfig`: plain JSON, safe to store, send and cache. Treat it as a
 * build artefact of your config, not as something to edit: `digest` lets `loadEngine` notice an
 * edit or a corruption (it is a checksum, not a signature).
 */
export interface PreparedConfig {
  readonly format: typeof PREPARED_FORMAT;
  readonly version: typeof PREPARED_VERSION;
  /** MurmurHash3 (x86, 32-bit) of `engine` as canonical JSON (keys sorted), 8 hex digits. */
  readonly digest: string;
  /**
   * The validated config (an `EngineIR`). Typed `unknown` because it is opaque — only
   * `loadEngine` reads it, and checks it — and so that a prepared file read as JSON converts with
   * `as PreparedConfig` (`import prepared from "./prepared.json"`: the JSON's inferred types, such
   * as `number[]` for a pair, are not comparable with the exact ones).
   */
  readonly engine: unknown;
}
