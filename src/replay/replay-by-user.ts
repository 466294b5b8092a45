import type { Engine } from "../engine/engine.js";
import type { ReplayEvent } from "./replay-input.js";
import { ReplaySummary } from "./replay-summary.js";
import { ReplayContext, UserReplay, type ReplayOutcome, type ReplayRunOptions } from "./user-replay.js";

/**
 * A replay fed one user at a time: events ordered by user id, then time, then line (a log sorted
 * by user on disk, as `nudgekit replay` does for logs that do not fit in memory). Users are
 * independent (the engine is stateless; a user's aggregates, history, duplicate ids and due checks
 * depend on their events only), so this gives each user the same engine calls as `ReplayRun` does in
 * time order, as long as `until` is the log's last event time: the due checks of every user run up
 * to it. Memory holds one user's state: it is dropped once the user's last event and due checks are
 * done. The summary is the same as `ReplayRun`'s; decisions come user by user, each with its
 * `DecisionPosition` to put them back in the replay's order. Pure: no I/O.
 */
export class ReplayByUser {
  readonly summary = new ReplaySummary();
  readonly #context: ReplayContext;
  readonly #profiles: (userId: string) => Readonly<Record<string, unknown>> | undefined;
  readonly #until: number;
  #user: UserReplay | null = null;
  #nextCheck: number | null = null;
  #lastTime = Number.NEGATIVE_INFINITY;
  #lastLine = Number.NEGATIVE_INFINITY;
  #finished = false;

  /** @param until - the last event time of the whole log: each user's due checks run up to it. */
  constructor(engine: Engine, until: number, profiles: (userId: string) => Readonly<Record<string, unknown>> | undefined, options: ReplayRunOptions = {}) {
    this.#context = new ReplayContext(engine, this.summary, options);
    this.#until = until;
    this.#profiles = profiles;
  }

  /** Replays one event: first the user's `due` checks that fall at or before its time, then the event. */
  add(entry: ReplayEvent): ReplayOutcome {
    if (this.#finished) throw new Error("this replay is finished");
    if (entry.time > this.#until) throw new RangeError(`event at ${entry.time} after the end of the replay (${this.#until})`);
    let user = this.#user;
    if (user === null || user.id !== entry.userId) {
      if (user !== null && !(entry.userId > user.id)) throw new RangeError(`events must come by user id: ${JSON.stringify(entry.userId)} after ${JSON.stringify(user.id)}`);
      this.#finishUser();
      user = new UserReplay(this.#context, entry.userId, this.#profiles(entry.userId) ?? { id: entry.userId }, entry);
      this.#user = user;
      this.summary.users++;
    } else if (entry.time < this.#lastTime || (entry.time === this.#lastTime && (entry.line ?? 0) < this.#lastLine)) {
      throw new RangeError(`a user's events must come in time order: ${entry.time} after ${this.#lastTime}`);
    }
    this.#lastTime = entry.time;
    this.#lastLine = entry.line ?? 0;
    this.#dueUntil(entry.time);
    this.summary.addTime(entry.time);
    const done = user.event(entry);
    if (done.outcome === "decided") this.#nextCheck = done.nextCheck;
    return done.outcome;
  }

  /** Finishes the last user (their due checks up to `until`), and returns the summary. */
  finish(): ReplaySummary {
    if (!this.#finished) {
      this.#finishUser();
      this.#finished = true;
    }
    return this.summary;
  }

  #finishUser(): void {
    if (this.#user === null) return;
    this.#dueUntil(this.#until);
    this.#user = null;
    this.#nextCheck = null;
    this.#lastTime = Number.NEGATIVE_INFINITY;
    this.#lastLine = Number.NEGATIVE_INFINITY;
  }

  /** The user's due checks at or before `until`, in time order (what the time-ordered queue does for one user). */
  #dueUntil(until: number): void {
    const user = this.#user as UserReplay;
    while (this.#nextCheck !== null && this.#nextCheck <= until) {
      const at = this.#nextCheck;
      this.#nextCheck = user.due(at);
    }
  }
}
