import type { Engine } from "../engine/engine.js";
import { DueQueue } from "./due-queue.js";
import type { ReplayEvent } from "./replay-input.js";
import { ReplaySummary } from "./replay-summary.js";
import { ReplayContext, UserReplay, type ReplayOutcome, type ReplayRunOptions } from "./user-replay.js";

export type { ReplayEngineError, ReplayOutcome, ReplayRunOptions } from "./user-replay.js";

/**
 * One replay, fed events one at a time in time order (what `replayEvents` runs on a sorted list,
 * and what `nudgekit replay` runs on a small log). It holds every user's state (`UserReplay`) and
 * the queue of `due` checks for the whole run: memory grows with the number of users. Decisions come
 * out in the order `DecisionPosition` defines. Pure: no I/O.
 */
export class ReplayRun {
  readonly summary = new ReplaySummary();
  readonly #context: ReplayContext;
  readonly #profiles: (userId: string) => Readonly<Record<string, unknown>> | undefined;
  readonly #users = new Map<string, UserReplay>();
  readonly #queue = new DueQueue();
  #finished = false;

  constructor(engine: Engine, profiles: (userId: string) => Readonly<Record<string, unknown>> | undefined, options: ReplayRunOptions = {}) {
    this.#context = new ReplayContext(engine, this.summary, options);
    this.#profiles = profiles;
  }

  /**
   * Replays one event: first every `due` check that falls at or before its time, then the event
   * itself. Events must come in time order.
   */
  add(entry: ReplayEvent): ReplayOutcome {
    if (this.#finished) throw new Error("this replay is finished");
    const summary = this.summary;
    if (summary.lastTime !== null && entry.time < summary.lastTime) throw new RangeError(`events must come in time order: ${entry.time} after ${summary.lastTime}`);
    this.#dueUntil(entry.time);
    summary.addTime(entry.time);
    let user = this.#users.get(entry.userId);
    if (user === undefined) {
      user = new UserReplay(this.#context, entry.userId, this.#profiles(entry.userId) ?? { id: entry.userId }, entry);
      this.#users.set(entry.userId, user);
      summary.users++;
    }
    const done = user.event(entry);
    if (done.outcome === "decided") this.#queue.schedule(user.id, done.nextCheck, user.since, user.sinceLine);
    return done.outcome;
  }

  /** Runs the `due` checks up to the last event's time, and returns the summary. */
  finish(): ReplaySummary {
    if (!this.#finished) {
      if (this.summary.lastTime !== null) this.#dueUntil(this.summary.lastTime);
      this.#finished = true;
    }
    return this.summary;
  }

  #dueUntil(until: number): void {
    const queue = this.#queue;
    for (let next = queue.popUntil(until); next !== null; next = queue.popUntil(until)) {
      const user = this.#users.get(next.user) as UserReplay;
      queue.schedule(user.id, user.due(next.at), user.since, user.sinceLine);
    }
  }
}
