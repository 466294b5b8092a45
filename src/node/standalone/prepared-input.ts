import { loadEngine } from "../../engine/prepared/load-engine.js";
import { prepareConfig } from "../../engine/prepared/prepare-config.js";
import { PreparedConfigError } from "../../engine/prepared/prepared-config-error.js";
import { PREPARED_FORMAT, type PreparedConfig } from "../../engine/prepared/prepared-config.js";
import { isPlainObject } from "../../json/plain-object.js";
import { intlTimeZones } from "../../time-zones/intl-time-zones.js";
import { pinnedTimeZones } from "../../time-zones/pinned/pinned-time-zones.js";
import type { ModuleTimeZones } from "./engine-module-source.js";

const PROVIDERS = { intl: intlTimeZones, pinned: pinnedTimeZones } as const;

/** What `configDigest` writes: 8 hex digits (the only text of a config that reaches a module outside a string literal: its banner comment). */
const DIGEST = /^[0-9a-f]{8}$/;

/**
 * The prepared config an engine module is emitted from: prepared here from a config, or a prepared
 * config checked as loadEngine checks it. The input is read once, as JSON (a getter cannot answer
 * the check one thing and the module another), and the copy is what is checked and used.
 *
 * @throws ConfigError for an invalid config; PreparedConfigError for a prepared config loadEngine would refuse.
 * @example
 * preparedInput(config, "intl").digest; // "48d530c8"
 */
export function preparedInput(input: unknown, timeZones: ModuleTimeZones): PreparedConfig {
  const provider = PROVIDERS[timeZones];
  if (isPlainObject(input) && input.format === PREPARED_FORMAT) {
    let copy: PreparedConfig;
    try {
      copy = JSON.parse(JSON.stringify(input)) as PreparedConfig;
    } catch (error) {
      throw new PreparedConfigError("the prepared config cannot be read (nested too deeply, or not JSON?)", { cause: error });
    }
    // Refused here, as loadEngine would refuse it (a damaged file, another version, another provider's zone).
    loadEngine(copy, { timeZones: provider });
    if (!DIGEST.test(copy.digest)) throw new PreparedConfigError(`the prepared config's digest ${JSON.stringify(copy.digest)} is not 8 hex digits: prepare it again from the config`);
    return copy;
  }
  return prepareConfig(input as Parameters<typeof prepareConfig>[0], { timeZones: provider });
}
