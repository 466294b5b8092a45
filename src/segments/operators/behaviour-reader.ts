import { ownValue } from "../../json/own-value.js";
import { toEpochMilliseconds } from "../../time/timestamp.js";
import type { EventAggregate } from "../aggregates/behaviour-aggregates.js";
import type { OperatorScope } from "../../rules/custom-operators.js";
import { answerQuery, queryKey, type BehaviourQuery, type QueryAnswer } from "./behaviour-queries.js";

/** Where behavioural operators find a user's aggregates in the data a rule is evaluated on. */
export const DEFAULT_BEHAVIOUR_PATH: readonly string[] = Object.freeze(["user", "behaviour"]);

/**
 * Marks the data objects a SegmentSet builds for one evaluation (`{ user, now }`, see
 * `segmentRuleData`): nobody else holds them, so nothing changes them while they are evaluated,
 * and what was read from them can be reused by every segment of that evaluation. Its value is the
 * run the evaluation belongs to (`true`: its own): evaluations of one profile at several instants
 * within one call (nextChangeAt's days) share a run, and with it the profile's event aggregates.
 */
export const EVALUATION_DATA: unique symbol = Symbol("nudgekit.segment-evaluation-data");

/** Where the work of answering a query is charged: the calling operator's evaluation budget. */
export type QueryBudget = Pick<OperatorScope, "charge">;

/**
 * Answers a query, first charging the days it may read: aggregates come with the data, and a
 * hostile one can hold any number of daily buckets (one unit each, see docs/rules.md, Limits).
 */
export function chargedAnswer(query: BehaviourQuery, aggregate: EventAggregate | undefined, now: number | undefined, budget: QueryBudget): QueryAnswer {
  if (aggregate !== undefined) budget.charge(aggregate.ago.length);
  return answerQuery(query, aggregate, now);
}

function childOf(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? ownValue(value, key) : undefined;
}

/** The summary of one event, when the data there has the shape the queries need (they cannot throw on it). */
function asEventAggregate(event: unknown): EventAggregate | undefined {
  if (typeof event !== "object" || event === null || Array.isArray(event)) return undefined;
  const proto: unknown = Object.getPrototypeOf(event);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const { n, first, last, ago, c } = event as Record<string, unknown>;
  if (typeof n !== "number" || !(n > 0) || typeof first !== "number" || typeof last !== "number" || !Number.isFinite(first) || !Number.isFinite(last)) return undefined;
  if (!Array.isArray(ago) || !Array.isArray(c)) return undefined;
  return event as EventAggregate;
}

/**
 * Reads aggregates and `now` from evaluated data (own properties only). For data marked with
 * EVALUATION_DATA, the lookups and the values of identical queries are kept for the rest of that
 * evaluation (and only that one: the next data object starts afresh), so twenty segments asking for
 * the same window count compute it once.
 */
export class BehaviourReader {
  readonly #path: readonly string[];
  readonly #slots = new Map<string, number>();
  #root: object | undefined = undefined;
  #events: unknown = undefined;
  #now: number | undefined = undefined;
  readonly #values: unknown[] = [];
  /**
   * The evaluation each slot's value was kept in: a value counts only when its stamp is the current
   * generation, so entering new data forgets every slot at once (clearing them took a tenth of a
   * replay: nextChangeAt enters new data for every day it looks ahead).
   */
  readonly #stamps: number[] = [];
  #generation = 0;
  /** Slots of event aggregates: they depend on the profile only, and are kept for a whole run. */
  readonly #eventKinds: boolean[] = [];
  #eventGeneration = 0;
  #run: object | undefined = undefined;
  /** The query of each slot that holds one (undefined for other slots). */
  readonly #queries: (BehaviourQuery | undefined)[] = [];
  /** The slot of each query's event aggregate, by query slot. */
  readonly #eventSlots: number[] = [];

  constructor(path: readonly string[]) {
    this.#path = path;
  }

