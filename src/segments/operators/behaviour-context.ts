import type { BehaviourReader } from "./behaviour-reader.js";

/** What every behavioural operator needs to know about where and how aggregates are kept. */
export interface BehaviourContext {
  /** Retention horizon of the aggregates, in days: no window may be longer. */
  readonly horizonDays: number;
  /** Reads the aggregates and `now` from evaluated data (at the configured path), and answers shared queries. */
  readonly reader: BehaviourReader;
}
