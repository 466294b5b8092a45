import { Engine } from "../engine/engine.js";
import { linkEngine, type EngineIR } from "../engine/model/engine-model.js";
import type { TimeZoneProvider } from "../time-zones/time-zone-provider.js";

/**
 * The engine of an engine module: what the module's code runs when it is imported. The IR was
 * validated and checked when the module was emitted (`emitEngineModule`), and the module is code
 * the app chose to run, so there is nothing to verify again here: this is the whole of the loading
 * code a module carries (no digest, no structure check, no zod).
 *
 * @example
 * // What an emitted module's entry does (engine-module-source.ts writes it):
 * export const engine = standaloneEngine(JSON.parse('{"campaigns":[…],…}'), intlTimeZones);
 */
export function standaloneEngine(ir: unknown, timeZones: TimeZoneProvider): Engine {
  return new Engine(linkEngine(ir as EngineIR, { timeZones }));
}
