import { isPlainObject } from "../../rules/rule-shape.js";
import { toEpochMilliseconds } from "../../rules/time/timestamp.js";
import type { EventAggregate } from "../aggregates/behaviour-aggregates.js";

/** Where behavioural operators find a user's aggregates in the data a rule is evaluated on. */
export const DEFAULT_BEHAVIOUR_PATH: readonly string[] = Object.freeze(["user", "behaviour"]);

function ownChild(value: unknown, key: string): unknown {
  return isPlainObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

/**
 * The summary of one event in the evaluated data, or undefined when the user never did it (or the
 * data there is not a summary). Only own properties are read; the shape is checked enough that the
 * queries cannot throw on it.
 */
export function readEventAggregate(root: unknown, path: readonly string[], name: string): EventAggregate | undefined {
  let behaviour = root;
  for (const key of path) behaviour = ownChild(behaviour, key);
  const event = ownChild(ownChild(behaviour, "events"), name);
  if (!isPlainObject(event)) return undefined;
  const { n, first, last, ago, c } = event;
  if (typeof n !== "number" || !(n > 0) || typeof first !== "number" || typeof last !== "number" || !Number.isFinite(first) || !Number.isFinite(last)) return undefined;
  if (!Array.isArray(ago) || !Array.isArray(c)) return undefined;
  return event as unknown as EventAggregate;
}

/** The instant the rule is evaluated at: the root data's `now`, or undefined when it is missing or invalid. */
export function readNow(root: unknown): number | undefined {
  return toEpochMilliseconds(ownChild(root, "now"));
}
