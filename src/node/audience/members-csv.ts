import { once } from "node:events";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; an id is written as it is. */
const field = (text: string): string => (/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/**
 * The members file of `nudgekit audience`: `segment,user_id`, a row per membership, or `user_id`
 * alone for one segment. Writes wait while the stream's buffer is full (memory holds a chunk).
 *
 * @example
 * const csv = new MembersCsv(createWriteStream("members.csv"), true);
 * await csv.write("buyers", ["u1", "u2"]);
 * await csv.end();
 * // segment,user_id
 * // buyers,u1
 * // buyers,u2
 */
export class MembersCsv {
  #failure: Error | undefined;
  #started = false;

  constructor(
    private readonly stream: Writable,
    private readonly withSegment: boolean,
  ) {
    stream.on("error", (error: Error) => (this.#failure ??= error));
  }

  async write(segmentId: string, userIds: readonly unknown[]): Promise<void> {
    const prefix = this.withSegment ? `${field(segmentId)},` : "";
    let text = this.#started ? "" : this.withSegment ? "segment,user_id\n" : "user_id\n";
    this.#started = true;
    for (const id of userIds) text += `${prefix}${field(String(id))}\n`;
    await this.#push(text);
  }

  /** Writes the header if no row came, and waits until everything is written. */
  async end(): Promise<void> {
    if (!this.#started) await this.write("", []);
    this.#check();
    this.stream.end();
    await finished(this.stream);
    this.#check();
  }

  async #push(text: string): Promise<void> {
    this.#check();
    if (!this.stream.write(text)) await once(this.stream, "drain");
    this.#check();
  }

  #check(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}
