/// <reference types="node" />
import { dirname, isAbsolute, join, relative } from "node:path";
import type { Plugin } from "esbuild";
import packageJson from "../../../package.json";
import { loadEngine } from "../../engine/prepared/load-engine.js";
import { prepareConfig } from "../../engine/prepared/prepare-config.js";
import { PREPARED_FORMAT, type PreparedConfig } from "../../engine/prepared/prepared-config.js";
import { isPlainObject } from "../../json/plain-object.js";
import { pinnedTimeZones } from "../../time-zones/pinned/pinned-time-zones.js";
import { intlTimeZones } from "../../time-zones/intl-time-zones.js";
import { familiesUsing, operatorNamesIn, templateFilterNamesIn } from "./config-features.js";
import { TEMPLATE_FILTERS } from "../../engine/content/template-filters.js";
import { behaviouralOperatorGroupsSource, builtInOperatorFamiliesSource, entrySource, templateFiltersSource, type ModuleTimeZones, type UsedFamily } from "./engine-module-source.js";
import { EngineModuleBuildError } from "./engine-module-build-error.js";
import { loadEsbuild } from "./esbuild-module.js";
import { moduleRoot } from "./module-root.js";
import { OPTIONAL_FEATURES } from "./absent-features.js";
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
  /** The config's digest (`meta.digest`, the prepared config's `digest`): name the file after it to cache it forever. */
  readonly digest: string;
  /** The nudgekit version that emitted it (`meta.nudgekit`). */
  readonly nudgekit: string;
  /** The rule operators and behavioural operators the module carries (those the config's rules use, by family). */
  readonly operators: readonly string[];
  /** The template filters the module carries (those the config's templates call). */
  readonly filters: readonly string[];
  /** The parts of the engine the config does not use, left out of the module (journeys, best send time, experiments and holdouts, segments, behavioural operators, behaviour folding). */
  readonly without: readonly string[];
  /**
   * What the code is made of: minified bytes per source file of nudgekit (`engine/engine`,
   * `rules/operators/comparison`…), per dependency (`compare-versions`) and for the entry (`(config)`:
   * the IR and the lines that build the engine), largest first. They add up to the minified size
   * less esbuild's wrapping; gzip does not add up per file.
   */
  readonly parts: readonly { readonly part: string; readonly bytes: number }[];
}

const PROVIDERS = { intl: intlTimeZones, pinned: pinnedTimeZones } as const;

/** The library's files an engine module replaces with narrowed ones, by path under the module root (without extension). */
const BUILT_IN_FAMILIES_MODULE = "rules/compiler/built-in-operator-families";
const BEHAVIOURAL_GROUPS_MODULE = "segments/operators/behavioural-operator-groups";
const TEMPLATE_FILTERS_MODULE = "engine/content/template-filters";

/**
 * A template filter's export in template-filter-definitions.ts: its Liquid name in camel case
 * (`url_encode` → `urlEncode`), `defaultFilter` for `default` (a reserved word). A test checks it
 * for every filter; a name without its export would fail the bundle, never be skipped.
 */
