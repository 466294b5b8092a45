/**
 * Runs the golden vectors (test/vectors/*.json) against a set of nudgekit module namespaces.
 *
 * PURE: no Node built-ins, no file system, no clock, no randomness. The same code runs in Node
 * (with the namespaces of src/) and in a browser (with the namespaces of a bundle), so both sides
 * compute `actual` in exactly the same way and any difference comes from the library itself.
 *
 * Values cross the JSON boundary in a tagged form, so that comparisons stay exact:
 *
 * | value                         | encoded                                   |
 * |-------------------------------|-------------------------------------------|
 * | NaN, Infinity, -Infinity, -0  | `{ "$number": "NaN" }` (…"Infinity", "-Infinity", "-0") |
 * | undefined (top level, array)  | `{ "$undefined": true }`                  |
 * | undefined (object property)   | dropped, as JSON.stringify does           |
 * | bigint                        | `{ "$bigint": "123" }`                    |
 * | Date                          | `{ "$date": "<ISO 8601>" }` or `"Invalid Date"` |
 * | Map, Set                      | `{ "$map": [[k, v], …] }`, `{ "$set": [v, …] }` |
 * | function, symbol              | `{ "$type": "function" }`, `{ "$type": "symbol" }` |
 * | a thrown error                | `{ "$error": { "name", "message", …its own fields } }` |
 * | an object key starting with $ | the key with one more `$` in front (`"$x"` → `"$$x"`) |
 *
 * The escaping of `$` keys makes the tags unambiguous: a value that really is the object
 * `{ "$number": "NaN" }` encodes as `{ "$$number": "NaN" }`. Inputs use the same form
 * (`decodeValue`), so a vector can feed NaN, -0 or undefined to the library.
 */
import type * as rootModule from "../../src/index.js";
import type * as capsModule from "../../src/caps/index.js";
import type * as channelsModule from "../../src/channels/index.js";
import type * as experimentsModule from "../../src/experiments/index.js";
import type * as rulesModule from "../../src/rules/index.js";
import type * as runtimeModule from "../../src/runtime/index.js";
import type * as timeZonesModule from "../../src/time-zones/index.js";

