import { MinHeap } from "./min-heap.js";

interface ScheduledCheck {
  readonly at: number;
  /** The time and line of the user's earliest event: the order of users due at one instant. */
  readonly since: number;
  readonly sinceLine: number;
  readonly user: string;
}

/** Time, then the user's earliest event (time, line), then the user id: a total order. */
const compareChecks = (a: ScheduledCheck, b: ScheduledCheck): number => a.at - b.at || a.since - b.since || a.sinceLine - b.sinceLine || (a.user < b.user ? -1 : a.user > b.user ? 1 : 0);

/**
 * When each user should be asked `engine.due` next. Users due at the same instant come out in the
 * order they entered the replay (their earliest event's time, then line), then by id: a fixed
 * order, so that decisions made at one instant are written in the same order by every way of
 * replaying (see `DecisionPosition`).
 */
export class DueQueue {
  readonly #heap = new MinHeap<ScheduledCheck>(compareChecks);
  /** The one check that counts per user: a replaced one stays in the heap and is skipped when popped. */
  readonly #scheduled = new Map<string, number>();

  get size(): number {
    return this.#scheduled.size;
  }

  /**
   * Schedules `user`'s next check at `at` (null: none), replacing the one before.
   * `since` and `sinceLine` are the time and line of the user's earliest event.
   */
  schedule(user: string, at: number | null, since = 0, sinceLine = 0): void {
    if (at === null) {
      this.#scheduled.delete(user);
      return;
    }
    if (this.#scheduled.get(user) === at) return;
    this.#scheduled.set(user, at);
    this.#heap.push({ at, since, sinceLine, user });
  }

  /** The earliest check at or before `until`, removed; null when none. */
  popUntil(until: number): { user: string; at: number } | null {
    const heap = this.#heap;
    for (let top = heap.peek(); top !== undefined && top.at <= until; top = heap.peek()) {
      heap.pop();
      if (this.#scheduled.get(top.user) === top.at) {
        this.#scheduled.delete(top.user);
        return { user: top.user, at: top.at };
      }
    }
    return null;
  }
}
