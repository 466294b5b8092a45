import * as fc from "fast-check";
import type { AggregatePolicy } from "../segments/aggregates/aggregate-policy-model.js";
import { behaviourPlanArbitrary, foldInto, pastEvents } from "./behaviour-plan.js";
import type { ConfigVocabulary } from "./config-vocabulary.js";
import { eventSequenceArbitrary, type TimedEvent } from "./event-sequence-arbitrary.js";
import { profileArbitrary } from "./profile-arbitrary.js";
import { DAY, DEFAULT_ANCHOR, instantNear } from "./time-anchors.js";

/** One user and what they do: the input of a simulation. */
export interface UserScenario {
  readonly user: unknown;
  readonly events: readonly TimedEvent[];
}

export interface ScenarioOptions {
  readonly vocabulary: ConfigVocabulary;
  /** The config's aggregation policy (`engine.behaviour`): users get aggregates of a generated past. */
  readonly behaviour: AggregatePolicy | null;
  readonly users?: fc.Arbitrary<unknown>;
  readonly events?: fc.Arbitrary<readonly TimedEvent[]>;
  readonly spanDays: number;
}

/**
 * A generated user (with a past folded into their aggregates, up to the first event) and a
 * sequence of their events near the instants the config names. Sequences are generated from 0 and
 * shifted, so that the start, the user and the events shrink independently.
 */
export function userScenarioArbitrary(options: ScenarioOptions): fc.Arbitrary<UserScenario> {
  const { vocabulary, behaviour } = options;
  const start = instantNear([...vocabulary.instants, DEFAULT_ANCHOR], 3 * DAY, 7 * DAY);
  const past = behaviour === null || options.users !== undefined ? fc.constant([]) : behaviourPlanArbitrary({ events: vocabulary.trackedEvents, eventProperties: vocabulary.eventProperties, favoured: vocabulary.behaviourEvents, horizonDays: behaviour.horizonDays });
  const events = options.events ?? eventSequenceArbitrary({ start: 0, spanDays: options.spanDays, vocabulary });
  const shift = options.events === undefined;
  return fc.record({ start, user: options.users ?? profileArbitrary({ vocabulary }), past, events }).map(({ start: from, user, past: plan, events: list }) => {
    const timed = shift ? list.map((event) => ({ ...event, time: event.time + from })) : [...list];
    const first = timed[0]?.time ?? from;
    const withPast = behaviour !== null && options.users === undefined && plan.length > 0 ? { ...(user as object), behaviour: foldInto(null, pastEvents(plan, first), behaviour) } : user;
    return { user: withPast, events: timed };
  });
}
