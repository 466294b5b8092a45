import { isPlainObject } from "../../json/plain-object.js";
import { instantOf, type Instant } from "../../time/instant.js";
import type { SegmentSet } from "../membership/segment-set.js";

/** One profile's memberships, as streamed by `evaluateSegments`. */
export interface MembershipRow {
  /** The profile's `id` (a number becomes its decimal text), or null when it has none. */
  readonly userId: string | null;
  readonly segments: readonly string[];
}

export interface SegmentCounts {
  /** Profiles evaluated so far. */
  readonly profiles: number;
  /** Members per segment id, every segment listed (0 when empty). */
  readonly members: Readonly<Record<string, number>>;
}

/** The `id` of a profile as a user id, or null. */
export function userIdOf(profile: unknown): string | null {
  if (!isPlainObject(profile) || !Object.hasOwn(profile, "id")) return null;
  const id = profile.id;
  if (typeof id === "string") return id;
  return typeof id === "number" && Number.isFinite(id) ? String(id) : null;
}

/** Running totals per segment index. */
export class MembershipTally {
  #profiles = 0;
  readonly #members: number[];

  constructor(private readonly ids: readonly string[]) {
    this.#members = ids.map(() => 0);
  }

  /** Adds one profile's memberships (0 / 1 by index); returns the ids it is a member of. */
  add(member: Uint8Array): string[] {
    this.#profiles++;
    const segments: string[] = [];
    for (let index = 0; index < member.length; index++) {
      if (member[index] === 1) {
        this.#members[index] = (this.#members[index] as number) + 1;
        segments.push(this.ids[index] as string);
      }
    }
    return segments;
  }

  /** Adds counts computed elsewhere (another thread). */
  merge(counts: SegmentCounts): void {
    this.#profiles += counts.profiles;
    this.ids.forEach((id, index) => {
      this.#members[index] = (this.#members[index] as number) + (Object.hasOwn(counts.members, id) ? (counts.members[id] as number) : 0);
    });
  }

  snapshot(): SegmentCounts {
    return { profiles: this.#profiles, members: Object.fromEntries(this.ids.map((id, index) => [id, this.#members[index] as number])) };
  }
}

/**
 * A batch evaluation: iterate it (once; with `for await`, or `for` when the profiles are a
 * synchronous iterable) to stream `{ userId, segments }` rows; `counts` totals what has been
 * streamed so far, and every profile once iteration ends.
 */
export class SegmentEvaluation implements AsyncIterable<MembershipRow>, Iterable<MembershipRow> {
  readonly #profiles: Iterable<unknown> | AsyncIterable<unknown>;
  readonly #segments: SegmentSet;
  readonly #now: number;
  readonly #tally: MembershipTally;
  #started = false;
  #done = false;

  constructor(profiles: Iterable<unknown> | AsyncIterable<unknown>, segments: SegmentSet, now: number) {
    this.#profiles = profiles;
    this.#segments = segments;
    this.#now = now;
    this.#tally = new MembershipTally(segments.ids);
  }

  /** Members per segment and profiles so far. */
  get counts(): SegmentCounts {
    return this.#tally.snapshot();
  }

  /** True once every profile has been evaluated. */
  get done(): boolean {
    return this.#done;
  }

  *[Symbol.iterator](): Iterator<MembershipRow> {
    const profiles = this.#profiles;
    if (!(Symbol.iterator in profiles)) throw new TypeError("these profiles are an AsyncIterable: iterate the evaluation with for await");
    this.#start();
    for (const profile of profiles as Iterable<unknown>) yield this.#row(profile);
    this.#done = true;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<MembershipRow> {
    this.#start();
    for await (const profile of this.#profiles) yield this.#row(profile);
    this.#done = true;
  }

  #start(): void {
    if (this.#started) throw new TypeError("a segment evaluation can be iterated only once");
    this.#started = true;
  }

  #row(profile: unknown): MembershipRow {
    return { userId: userIdOf(profile), segments: this.#tally.add(this.#segments.memberships(profile, this.#now)) };
  }
}

/**
 * Evaluates every segment for each profile of a (possibly asynchronous, possibly endless) stream.
 * Profiles are read one at a time as the result is iterated, so memory does not grow with them.
 *
 * @throws TypeError when `now` is not a valid instant.
 */
export function evaluateSegments(profiles: Iterable<unknown> | AsyncIterable<unknown>, segments: SegmentSet, now: Instant): SegmentEvaluation {
  return new SegmentEvaluation(profiles, segments, instantOf(now));
}

/** Drains `evaluateSegments` and returns the counts only. */
export async function countSegments(profiles: Iterable<unknown> | AsyncIterable<unknown>, segments: SegmentSet, now: Instant): Promise<SegmentCounts> {
  const evaluation = evaluateSegments(profiles, segments, now);
  for await (const _row of evaluation);
  return evaluation.counts;
}
