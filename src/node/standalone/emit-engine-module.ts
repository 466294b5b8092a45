/// <reference types="node" />
import { createHash } from "node:crypto";
import packageJson from "../../../package.json";
import { familiesUsing, operatorNamesIn } from "./config-features.js";
import { behaviouralOperatorGroupsSource, builtInOperatorFamiliesSource, entrySource, templateFiltersSource, type ModuleTimeZones, type UsedFamily } from "./engine-module-source.js";
import { EngineModuleBuildError } from "./engine-module-build-error.js";
import { loadEsbuild } from "./esbuild-module.js";
import { moduleRoot } from "./module-root.js";
import { OPTIONAL_FEATURES, VALIDATION_STAND_INS } from "./absent-features.js";
import { partsOf, type ModulePart } from "./module-parts.js";
import { preparedInput } from "./prepared-input.js";
import { reexport, replacedModules } from "./replaced-modules.js";
import { usedTemplateFilters } from "./template-filter-export.js";
import type { EngineIR } from "../../engine/model/engine-model.js";
import { BEHAVIOURAL_OPERATOR_GROUPS, RULE_OPERATOR_FAMILIES } from "./operator-families.js";

/** How an engine module is written. */
export interface EmitEngineModuleOptions {
  /** `"esm"` (the default): an ES module for `import()` and `<script type="module">`; `"cjs"`: CommonJS for `require`. */
  readonly format?: "esm" | "cjs";
  /** Minified (the default: what a browser should load) or readable. */
  readonly minify?: boolean;
  /**
   * The zones the engine reads: `"intl"` (the default: the runtime's Intl, as loadEngine's default)
   * or `"pinned"` (nudgekit's pinned tz database bundled in: the same offsets on every runtime).
   * A config given as such is validated with the same provider.
   */
  readonly timeZones?: ModuleTimeZones;
}

/** An engine module: its code, and what it was emitted for. */
export interface EmittedEngineModule {
  /** The module's JavaScript: one self-contained file (no import, no eval, no network). */
  readonly code: string;
  readonly format: "esm" | "cjs";
  /**
   * The first 16 hex digits of the code's SHA-256: name the file after it (`engine-<hash>.js`) and
   * cache it forever. Not the config's digest: one config gives other files in another format, with
   * other zones, or from another nudgekit or esbuild version.
   */
  readonly hash: string;
  /** The config's digest (`meta.digest`, the prepared config's `digest`): what `engineOfModule(module, { digest })` checks. */
  readonly digest: string;
  /** The nudgekit version that emitted it (`meta.nudgekit`). */
  readonly nudgekit: string;
  /** The esbuild version that bundled it: the bytes depend on it too. */
  readonly esbuild: string;
  /** The rule operators and behavioural operators the module carries (those the config's rules use, by family). */
  readonly operators: readonly string[];
  /** The template filters the module carries (those the config's templates call). */
  readonly filters: readonly string[];
  /** The parts of the engine the config does not use, left out of the module (journeys, best send time, experiments and holdouts, segments, behavioural operators, templates, behaviour folding). */
  readonly without: readonly string[];
  /**
   * What the code is made of: minified bytes per source file of nudgekit (`engine/engine`,
   * `rules/operators/comparison`…), per dependency (`compare-versions`) and for the entry (`(config)`:
   * the IR and the lines that build the engine), largest first. They add up to the minified size
   * less esbuild's wrapping; gzip does not add up per file.
   */
  readonly parts: readonly ModulePart[];
}

/** The library's files an engine module replaces with narrowed ones, by path under the module root (without extension). */
const BUILT_IN_FAMILIES_MODULE = "rules/compiler/built-in-operator-families";
const BEHAVIOURAL_GROUPS_MODULE = "segments/operators/behavioural-operator-groups";
const TEMPLATE_FILTERS_MODULE = "engine/content/template-filters";

/** The options, checked: each a TypeError when it is not one the emitter knows. */
function checkedOptions(options: unknown): Required<EmitEngineModuleOptions> {
  if (options === undefined) return { format: "esm", minify: true, timeZones: "intl" };
  if (typeof options !== "object" || options === null || Array.isArray(options)) throw new TypeError("options must be an object: { format?, minify?, timeZones? }");
  const { format = "esm", minify = true, timeZones = "intl" } = options as EmitEngineModuleOptions;
  if (format !== "esm" && format !== "cjs") throw new TypeError(`options.format must be "esm" or "cjs", got ${JSON.stringify(format)}`);
  if (typeof minify !== "boolean") throw new TypeError(`options.minify must be a boolean, got ${JSON.stringify(minify)}`);
  if (timeZones !== "intl" && timeZones !== "pinned") throw new TypeError(`options.timeZones must be "intl" or "pinned", got ${JSON.stringify(timeZones)}`);
  return { format, minify, timeZones };
}

