import type { RuleBackend } from "../rules/compiler/rule-backend.js";
import type { TimeZoneProvider } from "../time-zones/time-zone-provider.js";

/** Options of `createEngine`, `prepareConfig` and `loadEngine`. */
export interface EngineOptions {
  /**
   * Where the engine gets time-zone offsets, and which zones exist (the config's `timeZone`, users'
   * `timeZone`, zones in rules): `intlTimeZones` (the default: the runtime's Intl, nothing added to
   * the bundle) or `pinnedTimeZones` from `nudgekit/time-zones` (one pinned tz database release:
   * the same answers on every runtime). A server and the browsers that must agree with it use the
   * same provider. See docs/time-zones.md.
   */
  readonly timeZones?: TimeZoneProvider;
  /**
   * How the engine's rules (triggers, audiences, segments) run: `"closures"` (no `eval`, safe under
   * a strict Content-Security-Policy) or `codegenBackend` from `nudgekit/rules/codegen` (generated
   * JavaScript: faster, needs `new Function`). The same decisions either way. The default is
   * closures, except for `createEngine` from `nudgekit` under Node (see `CreateEngineOptions`).
   * `prepareConfig` ignores it: a prepared config is the same for both.
   */
  readonly backend?: RuleBackend | "closures";
}

/** Options of `createEngine`. */
export interface CreateEngineOptions extends Omit<EngineOptions, "backend"> {
  /**
   * As `EngineOptions.backend`, and `"codegen"`: generated rules, where the generator is bundled.
   * Under Node (the `"node"` export condition of `nudgekit`) that is the default; elsewhere (a
   * browser's bundle) `"codegen"` is refused with a TypeError saying to pass `codegenBackend`.
   */
  readonly backend?: RuleBackend | "closures" | "codegen";
}
