/**
 * When each user should be asked `engine.due` next: a binary min-heap on time. Users due at the
 * same instant come out in the order they entered the replay (their earliest event's time, then
 * line), then by id: a fixed order, so that decisions made at one instant are written in the same
 * order by every way of replaying (see `DecisionPosition`).
 */
export class DueQueue {
  readonly #at: number[] = [];
  readonly #since: number[] = [];
  readonly #sinceLines: number[] = [];
  readonly #users: string[] = [];
  /** The one check that counts per user: older entries in the heap are skipped when popped. */
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
    this.#at.push(at);
    this.#since.push(since);
    this.#sinceLines.push(sinceLine);
    this.#users.push(user);
    this.#up(this.#at.length - 1);
  }

  /** The earliest check at or before `until`, removed; null when none. */
  popUntil(until: number): { user: string; at: number } | null {
    while (this.#at.length > 0 && (this.#at[0] as number) <= until) {
      const at = this.#at[0] as number;
      const user = this.#users[0] as string;
      this.#move(this.#at.length - 1, 0);
      this.#at.pop();
      this.#since.pop();
      this.#sinceLines.pop();
      this.#users.pop();
      if (this.#at.length > 0) this.#down(0);
      if (this.#scheduled.get(user) === at) {
        this.#scheduled.delete(user);
        return { user, at };
      }
    }
    return null;
  }

  /** Whether entry `a` comes before entry `b`: time, then since, then since line, then user id. */
  #before(a: number, b: number): boolean {
    const at = this.#at, since = this.#since, lines = this.#sinceLines;
    if (at[a] !== at[b]) return (at[a] as number) < (at[b] as number);
    if (since[a] !== since[b]) return (since[a] as number) < (since[b] as number);
    if (lines[a] !== lines[b]) return (lines[a] as number) < (lines[b] as number);
    return (this.#users[a] as string) < (this.#users[b] as string);
  }

  #move(from: number, to: number): void {
    this.#at[to] = this.#at[from] as number;
    this.#since[to] = this.#since[from] as number;
    this.#sinceLines[to] = this.#sinceLines[from] as number;
    this.#users[to] = this.#users[from] as string;
  }

  #swap(a: number, b: number): void {
    [this.#at[a], this.#at[b]] = [this.#at[b] as number, this.#at[a] as number];
    [this.#since[a], this.#since[b]] = [this.#since[b] as number, this.#since[a] as number];
    [this.#sinceLines[a], this.#sinceLines[b]] = [this.#sinceLines[b] as number, this.#sinceLines[a] as number];
    [this.#users[a], this.#users[b]] = [this.#users[b] as string, this.#users[a] as string];
  }

  #up(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.#before(index, parent)) return;
      this.#swap(parent, index);
      index = parent;
    }
  }

  #down(index: number): void {
    const size = this.#at.length;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < size && this.#before(left, smallest)) smallest = left;
      if (right < size && this.#before(right, smallest)) smallest = right;
      if (smallest === index) return;
      this.#swap(smallest, index);
      index = smallest;
    }
  }
}