/** The module namespaces the vectors run against: src/ in Node, a bundle in the browser. */
export interface NudgekitModules {
  readonly root: typeof rootModule;
  readonly experiments: typeof experimentsModule;
  readonly rules: typeof rulesModule;
  readonly caps: typeof capsModule;
  readonly channels: typeof channelsModule;
  readonly timeZones: typeof timeZonesModule;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface VectorCase {
  readonly name: string;
  /** The arguments, in the tagged form. */
  readonly input: Json;
  /** The output, in the tagged form. */
  readonly expected: Json;
}

/** One file of test/vectors/ as stored. decide.json also holds the engine `config`. */
export interface VectorDocument {
  readonly description: string;
  readonly generatedBy: string;
  readonly config?: Json;
  readonly cases: readonly VectorCase[];
}

/** A vector document with its file name (`rules.json`, …), which says how to run its cases. */
export interface VectorFile extends VectorDocument {
  readonly file: string;
}

export interface VectorResult {
  readonly file: string;
  readonly name: string;
  /** What the library returned (or threw), in the tagged form. */
  readonly actual: Json;
}

export const VECTOR_FILES = ["rules.json", "bucketing.json", "caps.json", "channels.json", "decide.json", "time-zones.json"] as const;
export type VectorFileName = (typeof VECTOR_FILES)[number];

// ---------------------------------------------------------------------------------------------
// Tagged encoding

const TAGS = ["$number", "$undefined", "$bigint", "$date", "$map", "$set", "$type", "$error"] as const;
const MAX_DEPTH = 10_000;

/** Sets an own, enumerable property, even one named "__proto__" (plain assignment would set the prototype). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function escapeKey(key: string): string {
  return key.startsWith("$") ? `$${key}` : key;
}

function unescapeKey(key: string): string {
  return key.startsWith("$$") ? key.slice(1) : key;
}

function encodeNumber(value: number): Json {
  if (Number.isNaN(value)) return { $number: "NaN" };
  if (value === Number.POSITIVE_INFINITY) return { $number: "Infinity" };
  if (value === Number.NEGATIVE_INFINITY) return { $number: "-Infinity" };
  if (Object.is(value, -0)) return { $number: "-0" };
  return value;
}

function encodeAt(value: unknown, depth: number, ancestors: unknown[]): Json {
  if (depth > MAX_DEPTH) throw new RangeError("value nested too deeply to encode");
  switch (typeof value) {
    case "undefined":
      return { $undefined: true };
    case "boolean":
    case "string":
      return value;
    case "number":
      return encodeNumber(value);
    case "bigint":
      return { $bigint: value.toString() };
    case "function":
      return { $type: "function" };
    case "symbol":
      return { $type: "symbol" };
    default:
      break;
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.includes(object)) return { $type: "cycle" };
  ancestors.push(object);
  try {
    if (Array.isArray(object)) {
      const out: Json[] = [];
      for (let i = 0; i < object.length; i++) out.push(encodeAt(object[i], depth + 1, ancestors));
      return out;
    }
    if (object instanceof Date) {
      const time = object.getTime();
      return { $date: Number.isNaN(time) ? "Invalid Date" : object.toISOString() };
    }
    if (object instanceof Map) return { $map: [...object.entries()].map(([key, entry]) => [encodeAt(key, depth + 1, ancestors), encodeAt(entry, depth + 1, ancestors)]) };
    if (object instanceof Set) return { $set: [...object].map((entry) => encodeAt(entry, depth + 1, ancestors)) };
    if (object instanceof Error) return { $error: encodeErrorFields(object, depth, ancestors) };
    const out: Record<string, Json> = {};
    for (const key of Object.keys(object)) {
      const entry: unknown = (object as Record<string, unknown>)[key];
      if (entry === undefined) continue; // JSON.stringify drops undefined properties
      setOwn(out, escapeKey(key), encodeAt(entry, depth + 1, ancestors));
    }
    return out;
  } finally {
    ancestors.pop();
  }
}

function encodeErrorFields(error: Error, depth: number, ancestors: unknown[]): Json {
  const out: Record<string, Json> = { name: error.name, message: error.message };
  for (const key of Object.keys(error)) {
    if (key === "name" || key === "message" || key === "stack" || key === "cause") continue;
    const entry: unknown = (error as unknown as Record<string, unknown>)[key];
    if (entry === undefined) continue;
    setOwn(out, escapeKey(key), encodeAt(entry, depth + 1, ancestors));
  }
  return out;
}

/** Any value as JSON in the tagged form (see the table at the top of this file). */
export function encodeValue(value: unknown): Json {
  return encodeAt(value, 0, []);
}

/** What a call threw, in the tagged form: `{ "$error": { name, message, …own fields } }`. */
export function encodeThrown(thrown: unknown): Json {
  if (thrown instanceof Error) return { $error: encodeErrorFields(thrown, 0, []) };
  return { $error: { name: "non-error", message: String(thrown), value: encodeValue(thrown) } };
}

function isTagged(object: Record<string, unknown>, tag: (typeof TAGS)[number]): boolean {
  const keys = Object.keys(object);
  return keys.length === 1 && keys[0] === tag;
}

function decodeNumber(text: unknown): number {
  switch (text) {
    case "NaN":
      return Number.NaN;
    case "Infinity":
      return Number.POSITIVE_INFINITY;
    case "-Infinity":
      return Number.NEGATIVE_INFINITY;
    case "-0":
      return -0;
    default:
      throw new TypeError(`unknown $number ${JSON.stringify(text)}`);
  }
}

/** The inverse of `encodeValue` for the tags an input may hold ($number, $undefined, $bigint, $date). */
export function decodeValue(value: Json): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  if (isTagged(value, "$number")) return decodeNumber(value.$number);
  if (isTagged(value, "$undefined")) return undefined;
  if (isTagged(value, "$bigint")) return BigInt(value.$bigint as string);
  if (isTagged(value, "$date")) return new Date(value.$date === "Invalid Date" ? Number.NaN : (value.$date as string));
  for (const key of Object.keys(value)) {
    if (key.startsWith("$") && !key.startsWith("$$")) throw new TypeError(`unknown tag ${JSON.stringify(key)} in a vector input`);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(out, unescapeKey(key), decodeValue(value[key] as Json));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Runners, one per file

type Input = Record<string, unknown>;
type CaseRunner = (input: Input) => unknown;

/** A case output already in the tagged form (not encoded again). */
class Encoded {
  constructor(readonly json: Json) {}
}

function field<T = unknown>(input: Input, key: string): T {
  return (Object.prototype.hasOwnProperty.call(input, key) ? input[key] : undefined) as T;
}

function has(input: Input, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(input, key);
}

/**
 * rules.json: `compileRule(rule)(data)`. An evaluation stopped at a limit returns null; its output
 * is then `{ "$stopped": [{ code, path, message }], "$result": null }`.
 */
function rulesRunner(nudgekit: NudgekitModules): CaseRunner {
  return (input) => {
    const stopped: { code: string; path: string | null; message: string }[] = [];
    const rule = nudgekit.rules.compileRule(field(input, "rule"), {
      onError: (error) => stopped.push({ code: error.code, path: error.path ?? null, message: error.message }),
    });
    const result = rule(field(input, "data"));
    return stopped.length === 0 ? result : new Encoded({ $stopped: encodeValue(stopped), $result: encodeValue(result) });
  };
}

/** bucketing.json: `fn` picks the function. */
function bucketingRunner(nudgekit: NudgekitModules): CaseRunner {
  const { assignVariant, growthbook, unleash, optimizely, murmur3, bucketRanges, diffAllocations, banditAllocation, banditAssign, pickWinner, chanceToBeatControl } = nudgekit.experiments;
  return (input) => {
    const fn = field<string>(input, "fn");
    switch (fn) {
      case "assignVariant":
        return has(input, "options")
          ? assignVariant(field(input, "experiment"), field(input, "unitId"), field(input, "options"))
          : assignVariant(field(input, "experiment"), field(input, "unitId"));
      case "growthbook.hash":
        return growthbook.hash(field(input, "seed"), field(input, "value"), field(input, "version"));
      case "growthbook.getBucketRanges":
        return growthbook.getBucketRanges(field(input, "n"), field(input, "coverage"), field(input, "weights"));
      case "growthbook.chooseVariation":
        return growthbook.chooseVariation(field(input, "n"), field(input, "ranges"));
      case "growthbook.inNamespace":
        return growthbook.inNamespace(field(input, "hashValue"), field(input, "namespace"));
      case "unleash.normalizedHash":
        return unleash.normalizedHash(field(input, "id"), field(input, "groupId"), field(input, "normalizer"), field(input, "seed"), field(input, "options"));
      case "optimizely.bucketValue":
        return optimizely.bucketValue(field(input, "key"));
      case "murmur3":
        return murmur3(field(input, "text"), field(input, "seed"));
      case "bucketRanges":
        return bucketRanges(field(input, "weights"), field(input, "coverage"));
      case "diffAllocations":
        return diffAllocations(field(input, "before"), field(input, "after"));
      case "banditAllocation":
        return banditAllocation(field(input, "experimentId"), field(input, "snapshot"), field(input, "options"));
      case "banditAssign":
        return banditAssign(field(input, "experimentId"), field(input, "unitId"), field(input, "snapshot"), field(input, "options"));
      case "pickWinner":
        return pickWinner(field(input, "results"), field(input, "policy"));
      case "chanceToBeatControl":
        return chanceToBeatControl(field(input, "control"), field(input, "treatment"));
      default:
        throw new TypeError(`bucketing vector: unknown fn ${JSON.stringify(fn)}`);
    }
  };
}

/** caps.json: `checkCaps(policy, history, candidate, now, zone)`. */
function capsRunner(nudgekit: NudgekitModules): CaseRunner {
  return (input) => nudgekit.caps.checkCaps(field(input, "policy"), field(input, "history"), field(input, "candidate"), field(input, "now"), field(input, "zone"));
}

/** channels.json: `chooseChannel(campaign, user, now, { caps, policy })`. */
function channelsRunner(nudgekit: NudgekitModules): CaseRunner {
  return (input) => {
    const options: Record<string, unknown> = {};
    if (has(input, "caps")) options.caps = field(input, "caps");
    if (has(input, "policy")) options.policy = field(input, "policy");
    return nudgekit.channels.chooseChannel(field(input, "campaign"), field(input, "user"), field(input, "now"), options);
  };
}

/** decide.json: one engine from the file's `config`; `method` picks decide, due, nextCheckAt or explain. */
function decideRunner(makeEngine: () => runtimeModule.Engine): CaseRunner {
  let engine: runtimeModule.Engine | undefined;
  let configError: unknown;
  try {
    engine = makeEngine();
  } catch (error) {
    configError = error;
  }
  return (input) => {
    if (engine === undefined) throw configError;
    const method = field<string>(input, "method");
    const args: Record<string, unknown> = {};
    for (const key of ["event", "user", "history", "now"]) if (has(input, key)) args[key] = input[key];
    switch (method) {
      case "decide":
        return engine.decide(args as never);
      case "due":
        return engine.due(args as never);
      case "nextCheckAt":
        return engine.nextCheckAt(field(input, "user"), field(input, "now"), field(input, "history"));
      case "explain":
        return engine.explain(field(input, "campaignId"), args as never);
      default:
        throw new TypeError(`decide vector: unknown method ${JSON.stringify(method)}`);
    }
  };
}

/**
 * time-zones.json: everything with the pinned tz database (`pinnedTimeZones`) as the provider; `fn`
 * picks the call: `offsetAt`, `rule` (compileRule), `checkCaps`, `chooseChannel`, or `engine`
 * (createEngine on the case's `config`, then `method` as in decide.json).
 */
function timeZonesRunner(nudgekit: NudgekitModules): CaseRunner {
  const timeZones = nudgekit.timeZones.pinnedTimeZones;
  return (input) => {
    const fn = field<string>(input, "fn");
    switch (fn) {
      case "offsetAt":
        return timeZones.offsetAt(field(input, "zone"), field(input, "at"));
      case "rule":
        return nudgekit.rules.compileRule(field(input, "rule"), { timeZones })(field(input, "data"));
      case "checkCaps":
        return nudgekit.caps.checkCaps(field(input, "policy"), field(input, "history"), field(input, "candidate"), field(input, "now"), field(input, "zone"), { timeZones });
      case "chooseChannel":
        return nudgekit.channels.chooseChannel(field(input, "campaign"), field(input, "user"), field(input, "now"), { ...(has(input, "caps") ? { caps: field(input, "caps") } : {}), timeZones });
      case "engine":
        return decideRunner(() => nudgekit.root.createEngine(field(input, "config"), { timeZones }))(input);
      default:
        throw new TypeError(`time-zones vector: unknown fn ${JSON.stringify(fn)}`);
    }
  };
}

function runnerFor(nudgekit: NudgekitModules, file: VectorFile): CaseRunner {
  switch (file.file) {
    case "rules.json":
      return rulesRunner(nudgekit);
    case "bucketing.json":
      return bucketingRunner(nudgekit);
    case "caps.json":
      return capsRunner(nudgekit);
    case "channels.json":
      return channelsRunner(nudgekit);
    case "decide.json":
      return decideRunner(() => nudgekit.root.createEngine(decodeValue(file.config ?? null)));
    case "time-zones.json":
      return timeZonesRunner(nudgekit);
    default:
      throw new TypeError(`unknown vector file ${JSON.stringify(file.file)}`);
  }
}

/**
 * Runs every case of every file and returns what the library produced, in the tagged form, in
 * file and case order. A call that throws gives `{ "$error": … }`; nothing here throws for a
 * well-formed vector file.
 */
export function runVectors(nudgekit: NudgekitModules, files: readonly VectorFile[]): VectorResult[] {
  return files.flatMap((file) => runCases(file, runnerFor(nudgekit, file)));
}

/**
 * Runs decide.json's cases on the engine nudgekit/runtime loads from `prepared` (what
 * `prepareConfig` made of the file's config, as JSON): it must give what `createEngine` gives.
 */
export function runPreparedDecideVectors(runtime: Pick<typeof runtimeModule, "loadEngine">, prepared: unknown, file: VectorFile): VectorResult[] {
  if (file.file !== "decide.json") throw new TypeError(`prepared configs are for decide.json, not ${file.file}`);
  return runCases(file, decideRunner(() => runtime.loadEngine(prepared)));
}

/** decide.json's cases run on the engine `makeEngine` gives (an engine module's, say): what they give, encoded as the vectors are. */
export function runEngineDecideVectors(makeEngine: () => runtimeModule.Engine, file: VectorFile): VectorResult[] {
  if (file.file !== "decide.json") throw new TypeError(`engines are for decide.json, not ${file.file}`);
  return runCases(file, decideRunner(makeEngine));
}

function runCases(file: VectorFile, run: CaseRunner): VectorResult[] {
  const results: VectorResult[] = [];
  for (const vector of file.cases) {
    let actual: Json;
    try {
      const input = decodeValue(vector.input);
      if (input === null || typeof input !== "object" || Array.isArray(input)) throw new TypeError("a vector's input must be an object");
      const output = run(input as Input);
      actual = output instanceof Encoded ? output.json : encodeValue(output);
    } catch (error) {
      actual = encodeThrown(error);
    }
    results.push({ file: file.file, name: vector.name, actual });
  }
  return results;
}
