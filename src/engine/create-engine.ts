import { compileEngine } from "./compile/compile-engine.js";
import { Engine } from "./engine.js";
import { buildEngine } from "./prepared/build-engine.js";
import { engineData } from "./prepared/prepare-config.js";
import type { EngineOptions } from "./engine-options.js";
import { timeZoneProviderOption } from "../time-zones/time-zone-option.js";

/**
 * Validates and compiles a config once (see `compileEngine`): throws `ConfigError` listing every
 * problem with its path.
 *
 * The engine is built from the config's prepared form, as `loadEngine(prepareConfig(config))`
 * builds it (less the digest), so a browser that loads the prepared config runs exactly the
 * engine a server creates.
 *
 * `options.timeZones` chooses where zone offsets come from: the runtime's Intl (default) or
 * `pinnedTimeZones` from `nudgekit/time-zones`, identical on every runtime.
 *
 * @example
 * const engine = createEngine({ timeZone: "Europe/Paris", campaigns: [] });
 * const pinned = createEngine({ timeZone: "Europe/Paris", campaigns: [] }, { timeZones: pinnedTimeZones });
 */
export function createEngine(config: unknown, options: EngineOptions = {}): Engine {
  const timeZones = timeZoneProviderOption(options.timeZones);
  return new Engine(buildEngine(engineData(compileEngine(config, timeZones)), timeZones));
}
