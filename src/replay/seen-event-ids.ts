/**
 * The event ids one user's replay has already decided, to skip a redelivered event (same user, same
 * id) instead of deciding it again. The rule is the behaviour aggregates' `seen` ids: an id is
 * checked against what was remembered up to the previous event, then remembered; ids older than
 * `windowMs` before the user's latest event are forgotten, and at most `maxIds` are kept, the most
 * recent. Checking before forgetting matters: an id from 6 days before the previous event is still
 * a duplicate when it comes again 8 days after it (7-day window), as it is for the aggregates.
 * Events arrive in time order, so insertion order is time order and the oldest id is always first.
 */
export class SeenEventIds {
  readonly #times = new Map<string, number>();

  constructor(
    readonly windowMs: number,
    readonly maxIds: number,
  ) {}

  /** Whether `id` was remembered (and not yet forgotten). */
  has(id: string): boolean {
    return this.#times.has(id);
  }

  /**
   * Records a decided event at `time` (the user's latest): remembers its id, if any, then forgets
   * what is now out of the window or over the limit.
   */
  record(id: string | undefined, time: number): void {
    const times = this.#times;
    if (id !== undefined && this.maxIds > 0) times.set(id, time);
    for (const [oldest, at] of times) {
      if (at >= time - this.windowMs && times.size <= this.maxIds) break;
      times.delete(oldest);
    }
  }
}
