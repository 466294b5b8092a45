import * as fc from "fast-check";
import type { EngineEvent } from "../engine/engine-types.js";
import type { ConfigVocabulary } from "./config-vocabulary.js";
import { fieldsArbitrary } from "./json-values.js";

export interface EventArbitraryOptions {
  /** Event names (default: the vocabulary's events, trigger events more often; else a few e-commerce ones). */
  readonly names?: readonly string[];
  /** Property values per event name, per property path (default: the vocabulary's `eventProperties`). */
  readonly properties?: Readonly<Record<string, Readonly<Record<string, readonly unknown[]>>>>;
  readonly vocabulary?: ConfigVocabulary;
}

const DEFAULT_EVENTS = ["app_open", "signup", "product_viewed", "add_to_cart", "checkout_started", "purchase"];
/** Properties templates often read, present on any event now and then. */
const COMMON_PROPERTIES: Readonly<Record<string, readonly unknown[]>> = { product_name: ["chips", "Greek yoghurt 4×125 g", "<i>tea</i>"], order_id: ["o-1", "o/2 & 3"] };

/** Names with their weights: trigger events three times as often as other events. */
function weightedNames(options: EventArbitraryOptions): { name: string; weight: number }[] {
  if (options.names !== undefined) return options.names.map((name) => ({ name, weight: 1 }));
  const vocabulary = options.vocabulary;
  if (vocabulary === undefined || vocabulary.events.length === 0) return DEFAULT_EVENTS.map((name) => ({ name, weight: 1 }));
  return vocabulary.events.map((name) => ({ name, weight: vocabulary.triggerEvents.includes(name) ? 3 : 1 }));
}

/**
 * Events `{ name, properties }` as `decide` reads them: the names a config reacts to and the
 * property values its trigger conditions compare with (from `configVocabulary`), so that generated
 * events satisfy the config's triggers, and sometimes just fail them.
 *
 * @example
 * fc.sample(eventArbitrary({ vocabulary: configVocabulary(config) }), 3);
 * // [{ name: "add_to_cart", properties: { category: "chips" } }, { name: "checkout_started", properties: { value: 1 } }, …]
 */
export function eventArbitrary(options: EventArbitraryOptions = {}): fc.Arbitrary<EngineEvent> {
  const names = weightedNames(options);
  if (names.length === 0) throw new RangeError("eventArbitrary needs at least one event name");
  const properties = options.properties ?? options.vocabulary?.eventProperties ?? {};
  return fc.oneof(
    ...names.map(({ name, weight }) => ({
      weight,
      arbitrary: fc.tuple(fieldsArbitrary(Object.hasOwn(properties, name) ? properties[name]! : {}), fieldsArbitrary(COMMON_PROPERTIES)).map(([own, common]): EngineEvent => {
        const merged = { ...common, ...own };
        return Object.keys(merged).length === 0 ? { name } : { name, properties: merged };
      }),
    })),
  );
}
