/**
 * The sources an engine module is bundled from: its entry (the config's IR as a string literal,
 * the engine built from it, `meta`) and the tables it narrows to what the config uses (the built-in
 * rule operators, the behavioural operator groups, the template filters), written in place of the
 * library's own files of the same names.
 *
 * Safety: nothing from the config reaches these sources but string literals (`stringLiteral`:
 * JSON's, with `<`, U+2028 and U+2029 escaped) — the IR as one JSON text, and the names of
 * operators and filters found in nudgekit's own tables — and the names of files and bindings of
 * nudgekit's own (operator-families.ts, template-filter-export.ts). test/standalone proves it by
 * parsing the sources of hostile configs.
 */
import { stringLiteral } from "../../rules/codegen/rule-source.js";
import { ENGINE_MODULE_CONTRACT, ENGINE_MODULE_FORMAT } from "../../standalone/engine-module-contract.js";
import type { OperatorFamily } from "./operator-families.js";

/** A family and the operators of it a config uses. */
export interface UsedFamily {
  readonly family: OperatorFamily;
  readonly names: readonly string[];
}

/** How an engine module's engine reads time zones: the runtime's Intl, or the pinned database bundled in. */
export type ModuleTimeZones = "intl" | "pinned";

/** What the entry of an engine module is written from. */
export interface EntryParts {
  /** The prepared config's engine (its IR), as JSON text. */
  readonly irJson: string;
  readonly digest: string;
  readonly nudgekit: string;
  readonly timeZones: ModuleTimeZones;
}

/**
 * The IR as the argument of `JSON.parse`: a single-quoted literal of its JSON text (fewer escapes
 * than a double-quoted one: JSON is mostly double quotes). `<`, U+2028 and U+2029 occur in JSON only
 * inside strings, where `\u` escapes mean the same to JSON.parse; written so, the source stays inert
 * in an HTML script element. JSON.parse, not an object literal: a literal's `"__proto__"` key would
 * set a prototype.
 */
export function jsonTextLiteral(json: string): string {
  const inert = json.replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  return `'${inert.replace(/[\\']/g, (character) => `\\${character}`).replace(/\n/g, "\\n").replace(/\r/g, "\\r")}'`;
}

/**
 * The module's entry: imports from the module root (src/ or dist/modules/), then the engine and its meta.
 *
 * @example
 * entrySource({ irJson, digest: "48d530c8", nudgekit: "0.1.0", timeZones: "intl" });
 * // import { standaloneEngine } from "./standalone/standalone-engine.js"; … export const engine = standaloneEngine(JSON.parse('…'), timeZones); export default engine;
 */
export function entrySource(parts: EntryParts): string {
  const zones =
    parts.timeZones === "pinned"
      ? `import { pinnedTimeZones as timeZones } from "./time-zones/pinned/pinned-time-zones.js";`
      : `import { intlTimeZones as timeZones } from "./time-zones/intl-time-zones.js";`;
  const meta = `{ format: ${stringLiteral(ENGINE_MODULE_FORMAT)}, contract: ${ENGINE_MODULE_CONTRACT}, nudgekit: ${stringLiteral(parts.nudgekit)}, digest: ${stringLiteral(parts.digest)} }`;
  return [
    `import { standaloneEngine } from "./standalone/standalone-engine.js";`,
    zones,
    `export const meta = Object.freeze(${meta});`,
    `export const engine = standaloneEngine(JSON.parse(${jsonTextLiteral(parts.irJson)}), timeZones);`,
    `export default engine;`,
    "",
  ].join("\n");
}

/** `import { binding as fN } from "<relative path of module>.js"` for each family, from a file `depth` folders below the root. */
function familyImports(used: readonly UsedFamily[], fromFolder: string): string[] {
  const up = fromFolder.split("/").map(() => "..").join("/");
  return used.map(({ family }, index) => `import { ${family.binding} as f${index} } from "${up}/${family.module}.js";`);
}

/** rules/compiler/built-in-operator-families, narrowed: one table of the built-in operators the config's rules use. */
export function builtInOperatorFamiliesSource(used: readonly UsedFamily[]): string {
  const entries = used.flatMap(({ names }, index) => names.map((name) => `[${stringLiteral(name)}, f${index}.get(${stringLiteral(name)})]`));
  return [...familyImports(used, "rules/compiler"), `export const BUILT_IN_OPERATOR_FAMILIES = [new Map([${entries.join(", ")}])];`, ""].join("\n");
}

/** engine/content/template-filters, narrowed: the table of only the filters the config's templates call ([Liquid name, export of template-filter-definitions]). */
export function templateFiltersSource(used: readonly (readonly [string, string])[]): string {
  const imports = used.map(([, binding], index) => `${binding} as t${index}`);
  return [
    ...(imports.length === 0 ? [] : [`import { ${imports.join(", ")} } from "./template-filter-definitions.js";`]),
    `const FILTERS = new Map([${used.map(([name], index) => `[${stringLiteral(name)}, t${index}]`).join(", ")}]);`,
    "export const TEMPLATE_FILTERS = Object.freeze([...FILTERS.keys()]);",
    "export function templateFilter(name) {",
    "  return FILTERS.get(name);",
    "}",
    "",
  ].join("\n");
}

/** segments/operators/behavioural-operator-groups, narrowed: only the groups of the behavioural operators the config's rules use. */
export function behaviouralOperatorGroupsSource(used: readonly UsedFamily[]): string {
  const groups = used.map((_, index) => `f${index}`);
  return [...familyImports(used, "segments/operators"), `export const BEHAVIOURAL_OPERATOR_GROUPS = [${groups.join(", ")}];`, ""].join("\n");
}
