/**
 * Where a decision stands in a replay's decisions. Every way of running a replay (in time order,
 * or one user at a time and merged back) gives its decisions in this one order:
 *
 * 1. by `at`, the instant of the engine call that made them;
 * 2. at one instant, first the due checks that were waiting for it (`cause` 0), then the events of
 *    that instant by line, each followed by the due checks its user then has at that same instant
 *    (`cause`: the event's line);
 * 3. users whose due checks wait for the same instant: in the order they entered the replay, that
 *    is by their earliest event (its time, then its line), then by user id;
 * 4. one user's decisions at one place: in the order the engine returned them.
 *
 * So the decisions depend only on the events in time order (ties by line), not on how the log was
 * laid out. `replayEvents` numbers events without a line by their place in its `events`.
 */
export interface DecisionPosition {
  /** The instant of the `decide` or `due` call (epoch ms). */
  readonly at: number;
  /** 0 for a due check waiting for `at`; otherwise the line of the event this call follows (or is). */
  readonly cause: number;
  /** The time and the line of the user's earliest event. */
  readonly userSince: number;
  readonly userSinceLine: number;
  readonly userId: string;
}

/**
 * Orders two positions of the decisions of one replay (see `DecisionPosition`); decisions at equal
 * positions keep the order in which the replay made them.
 *
 * @example
 * compareDecisionPositions({ at: 5, cause: 0, userSince: 4, userSinceLine: 9, userId: "b" }, { at: 5, cause: 3, userSince: 1, userSinceLine: 1, userId: "a" })
 * // < 0: a due check waiting for the instant comes before the events of that instant
 */
export function compareDecisionPositions(a: DecisionPosition, b: DecisionPosition): number {
  return a.at - b.at || a.cause - b.cause || compareUsers(a, b);
}

/** Users in the order they entered the replay: by their earliest event (time, then line), then by id. */
function compareUsers(a: Pick<DecisionPosition, "userSince" | "userSinceLine" | "userId">, b: Pick<DecisionPosition, "userSince" | "userSinceLine" | "userId">): number {
  return a.userSince - b.userSince || a.userSinceLine - b.userSinceLine || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
}
