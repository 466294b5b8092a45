import type { EngineConfigArgument } from "../schema/engine-config-schema.js";
import { Engine } from "./engine.js";
import { compileEngine } from "./compile/compile-engine.js";
import { linkEngine } from "./model/engine-model.js";
import { configAsJson } from "./prepared/prepare-config.js";
import type { CreateEngineOptions } from "./engine-options.js";
import { timeZoneProviderOption } from "../time-zones/time-zone-option.js";
import { ruleBackendOption } from "../rules/compiler/rule-backend.js";

/**
 * Validates a config into its IR and links the engine from it, compiling every rule once: throws
 * `ConfigError` listing every problem with its path.
 *
 * A config written in place is type-checked as an `EngineConfigInput` (see
 * `EngineConfigArgument`): keys autocomplete, and a typo or an unknown category is a type error. A
 * parsed file (`unknown`, `any`) is accepted as it is and checked at run time like any config.
 *
 * It is linked from the same IR `prepareConfig` returns, as `loadEngine(prepareConfig(config))`
 * links it, so a browser that loads the prepared config runs exactly the engine a server creates.
 *
 * `options.timeZones` chooses where zone offsets come from: the runtime's Intl (default) or
 * `pinnedTimeZones` from `nudgekit/time-zones`, identical on every runtime.
 *
 * @example
 * const engine = createEngine({
 *   campaigns: [{ id: "welcome", category: "onboarding", channels: ["push"], trigger: { event: "signed_up" }, content: { push: { title: "Welcome!" } } }],
 * });
 * engine.campaignIds; // ["welcome"]
 * createEngine(JSON.parse(readFileSync("campaigns.json", "utf8"))); // checked at run time only
 * createEngine({ timeZone: "Europe/Paris", campaigns: [] }, { timeZones: pinnedTimeZones }); // the same answers on every runtime
 */
export function createEngine<const Config>(config: EngineConfigArgument<Config>, options: CreateEngineOptions = {}): Engine {
  const timeZones = timeZoneProviderOption(options.timeZones);
  const backend = ruleBackendOption(options.backend);
  const { ir, compiled } = compileEngine(configAsJson(config), timeZones, backend);
  return new Engine(linkEngine(ir, { timeZones, backend, compiled }));
}
