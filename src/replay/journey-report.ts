import type { DecideResult } from "../engine/engine-types.js";

const addCount = (map: Map<string, number>, key: string, count: number): void => void map.set(key, (map.get(key) ?? 0) + count);
const sorted = <T>(map: Map<string, T>): [string, T][] => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** One journey's counts in a replay. */
export class JourneyCounts {
  entered = 0;
  converted = 0;
  /** Runs (a user's entries) that reached each node. */
  readonly reached = new Map<string, number>();
  readonly exited = new Map<string, number>();
  /** Milliseconds from entry to goal, one per conversion (kept to give the median; merged by concatenation). */
  readonly timesToGoal: number[] = [];
  /** Messages sent, and message steps reached that sent nothing (suppressed, or skipped when late). */
  messages = 0;
  notSent = 0;

  merge(other: JourneyCounts): void {
    this.entered += other.entered;
    this.converted += other.converted;
    this.messages += other.messages;
    this.notSent += other.notSent;
    for (const [node, runs] of other.reached) addCount(this.reached, node, runs);
    for (const [reason, count] of other.exited) addCount(this.exited, reason, count);
    for (const time of other.timesToGoal) this.timesToGoal.push(time);
  }

  /** The median time from entry to goal in ms, or null without a conversion. */
  medianTimeToGoal(): number | null {
    if (this.timesToGoal.length === 0) return null;
    const times = [...this.timesToGoal].sort((a, b) => a - b);
    const middle = times.length >> 1;
    return times.length % 2 === 1 ? (times[middle] as number) : ((times[middle - 1] as number) + (times[middle] as number)) / 2;
  }

  toJSON(): Record<string, unknown> {
    return {
      entered: this.entered,
      reached: Object.fromEntries(sorted(this.reached)),
      messages: this.messages,
      notSent: this.notSent,
      converted: this.converted,
      exited: Object.fromEntries(sorted(this.exited)),
      medianTimeToGoalMs: this.medianTimeToGoal(),
    };
  }
}

/**
 * The journeys part of a replay summary: per journey, the runs that entered, reached each node,
 * converted and exited (by reason), and the median time from entry to goal — all read from the
 * results' decisions, suppressions and `journey` records. A run reaches a node once however often
 * it passes it (a loop), so `reached` counts runs, not visits.
 *
 * @example
 * const report = new JourneyReport();
 * const visited = new Set<string>(); // one per user, kept with the user's state
 * report.add(engine.decide({ event, user, history, now }), visited);
 * report.toJSON(); // { "onboarding-series": { entered: 1, reached: { … }, converted: 0, exited: {}, medianTimeToGoalMs: null, … } }
 */
export class JourneyReport {
  readonly journeys = new Map<string, JourneyCounts>();

  #of(journey: string): JourneyCounts {
    let counts = this.journeys.get(journey);
    if (counts === undefined) this.journeys.set(journey, (counts = new JourneyCounts()));
    return counts;
  }

  /** Counts one result for a user; `visited` holds the (journey, entry, node) the user's runs reached already. */
  add(result: DecideResult, visited: Set<string>): void {
    const reach = (journey: string, entry: number, node: string): void => {
      const key = JSON.stringify([journey, entry, node]);
      if (visited.has(key)) return;
      visited.add(key);
      addCount(this.#of(journey).reached, node, 1);
    };
    for (const decision of result.decisions) {
      const message = decision.journey;
      if (message === undefined) continue;
      this.#of(message.journey).messages++;
      reach(message.journey, message.entry, message.node);
    }
    for (const suppression of result.suppressed) {
      const message = suppression.journey;
      if (message === undefined || !("key" in message)) continue;
      this.#of(message.journey).notSent++;
      reach(message.journey, message.entry, message.node);
    }
    for (const record of result.records) {
      if (record.type !== "journey") continue;
      const { action } = record;
      switch (action.type) {
        case "entered":
          this.#of(action.journey).entered++;
          break;
        case "waiting":
        case "branched":
          reach(action.journey, action.entry, action.node);
          break;
        case "skipped":
          this.#of(action.journey).notSent++;
          reach(action.journey, action.entry, action.node);
          break;
        case "converted": {
          const counts = this.#of(action.journey);
          counts.converted++;
          counts.timesToGoal.push(action.at - action.enteredAt);
          break;
        }
        case "exited":
          addCount(this.#of(action.journey).exited, action.reason, 1);
          if (action.reason === "exit-node" && action.node !== null) reach(action.journey, action.entry, action.node);
          break;
        case "problem":
          break;
      }
    }
  }

  merge(other: JourneyReport): void {
    for (const [journey, counts] of other.journeys) this.#of(journey).merge(counts);
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(sorted(this.journeys).map(([journey, counts]) => [journey, counts.toJSON()]));
  }
}
