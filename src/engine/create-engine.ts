import { compileEngine } from "./compile/compile-engine.js";
import { Engine } from "./engine.js";
import { buildEngine } from "./prepared/build-engine.js";
import { engineData } from "./prepared/prepare-config.js";

/**
 * Validates and compiles a config once (see `compileEngine`): throws `ConfigError` listing every
 * problem with its path.
 *
 * The engine is built from the config's prepared form, as `loadEngine(prepareConfig(config))`
 * builds it (less the digest), so a browser that loads the prepared config runs exactly the
 * engine a server creates.
 */
export function createEngine(config: unknown): Engine {
  return new Engine(buildEngine(engineData(compileEngine(config))));
}