  /** The slot of a query: the same query, the same slot, so that its answer is computed once per evaluation. */
  query(query: BehaviourQuery): number {
    const slot = this.slot(`query:${queryKey(query)}`);
    if (this.#queries[slot] === undefined) {
      const eventSlot = this.slot(`event:${JSON.stringify(query.event)}`);
      this.#queries[slot] = Object.freeze({ ...query });
      this.#eventSlots[slot] = eventSlot;
    }
    return slot;
  }

  /**
   * The answer to the query in `slot` (see `query`) for `root`; kept for the rest of the evaluation
   * when `root` is evaluation data. Computing it is charged to `budget`; reading a kept one is not.
   */
  answer(root: unknown, slot: number, budget: QueryBudget): QueryAnswer {
    const query = this.#queries[slot] as BehaviourQuery;
    if (!this.#enter(root)) return chargedAnswer(query, this.event(root, query.event), this.now(root), budget);
    if (this.#stamps[slot] === this.#generation) return this.#values[slot] as QueryAnswer;
    const answer = chargedAnswer(query, this.#keptEvent(this.#eventSlots[slot] as number, query.event), this.#now, budget);
    this.#keep(slot, answer);
    return answer;
  }

  #keep(slot: number, value: unknown): void {
    this.#values[slot] = value;
    this.#stamps[slot] = this.#eventKinds[slot] === true ? this.#eventGeneration : this.#generation;
  }

  /** The aggregate of event `name` in the evaluation entered, looked up once (slot: its event slot). */
  #keptEvent(slot: number, name: string): EventAggregate | undefined {
    if (this.#stamps[slot] === this.#eventGeneration) return this.#values[slot] as EventAggregate | undefined;
    const aggregate = asEventAggregate(childOf(this.#events, name));
    this.#keep(slot, aggregate);
    return aggregate;
  }

  /** The aggregate of event `name`, looked up once per evaluation (slot: from `eventSlot`). */
  keptEvent(root: unknown, slot: number, name: string): EventAggregate | undefined {
    return this.#enter(root) ? this.#keptEvent(slot, name) : this.event(root, name);
  }

  /** The slot in which the aggregate of event `name` is kept (see `keptEvent`). */
  eventSlot(name: string): number {
    return this.slot(`event:${JSON.stringify(name)}`);
  }

  /** A slot for the values of the query described by `key` (the same key, the same slot). */
  slot(key: string): number {
    let slot = this.#slots.get(key);
    if (slot === undefined) {
      slot = this.#slots.size;
      this.#slots.set(key, slot);
      this.#values.push(undefined);
      this.#stamps.push(-1);
      this.#eventKinds.push(key.startsWith("event:"));
    }
    return slot;
  }

  /** True when `root` is evaluation data; it then becomes the data whose reads are kept. */
  #enter(root: unknown): boolean {
    if (root === this.#root) return true;
    if (typeof root !== "object" || root === null) return false;
    const marker: unknown = (root as { [EVALUATION_DATA]?: object | true })[EVALUATION_DATA];
    if (marker !== true && (typeof marker !== "object" || marker === null)) return false;
    const run = marker === true ? root : marker;
    this.#root = root;
    this.#now = toEpochMilliseconds(ownValue(root, "now"));
    this.#generation++;
    if (run !== this.#run) {
      // Another run, so another profile (or the same one in another call, perhaps changed since).
      this.#run = run;
      this.#events = this.#walkToEvents(root);
      this.#eventGeneration++;
    }
    return true;
  }

  #walkToEvents(root: unknown): unknown {
    const path = this.#path;
    let behaviour = root;
    for (let i = 0; i < path.length; i++) behaviour = childOf(behaviour, path[i] as string);
    return childOf(behaviour, "events");
  }

  /** The summary of event `name`, or undefined when the user never did it (or the data is not one). */
  event(root: unknown, name: string): EventAggregate | undefined {
    const events = this.#enter(root) ? this.#events : this.#walkToEvents(root);
    return asEventAggregate(childOf(events, name));
  }

  /** The instant evaluated at: the data's `now`, or undefined when missing or invalid. */
  now(root: unknown): number | undefined {
    return this.#enter(root) ? this.#now : toEpochMilliseconds(childOf(root, "now"));
  }
}