/**
 * One self-contained JavaScript module that exports a ready engine for exactly one config — the
 * `standalone` of Ajv for nudgekit: `engine` (also the default export), with loadEngine's API
 * (`decide`, `due`, `nextCheckAt`, `explain`, `behaviour`), and `meta` (the config's digest, the
 * nudgekit version, the runtime contract `engineOfModule` checks). It decides exactly as
 * `createEngine(config)` and `loadEngine(prepareConfig(config))` do.
 *
 * The module carries the config's IR and only the code that config runs: of the rule operators and
 * behavioural operators, only those its rules use (each with its family's file), of the template
 * filters only those its templates call, and none of the parts of the engine it has no use for
 * (journeys, best send time, experiments and holdouts, segments, behavioural operators, templates,
 * behaviour folding); no validation code (no zod, no schema, no structure check, no rule checks:
 * the config was checked here). It has no import, no `eval` or `new Function` and
 * no network access, so it runs under `Content-Security-Policy: script-src 'self'`. The same config,
 * options, nudgekit version and esbuild version give the same bytes. Bundled by esbuild, an optional
 * peer dependency.
 *
 * @param input a config (validated here, as createEngine does) or a prepared config (checked as loadEngine checks it).
 * @throws ConfigError for an invalid config, PreparedConfigError for a damaged prepared config,
 * TypeError for bad options, EngineModuleBuildError when esbuild is not installed, nudgekit's
 * module tree is missing or the module cannot be bundled.
 *
 * @example
 * import { writeFileSync } from "node:fs";
 * import { emitEngineModule } from "nudgekit/standalone";
 *
 * const module = await emitEngineModule(config);
 * writeFileSync(`public/configs/engine-${module.hash}.js`, module.code);
 * writeFileSync("public/configs/current.json", JSON.stringify({ module: `/configs/engine-${module.hash}.js`, digest: module.digest }));
 * // in the app: engineOfModule(await import(current.module), { digest: current.digest })
 */
export async function emitEngineModule(input: unknown, options?: EmitEngineModuleOptions): Promise<EmittedEngineModule> {
  const { format, minify, timeZones } = checkedOptions(options);
  const prepared = preparedInput(input, timeZones);
  const ir = prepared.engine as EngineIR;
  const names = operatorNamesIn(ir);
  const rules: readonly UsedFamily[] = familiesUsing(RULE_OPERATOR_FAMILIES, names);
  const behavioural: readonly UsedFamily[] = familiesUsing(BEHAVIOURAL_OPERATOR_GROUPS, names);
  const absent = OPTIONAL_FEATURES.filter((feature) => !feature.usedBy(ir, names));
  const filters = usedTemplateFilters(ir);
  const { build, version: esbuildVersion } = await loadEsbuild();
  const entry = entrySource({ irJson: JSON.stringify(ir), digest: prepared.digest, nudgekit: packageJson.version, timeZones });
  let code: string;
  let parts: readonly ModulePart[];
  try {
    const root = moduleRoot();
    const result = await build({
      stdin: { contents: entry, resolveDir: root, sourcefile: "engine-module.js", loader: "js" },
      absWorkingDir: root,
      bundle: true,
      write: false,
      format,
      platform: "neutral",
      mainFields: ["module", "main"],
      target: "es2022",
      minify,
      legalComments: "none",
      metafile: true,
      logLevel: "silent",
      // The digest is 8 hex digits (checked by preparedInput), the versions are package.json's and esbuild's own.
      banner: { js: `/* nudgekit engine module: config ${prepared.digest}, nudgekit ${packageJson.version}, esbuild ${esbuildVersion}. Generated by emitEngineModule: do not edit. */` },
      plugins: [
        replacedModules(
          root,
          new Map([
            [BUILT_IN_FAMILIES_MODULE, builtInOperatorFamiliesSource(rules)],
            [BEHAVIOURAL_GROUPS_MODULE, behaviouralOperatorGroupsSource(behavioural)],
            [TEMPLATE_FILTERS_MODULE, templateFiltersSource(filters)],
            ...[...VALIDATION_STAND_INS, ...absent.flatMap((feature) => feature.replaces)].map(([module, standIn]) => [module, reexport(module, standIn)] as const),
          ]),
        ),
      ],
    });
    const output = result.outputFiles[0];
    if (output === undefined) throw new Error("esbuild wrote no output");
    code = output.text;
    parts = partsOf(root, Object.values(result.metafile.outputs)[0]?.inputs ?? {});
  } catch (error) {
    throw new EngineModuleBuildError(`the engine module cannot be bundled: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return Object.freeze({
    code,
    format,
    hash: createHash("sha256").update(code).digest("hex").slice(0, 16),
    digest: prepared.digest,
    nudgekit: packageJson.version,
    esbuild: esbuildVersion,
    operators: Object.freeze([...rules, ...behavioural].flatMap((used) => used.names)),
    filters: Object.freeze(filters.map(([name]) => name)),
    without: Object.freeze(absent.map((feature) => feature.name)),
    parts,
  });
}