export function templateFilterExport(name: string): string {
  return name === "default" ? "defaultFilter" : name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** The template filters the IR's templates call, as [Liquid name, export of template-filter-definitions], in the table's order. */
function usedTemplateFilters(ir: unknown): readonly (readonly [string, string])[] {
  const names = templateFilterNamesIn(ir);
  return TEMPLATE_FILTERS.filter((name) => names.has(name)).map((name) => [name, templateFilterExport(name)] as const);
}

/** The prepared config of `input`: prepared here from a config, or a prepared config checked as loadEngine checks it. */
function preparedOf(input: unknown, timeZones: ModuleTimeZones): PreparedConfig {
  const provider = PROVIDERS[timeZones];
  if (isPlainObject(input) && input.format === PREPARED_FORMAT) {
    // Refused here, as loadEngine would refuse it (a damaged file, another version, another provider's zone).
    loadEngine(input, { timeZones: provider });
    return JSON.parse(JSON.stringify(input)) as PreparedConfig;
  }
  return prepareConfig(input as Parameters<typeof prepareConfig>[0], { timeZones: provider });
}

/**
 * Loads `replaced` files (by path under the root, without extension: .ts in src/, .js in
 * dist/modules/) with the given source instead: narrowed tables, and stand-ins for features the
 * config does not use. The source resolves its imports from the replaced file's folder.
 */
function replacedModules(root: string, replaced: ReadonlyMap<string, string>): Plugin {
  const byPath = new Map<string, string>();
  for (const [module, source] of replaced) for (const extension of [".ts", ".js"]) byPath.set(join(root, `${module}${extension}`), source);
  return {
    name: "nudgekit-engine-module",
    setup(build) {
      build.onLoad({ filter: /\.[jt]s$/ }, (args) => {
        const contents = byPath.get(args.path);
        return contents === undefined ? undefined : { contents, loader: "js", resolveDir: dirname(args.path) };
      });
    },
  };
}

/** `export * from` the stand-in, written for the replaced file's folder. */
function reexport(module: string, standIn: string): string {
  const path = relative(dirname(module), standIn);
  return `export * from "${path.startsWith(".") ? path : `./${path}`}.js";\n`;
}

/** Minified bytes by part: a file under the root by its path without extension, a package by its name, the entry as "(config)". */
function partsOf(root: string, inputs: Readonly<Record<string, { readonly bytesInOutput: number }>>): EmittedEngineModule["parts"] {
  const bytes = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const absolute = isAbsolute(path) ? path : join(root, path);
    const underRoot = relative(root, absolute);
    const packageName = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
    const part = path.includes("engine-module.js") && !path.includes("/") ? "(config)" : packageName ?? (underRoot.startsWith("..") ? path : underRoot.replace(/\.[jt]s$/, ""));
    bytes.set(part, (bytes.get(part) ?? 0) + bytesInOutput);
  }
  return Object.freeze([...bytes].filter(([, size]) => size > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([part, size]) => Object.freeze({ part, bytes: size })));
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
 * (journeys, best send time, experiments and holdouts, segments, templates, behaviour folding); no validation code (no zod, no schema, no
 * structure check: the config was checked here). It has no import, no `eval` or `new Function` and
 * no network access, so it runs under `Content-Security-Policy: script-src 'self'`. The same config
 * and nudgekit version give the same bytes. Bundled by esbuild, an optional peer dependency.
 *
 * @param input a config (validated here, as createEngine does) or a prepared config (checked as loadEngine checks it).
 * @throws ConfigError for an invalid config, PreparedConfigError for a damaged prepared config,
 * EngineModuleBuildError when esbuild is not installed or the module cannot be bundled.
 *
 * @example
 * import { writeFileSync } from "node:fs";
 * import { emitEngineModule } from "nudgekit/standalone";
 *
 * const module = await emitEngineModule(config);
 * writeFileSync(`public/engine-${module.digest}.js`, module.code);
 * // in the app: const { engine } = await import(`/engine-${digest}.js`);
 */
export async function emitEngineModule(input: unknown, options: EmitEngineModuleOptions = {}): Promise<EmittedEngineModule> {
  const format = options.format ?? "esm";
  const timeZones = options.timeZones ?? "intl";
  if (format !== "esm" && format !== "cjs") throw new TypeError(`options.format must be "esm" or "cjs", got ${JSON.stringify(format)}`);
  if (timeZones !== "intl" && timeZones !== "pinned") throw new TypeError(`options.timeZones must be "intl" or "pinned", got ${JSON.stringify(timeZones)}`);
  const prepared = preparedOf(input, timeZones);
  const names = operatorNamesIn(prepared.engine);
  const rules: readonly UsedFamily[] = familiesUsing(RULE_OPERATOR_FAMILIES, names);
  const behavioural: readonly UsedFamily[] = familiesUsing(BEHAVIOURAL_OPERATOR_GROUPS, names);
  const ir = prepared.engine as EngineIR;
  const absent = OPTIONAL_FEATURES.filter((feature) => !feature.usedBy(ir, names));
  const filters = usedTemplateFilters(ir);
  const { build } = await loadEsbuild();
  const root = moduleRoot();
  const entry = entrySource({ irJson: JSON.stringify(prepared.engine), digest: prepared.digest, nudgekit: packageJson.version, timeZones });
  let code: string;
  let parts: EmittedEngineModule["parts"];
  try {
    const result = await build({
      stdin: { contents: entry, resolveDir: root, sourcefile: "engine-module.js", loader: "js" },
      absWorkingDir: root,
      bundle: true,
      write: false,
      format,
      platform: "neutral",
      mainFields: ["module", "main"],
      target: "es2022",
      minify: options.minify ?? true,
      legalComments: "none",
      metafile: true,
      logLevel: "silent",
      banner: { js: `/* nudgekit engine module: config ${prepared.digest}, nudgekit ${packageJson.version}. Generated by emitEngineModule: do not edit. */` },
      plugins: [
        replacedModules(
          root,
          new Map([
            [BUILT_IN_FAMILIES_MODULE, builtInOperatorFamiliesSource(rules)],
            [BEHAVIOURAL_GROUPS_MODULE, behaviouralOperatorGroupsSource(behavioural)],
            [TEMPLATE_FILTERS_MODULE, templateFiltersSource(filters)],
            ...absent.flatMap((feature) => feature.replaces.map(([module, standIn]) => [module, reexport(module, standIn)] as const)),
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
  const operators = [...rules, ...behavioural].flatMap((used) => used.names);
  return Object.freeze({ code, format, digest: prepared.digest, nudgekit: packageJson.version, operators: Object.freeze(operators), filters: Object.freeze(filters.map(([name]) => name)), without: Object.freeze(absent.map((feature) => feature.name)), parts });
}
