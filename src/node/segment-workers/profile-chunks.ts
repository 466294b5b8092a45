/** A run of consecutive profiles; `offset` is the index of the first one in the input. */
export interface ProfileChunk {
  readonly offset: number;
  readonly profiles: unknown[];
}

/**
 * Reads a synchronous or asynchronous iterable of profiles a chunk at a time, on demand, so only
 * the chunks in flight are ever held. Closing it early calls the input's `return()` as `for … of`
 * would on `break` (but not after the input itself threw or ended).
 */
export class ProfileChunkReader {
  readonly #iterator: Iterator<unknown> | AsyncIterator<unknown>;
  readonly #sync: boolean;
  readonly #size: number;
  #offset = 0;
  #open = true;

  constructor(profiles: Iterable<unknown> | AsyncIterable<unknown>, size: number) {
    this.#sync = !(Symbol.asyncIterator in profiles);
    this.#iterator = this.#sync ? (profiles as Iterable<unknown>)[Symbol.iterator]() : (profiles as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    this.#size = size;
  }

  /** The next chunk, or undefined once the input has ended. Rejects with the input's own error. */
  async next(): Promise<ProfileChunk | undefined> {
    if (!this.#open) return undefined;
    const profiles: unknown[] = [];
    try {
      while (profiles.length < this.#size) {
        // A synchronous input is read without awaiting each profile: a microtask apiece adds up.
        const step = this.#sync ? (this.#iterator as Iterator<unknown>).next() : await this.#iterator.next();
        if (step.done === true) {
          this.#open = false;
          break;
        }
        profiles.push(step.value);
      }
    } catch (error) {
      this.#open = false;
      throw error;
    }
    if (profiles.length === 0) return undefined;
    const chunk = { offset: this.#offset, profiles };
    this.#offset += profiles.length;
    return chunk;
  }

  /** Lets the input release what it holds when reading stops before its end. */
  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    await this.#iterator.return?.();
  }
}
