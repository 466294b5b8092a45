/**
 * The `nudgekit` entry under Node (the "node" export condition): the engine API of the root entry,
 * with the rules of `createEngine` running as generated JavaScript by default. A Node process may
 * generate code, so a service gets the faster rules without asking; the decisions are the same as
 * with closures (a differential test and the golden vectors prove it). Browsers, and bundles built
 * for them, resolve the root entry instead, where closures are the default. `loadEngine` stays the one of
 * `nudgekit/runtime` (the browser's path, closures unless asked), one module instance for both.
 *
 * @module nudgekit
 */
import type { EngineConfigArgument } from "./schema/engine-config-schema.js";
import { createEngine as createEngineWith } from "./engine/create-engine.js";
import type { Engine } from "./engine/engine.js";
import type { CreateEngineOptions } from "./engine/engine-options.js";
import { codegenBackend } from "./rules/codegen/codegen-backend.js";

export * from "./index.js";

/** The options with generated code unless closures (or another backend) are asked for. */
function withNodeBackend(options: CreateEngineOptions = {}): CreateEngineOptions {
  return options.backend === undefined || options.backend === "codegen" ? { ...options, backend: codegenBackend } : options;
}

/**
 * `createEngine` (see the root entry), with the rules running as generated code unless
 * `options.backend` is `"closures"`.
 *
 * @example
 * const engine = createEngine(config); // generated rules under Node
 * const same = createEngine(config, { backend: "closures" }); // the same decisions, closures
 */
export function createEngine<const Config>(config: EngineConfigArgument<Config>, options?: CreateEngineOptions): Engine {
  return createEngineWith(config, withNodeBackend(options));
}
