import { isPlainObject } from "../../json/plain-object.js";
import { Engine } from "../engine.js";
import { linkEngine, type EngineIR } from "../model/engine-model.js";
import { configDigest } from "./config-digest.js";
import { PREPARED_FORMAT, PREPARED_VERSION } from "./prepared-config.js";
import type { EngineOptions } from "../engine-options.js";
import { timeZoneProviderOption } from "../../time-zones/time-zone-option.js";
import { PreparedConfigError } from "./prepared-config-error.js";
import { preparedEngineProblem } from "./verify-prepared-engine.js";
import { ruleBackendOption } from "../../rules/compiler/rule-backend.js";

/**
 * The engine a prepared config describes (see `prepareConfig`), with none of the validation code:
 * no zod, no schema, no reference checks. It decides exactly as `createEngine(config)` does for
 * the config that was prepared.
 *
 * It checks that this is a prepared config of the format this version loads, that it was not
 * changed since (its digest), and that it has the structure the engine relies on (types, bounds,
 * references: `preparedEngineProblem`), so that a damaged or edited file — even one whose digest
 * was computed again — is refused here, never an error later in `decide`. It keeps its own copy:
 * changing the object afterwards changes nothing in the engine. Zones are read with
 * `options.timeZones` (default `intlTimeZones`): the config's zone must be one it knows.
 *
 * @throws PreparedConfigError for anything else.
 *
 * @example
 * import { loadEngine } from "nudgekit/runtime";
 * import { pinnedTimeZones } from "nudgekit/time-zones";
 *
 * const engine = loadEngine(await (await fetch("/engine.json")).json(), { timeZones: pinnedTimeZones });
 * engine.decide({ event: { name: "checkout_started" }, user, now }); // now: the caller's clock
 */
export function loadEngine(prepared: unknown, options: EngineOptions = {}): Engine {
  const timeZones = timeZoneProviderOption(options.timeZones);
  const backend = ruleBackendOption(options.backend);
  if (!isPlainObject(prepared) || prepared.format !== PREPARED_FORMAT) {
    throw new PreparedConfigError(`not a prepared config: loadEngine takes what prepareConfig returns (format ${JSON.stringify(PREPARED_FORMAT)}); a raw config goes to createEngine`);
  }
  if (prepared.version !== PREPARED_VERSION) {
    throw new PreparedConfigError(`the config was prepared in format version ${JSON.stringify(prepared.version)}, and this nudgekit loads version ${PREPARED_VERSION}: prepare it again with the nudgekit version the runtime uses`);
  }
  let engine: unknown;
  let digest: string;
  try {
    // The engine's own copy, as JSON (what a prepared config is): nothing the caller holds reaches it.
    const text = JSON.stringify(prepared.engine);
    engine = text === undefined ? undefined : JSON.parse(text);
    digest = configDigest(engine);
  } catch (error) {
    throw new PreparedConfigError("the prepared config cannot be read (nested too deeply, or not JSON?)", { cause: error });
  }
  if (!isPlainObject(engine) || prepared.digest !== digest) {
    throw new PreparedConfigError("the prepared config was changed after prepareConfig made it (its digest does not match): prepare it again from the config");
  }
  const problem = preparedEngineProblem(engine);
  if (problem !== null) throw new PreparedConfigError(`the prepared config is not what prepareConfig writes at ${problem}: prepare it again from the config`);
  try {
    return new Engine(linkEngine(engine as unknown as EngineIR, { timeZones, backend }));
  } catch (error) {
    throw new PreparedConfigError(`the prepared config cannot be loaded: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
