/// <reference types="node" />
import type { DecisionPosition } from "../../replay/decision-order.js";
import { ExternalSort, type SortBuffer } from "./external-sort.js";
import type { RunFormat } from "./sorted-runs.js";
import type { TemporaryFolder } from "./temporary-folder.js";

/** A line of decisions.jsonl, with where it goes: its position, and the order it was made in (`sequence`). */
interface PositionedLine {
  readonly at: number;
  readonly cause: number;
  readonly userSince: number;
  readonly userSinceLine: number;
  readonly sequence: number;
  readonly text: string;
}

/**
 * By position (`compareDecisionPositions`), then the order they were made in. In a file the line
 * of a user's earliest event is theirs alone, so the user id is not needed to tell users apart.
 */
const BY_POSITION: RunFormat<PositionedLine> = {
  compare: (a, b) => a.at - b.at || a.cause - b.cause || a.userSince - b.userSince || a.userSinceLine - b.userSinceLine || a.sequence - b.sequence,
  toLine: (record) => `${record.at}\t${record.cause}\t${record.userSince}\t${record.userSinceLine}\t${record.sequence}\t${record.text}`,
  fromLine: (text) => {
    const fields: number[] = [];
    let from = 0;
    for (let index = 0; index < 5; index++) {
      const tab = text.indexOf("\t", from);
      fields.push(Number(text.slice(from, tab)));
      from = tab + 1;
    }
    const [at, cause, userSince, userSinceLine, sequence] = fields as [number, number, number, number, number];
    return { at, cause, userSince, userSinceLine, sequence, text: text.slice(from) };
  },
};

/**
 * The decisions of a replay run one user at a time, put back in the replay's order
 * (`DecisionPosition`: the order the time-ordered replay writes them in) with bounded memory:
 * held while they fit in `buffer`, otherwise sorted in runs on disk and merged.
 */
export class OrderedDecisions {
  readonly #sort: ExternalSort<PositionedLine>;
  #sequence = 0;

  constructor(folder: TemporaryFolder, buffer: SortBuffer) {
    this.#sort = new ExternalSort(BY_POSITION, folder, "decisions", buffer);
  }

  get count(): number {
    return this.#sort.count;
  }

  /** Adds one line (without its line break); `spill()` first when `full`. */
  add(position: DecisionPosition, text: string): void {
    this.#sort.add({ at: position.at, cause: position.cause, userSince: position.userSince, userSinceLine: position.userSinceLine, sequence: this.#sequence++, text }, text.length);
  }

  get full(): boolean {
    return this.#sort.full;
  }

  spill(): Promise<void> {
    return this.#sort.spill();
  }

  /** The lines in order, in batches. */
  async *lines(): AsyncGenerator<string[]> {
    for await (const records of this.#sort.sorted()) yield records.map((record) => record.text);
  }
}
