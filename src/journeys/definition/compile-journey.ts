import { pointerOf as pointer } from "../../json/json-pointer.js";
import { isPlainObject } from "../../json/plain-object.js";
import { compileRule } from "../../rules/compile-rule.js";
import type { CompiledRule, CompileOptions } from "../../rules/compile-options.js";
import { RuleError } from "../../rules/rule-error.js";
import { parseDuration } from "../../time/duration.js";
import { parseScheduledDateTime } from "../../time/scheduled-date-time.js";
import { clockMinutes } from "../../time/clock-time.js";
import { wallTimeOf } from "../../time-zones/zone-clock.js";
import type { LocatedProblem } from "../../validation/located-problems.js";
import { reservedKeyProblems } from "../../validation/reserved-keys.js";
import { zodProblems } from "../../validation/zod-problems.js";
import { EXPECTED_FORM_MESSAGES } from "../../validation/zod-issue-message.js";
import { JourneyConfigError } from "./journey-config-error.js";
import { journeyGraphProblems } from "./journey-graph-problems.js";
import type { CompiledJourney, JourneyIR, JourneyNodeIR } from "./journey-model.js";
import { linkJourney } from "./link-journey.js";
import { journeySchema, type JourneyDefinition, type JourneyInput, type JourneyNodeDefinition } from "./journey-schema.js";

export interface JourneyOptions {
  /** Options for the journey's JSON Logic (custom operators, limits, backend). */
  readonly rules?: CompileOptions;
}

/** A checked duration in whole milliseconds (rounded up: "0.5ms" waits 1 ms), so that every instant a journey computes is an integer. */
const milliseconds = (value: string | number): number => {
  const parsed = parseDuration(value);
  if (!parsed.ok) throw new Error(`unreachable: a checked duration did not parse (${parsed.reason})`);
  return Math.ceil(parsed.milliseconds);
};

/** Values a message's content may hold at most, and its deepest nesting. */
const MAX_CONTENT_VALUES = 10_000;
const MAX_CONTENT_DEPTH = 32;

/** What is wrong with a message's content as JSON (walked without recursion), or null. */
function contentProblem(content: unknown): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value: content, depth: 0 }];
  for (let seen = 0; stack.length > 0; seen++) {
    if (seen >= MAX_CONTENT_VALUES) return `must hold at most ${MAX_CONTENT_VALUES} values`;
    const { value, depth } = stack.pop() as { value: unknown; depth: number };
    if (depth > MAX_CONTENT_DEPTH) return `must be nested at most ${MAX_CONTENT_DEPTH} levels deep`;
    if (value === null || typeof value === "string" || typeof value === "boolean") continue;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return "must be JSON: a number in it is not finite";
      continue;
    }
    if (Array.isArray(value)) for (const item of value) stack.push({ value: item, depth: depth + 1 });
    else if (isPlainObject(value)) for (const item of Object.values(value)) stack.push({ value: item, depth: depth + 1 });
    else return `must be JSON: it holds a ${typeof value}`;
  }
  return null;
}

/**
 * Checks a journey definition and compiles it once for `journeyStep`. Throws a `JourneyConfigError`
 * listing every problem with its JSON pointer: the shape, the JSON Logic rules, and the graph (a
 * start or an edge naming no node, unreachable nodes, loops without a delay or a wait).
 *
 * @example
 * const journey = compileJourney({
 *   id: "onboarding",
 *   entry: { event: "signed_up" },
 *   goal: { event: "purchase", window: "14d" },
 *   start: "welcome",
 *   nodes: {
 *     welcome: { type: "message", content: { title: "Welcome!" }, next: "wait" },
 *     wait: { type: "delay", for: "2d", next: "tip" },
 *     tip: { type: "message", content: { title: "A tip" } },
 *   },
 * });
 * journey.nodes.size; // 3
 * compileJourney({ id: "j", entry: { event: "e" }, start: "a", nodes: { a: { type: "delay", for: "1d", next: "b" } } });
 * // throws JourneyConfigError: invalid journey: names no node: "b" is not in nodes at /nodes/a/next
 */
export function compileJourney(definition: JourneyInput | Readonly<Record<string, unknown>>, options: JourneyOptions = {}): CompiledJourney {
  const compiled = new Map<unknown, CompiledRule>();
  const ir = journeyIR(definition, options, compiled);
  return linkJourney(ir, (source) => compiled.get(source) ?? compileRule(source, options.rules));
}

/**
 * Checks a journey definition (as `compileJourney` does) into its JSON IR. Each rule is compiled to
 * be checked, and kept in `compiled` by its source in the IR, for `linkJourney` to reuse.
 *
 * @throws JourneyConfigError
 * @internal
 */
