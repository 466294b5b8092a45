/**
 * nudgekit/standalone (Node only): a config compiled ahead of time into one self-contained engine
 * module for browsers and other runtimes — `emitEngineModule`, and `nudgekit prepare --module`.
 * The app loads it with `import()` and checks it with `engineOfModule` from nudgekit/runtime. See
 * docs/guides/browser.md.
 *
 * @module nudgekit/standalone
 */
export { emitEngineModule, type EmitEngineModuleOptions, type EmittedEngineModule } from "./emit-engine-module.js";
export type { ModuleTimeZones } from "./engine-module-source.js";
export { EngineModuleBuildError } from "./engine-module-build-error.js";
export type { ModulePart } from "./module-parts.js";
export { ENGINE_MODULE_CONTRACT, ENGINE_MODULE_FORMAT, type EngineModule, type EngineModuleMeta } from "../../standalone/engine-module-contract.js";
