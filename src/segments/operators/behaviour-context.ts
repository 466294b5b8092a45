/** What every behavioural operator needs to know about where and how aggregates are kept. */
export interface BehaviourContext {
  /** Retention horizon of the aggregates, in days: no window may be longer. */
  readonly horizonDays: number;
  /** Where the aggregates are in the evaluated data (default `user.behaviour`). */
  readonly path: readonly string[];
}