export function journeyIR(definition: unknown, options: JourneyOptions, compiled: Map<unknown, CompiledRule>): JourneyIR {
  // A record of nodes would drop a `__proto__` key without a word: reported instead.
  const reserved = reservedKeyProblems(definition);
  const parsed = journeySchema.safeParse(definition, EXPECTED_FORM_MESSAGES);
  if (!parsed.success || reserved.length > 0) throw new JourneyConfigError([...reserved, ...(parsed.success ? [] : zodProblems(parsed.error))]);
  const journey: JourneyDefinition = parsed.data;
  const problems: LocatedProblem[] = journeyGraphProblems(journey.start, journey.nodes);
  /** The rule as written (null for none), compiled once to check it. */
  const rule = (source: unknown, path: string): unknown => {
    if (source === undefined || source === null) return null;
    try {
      compiled.set(source, compileRule(source, options.rules));
    } catch (error) {
      if (!(error instanceof RuleError)) throw error;
      for (const problem of error.problems) problems.push({ path: `${path}${problem.path}`, message: problem.message });
    }
    return source;
  };
  const entry = entryIR(journey.entry, rule, problems);
  if (journey.reentry.policy === "concurrent" && journey.entry.event === undefined) problems.push({ path: "/reentry/key", message: "keys runs by the entry event: a concurrent journey enters on an event" });
  const audience = rule(journey.audience, "/audience");
  const goal = journey.goal === undefined ? null : { event: journey.goal.event, where: rule(journey.goal.where, "/goal/where"), windowMs: milliseconds(journey.goal.window) };
  const exits = journey.exits.map((exit, index) => ({ event: exit.event ?? null, where: rule(exit.where, pointer("exits", index, "where")) }));
  journey.exits.forEach((exit, index) => {
    if (exit.event !== undefined && exit.event === journey.entry.event && exit.where === undefined) problems.push({ path: pointer("exits", index, "event"), message: `is the entry event ${JSON.stringify(exit.event)} with no where: it would keep everyone out` });
  });
  for (const [id, node] of Object.entries(journey.nodes)) {
    const problem = node.type === "message" ? contentProblem(node.content) : null;
    if (problem !== null) problems.push({ path: pointer("nodes", id, "content"), message: problem });
  }
  if (problems.length > 0) throw new JourneyConfigError(problems);
  const nodes = Object.entries(journey.nodes).map(([id, node]) => nodeIR(id, node, rule));
  if (problems.length > 0) throw new JourneyConfigError(problems);
  return {
    id: journey.id,
    entry,
    audience,
    reentry: reentryIR(journey.reentry),
    goal,
    exits,
    lateWake: { toleranceMs: milliseconds(journey.lateWake.tolerance), policy: journey.lateWake.policy },
    start: journey.start,
    nodes,
  };
}

function entryIR(entry: JourneyDefinition["entry"], rule: (source: unknown, path: string) => unknown, problems: LocatedProblem[]): JourneyIR["entry"] {
  if (entry.event !== undefined) return { kind: "event", event: entry.event, where: rule(entry.where, "/entry/where") };
  if (entry.segmentEntry !== undefined) return { kind: "segment", segment: entry.segmentEntry };
  const schedule = entry.scheduled as NonNullable<JourneyDefinition["entry"]["scheduled"]>;
  const windowMs = milliseconds(schedule.window);
  if (schedule.time !== undefined) return { kind: "scheduled", at: null, wall: null, every: { minuteOfDay: clockMinutes(schedule.time), weekdays: schedule.weekdays === undefined ? null : [...new Set(schedule.weekdays)].sort() }, windowMs };
  const at = parseScheduledDateTime(schedule.at as string);
  if (at === null) problems.push({ path: "/entry/scheduled/at", message: `${JSON.stringify(schedule.at)} is not a date-time that exists` });
  return { kind: "scheduled", at: at?.kind === "instant" ? at.at : null, wall: at?.kind === "local" ? wallTimeOf(...at.parts) : at === null ? 0 : null, every: null, windowMs };
}

function reentryIR(reentry: JourneyDefinition["reentry"]): JourneyIR["reentry"] {
  switch (reentry.policy) {
    case "cooldown":
      return { policy: "cooldown", cooldownMs: milliseconds(reentry.cooldown) };
    case "concurrent":
      return { policy: "concurrent", max: reentry.max, key: reentry.key.split(".") };
    default:
      return { policy: reentry.policy };
  }
}

function nodeIR(id: string, node: JourneyNodeDefinition, rule: (source: unknown, path: string) => unknown): JourneyNodeIR {
  switch (node.type) {
    case "message":
      return { type: "message", id, content: JSON.parse(JSON.stringify(node.content)) as Record<string, unknown>, channels: node.channels ?? null, category: node.category ?? null, next: node.next ?? null };
    case "delay": {
      const until = node.until === undefined ? null : { minuteOfDay: clockMinutes(node.until.time), weekdays: node.until.weekdays === undefined ? null : [...new Set(node.until.weekdays)].sort() };
      const at = node.at === undefined ? null : { path: node.at.path.split("."), offsetMs: node.at.before !== undefined ? -milliseconds(node.at.before) : node.at.after !== undefined ? milliseconds(node.at.after) : 0, otherwise: node.at.otherwise ?? null };
      return { type: "delay", id, forMs: node.for === undefined ? null : milliseconds(node.for), until, at, next: node.next };
    }
    case "waitFor":
      return {
        type: "waitFor",
        id,
        event: node.event === undefined ? null : { event: node.event, where: rule(node.where, pointer("nodes", id, "where")) },
        condition: node.condition === undefined ? null : rule(node.condition, pointer("nodes", id, "condition")),
        segment: node.segment ?? null,
        timeoutMs: milliseconds(node.timeout),
        next: node.next,
        onTimeout: node.onTimeout,
      };
    case "branch":
      return { type: "branch", id, branches: node.branches.map((branch, index) => ({ when: rule(branch.when, pointer("nodes", id, "branches", index, "when")), next: branch.next })), else: node.else };
    case "split": {
      let end = 0;
      const paths = node.paths.map((path) => ({ id: path.id, end: (end += path.weight), next: path.next }));
      return { type: "split", id, paths, total: end, sticky: node.sticky, bandit: node.bandit };
    }
    case "exit":
      return { type: "exit", id };
  }
}
