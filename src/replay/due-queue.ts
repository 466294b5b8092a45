/** When each user should be asked `engine.due` next: a binary min-heap on time, ties by user id insertion order. */
export class DueQueue {
  readonly #at: number[] = [];
  readonly #users: string[] = [];
  /** The one check that counts per user: older entries in the heap are skipped when popped. */
  readonly #scheduled = new Map<string, number>();

  get size(): number {
    return this.#scheduled.size;
  }

  schedule(user: string, at: number | null): void {
    if (at === null) {
      this.#scheduled.delete(user);
      return;
    }
    if (this.#scheduled.get(user) === at) return;
    this.#scheduled.set(user, at);
    this.#at.push(at);
    this.#users.push(user);
    this.#up(this.#at.length - 1);
  }

  /** The earliest check at or before `until`, removed; null when none. */
  popUntil(until: number): { user: string; at: number } | null {
    while (this.#at.length > 0 && (this.#at[0] as number) <= until) {
      const at = this.#at[0] as number;
      const user = this.#users[0] as string;
      this.#removeTop();
      if (this.#scheduled.get(user) === at) {
        this.#scheduled.delete(user);
        return { user, at };
      }
    }
    return null;
  }

  #removeTop(): void {
    const lastAt = this.#at.pop() as number;
    const lastUser = this.#users.pop() as string;
    if (this.#at.length === 0) return;
    this.#at[0] = lastAt;
    this.#users[0] = lastUser;
    this.#down(0);
  }

  #swap(a: number, b: number): void {
    [this.#at[a], this.#at[b]] = [this.#at[b] as number, this.#at[a] as number];
    [this.#users[a], this.#users[b]] = [this.#users[b] as string, this.#users[a] as string];
  }

  #up(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((this.#at[parent] as number) <= (this.#at[index] as number)) return;
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
      if (left < size && (this.#at[left] as number) < (this.#at[smallest] as number)) smallest = left;
      if (right < size && (this.#at[right] as number) < (this.#at[smallest] as number)) smallest = right;
      if (smallest === index) return;
      this.#swap(smallest, index);
      index = smallest;
    }
  }
}
