/**
 * The event ids one user's replay has already decided, to skip a redelivered event (same user, same
 * id) instead of deciding it again. The same rule as the behaviour aggregates' `seen` ids, so that
 * an event the aggregates ignore is not decided either: ids of the events within `windowMs` of the
 * user's latest event, at most `maxIds` of them, most recent kept. Events arrive in time order, so
 * insertion order is time order and the oldest id is always the first to go.
 */
export class SeenEventIds {
  readonly #times = new Map<string, number>();

  constructor(
    readonly windowMs: number,
    readonly maxIds: number,
  ) {}

  /** Whether `id` was seen (and not forgotten); otherwise remembers it at `time`. */
  seenOrRemember(id: string, time: number): boolean {
    const times = this.#times;
    for (const [oldest, at] of times) {
      if (at >= time - this.windowMs) break;
      times.delete(oldest);
    }
    if (times.has(id)) return true;
    if (this.maxIds === 0) return false;
    times.set(id, time);
    if (times.size > this.maxIds) times.delete(times.keys().next().value as string);
    return false;
  }
}
