import type { EngineConfigArgument } from "../../schema/engine-config-schema.js";
import { compileEngine } from "../compile/compile-engine.js";
import { ConfigError } from "../config-error.js";
import { configDigest } from "./config-digest.js";
import type { EngineOptions } from "../engine-options.js";
import { timeZoneProviderOption } from "../../time-zones/time-zone-option.js";
import { PREPARED_FORMAT, PREPARED_VERSION, type PreparedConfig } from "./prepared-config.js";

/**
 * The config as JSON gives it back, for validation: what a file would hold (an `undefined` in a
 * rule's arguments is null there, no `-0`), so that validation and a loaded engine read the same
 * config, and nothing of the caller's objects reaches the engine. A value JSON cannot hold
 * (cyclic, a BigInt, nested deeper than the stack) is a ConfigError.
 */
export function configAsJson(config: unknown): unknown {
  try {
    const text = JSON.stringify(config);
    return text === undefined ? undefined : JSON.parse(text);
  } catch (error) {
    throw new ConfigError([{ path: "", message: `is not JSON (${error instanceof Error ? error.message : String(error)}): a config is JSON data` }]);
  }
}

/**
 * Validates a config once, as `createEngine` does (throws `ConfigError` listing every problem with
 * its path), and returns its IR prepared: JSON that `loadEngine` from `nudgekit/runtime` links
 * into the same engine without any validation code (no zod). Prepare on the server or at build
 * time; ship the result to browsers.
 *
 * `options.timeZones` is the provider whose zones the config may name: the one the runtime will
 * load it with (`loadEngine(prepared, { timeZones })` checks again).
 *
 * @throws ConfigError
 *
 * @example
 * const prepared = prepareConfig(config, { timeZones: pinnedTimeZones });
 * // in the browser: loadEngine(prepared, { timeZones: pinnedTimeZones })
 */
export function prepareConfig<const Config>(config: EngineConfigArgument<Config>, options: EngineOptions = {}): PreparedConfig {
  const { ir } = compileEngine(configAsJson(config), timeZoneProviderOption(options.timeZones));
  // Through JSON once more: the in-memory IR shares objects (the built-in category policies, a
  // template used by several variants) that the caller must not reach, and a file read back holds
  // exactly this.
  const engine = JSON.parse(JSON.stringify(ir)) as unknown;
  return { format: PREPARED_FORMAT, version: PREPARED_VERSION, digest: configDigest(engine), engine };
}
