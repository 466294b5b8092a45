import { ownValue } from "../../json/own-value.js";
import { isPlainObject } from "../../json/plain-object.js";
import { isHistoryText } from "../../message-history/history-entries.js";
import { Members } from "../semantics/membership.js";

/*
 * Which messages a message-history operator counts: a campaign id (`"cart-push"`), or an object
 * whose keys narrow them down, all of which must hold: `campaign`, `channel`, `tag` (one of the
 * message's tags), each a text or a list of texts (any of them). `{}` is every message.
 */

/** The keys of a selector object. */
export const SELECTOR_KEYS = Object.freeze(["campaign", "channel", "tag"] as const);
type SelectorKey = (typeof SELECTOR_KEYS)[number];

/** Texts per selector key, at most. */
export const MAX_SELECTOR_VALUES = 100;

/**
 * A selector, read: the texts of each key (null for a key that does not narrow anything), as
 * Members: an entry's text longer than 64 characters is compared, charged, rather than hashed.
 */
export interface MessageSelector {
  readonly campaign: Members | null;
  readonly channel: Members | null;
  readonly tag: Members | null;
}

export type SelectorReading = { readonly ok: true; readonly selector: MessageSelector } | { readonly ok: false; readonly reason: string; readonly at: readonly (string | number)[] };

/** Every message. */
export const ANY_MESSAGE: MessageSelector = Object.freeze({ campaign: null, channel: null, tag: null });

const KEYS: ReadonlySet<string> = new Set(SELECTOR_KEYS);
const EXPECTED = `a selector is a campaign id or an object with ${SELECTOR_KEYS.map((key) => JSON.stringify(key)).join(", ")} (each a text or a list of texts)`;

/** Whether an argument as written is a selector object (data), not a rule: see OperatorSpec.dataArgument. */
export function isSelectorLiteral(rule: unknown, isOperator: (name: string) => boolean): boolean {
  if (!isPlainObject(rule)) return false;
  const keys = Object.keys(rule);
  return !(keys.length === 1 && isOperator(keys[0] as string));
}

/**
 * Reads a selector, charging `charge` for the work first (a selector from data may be large): one
 * unit per key and per text, and one per character of the texts, which the sets hash.
 */
export function readSelector(value: unknown, charge?: (units: number) => void): SelectorReading {
  if (typeof value === "string") {
    charge?.(1 + value.length);
    return isHistoryText(value) ? { ok: true, selector: { campaign: new Members([value]), channel: null, tag: null } } : { ok: false, reason: `a campaign id is a text of 1 to 1024 characters`, at: [] };
  }
  if (!isPlainObject(value)) return { ok: false, reason: EXPECTED, at: [] };
  const keys = Object.keys(value);
  charge?.(keys.length);
  const selector: Record<SelectorKey, Members | null> = { campaign: null, channel: null, tag: null };
  for (const key of keys) {
    if (!KEYS.has(key)) return { ok: false, reason: `unknown selector key ${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)} (known keys: ${SELECTOR_KEYS.join(", ")})`, at: [key] };
    const texts = ownValue(value, key);
    const list = Array.isArray(texts) ? texts : [texts];
    if (list.length === 0 || list.length > MAX_SELECTOR_VALUES) return { ok: false, reason: `"${key}" takes a text or a list of 1 to ${MAX_SELECTOR_VALUES} texts`, at: [key] };
    charge?.(list.length);
    for (let index = 0; index < list.length; index++) {
      const text: unknown = list[index];
      if (!isHistoryText(text)) return { ok: false, reason: `"${key}" takes texts of 1 to 1024 characters`, at: Array.isArray(texts) ? [key, index] : [key] };
      charge?.(text.length);
    }
    selector[key as SelectorKey] = new Members(list);
  }
  return { ok: true, selector: Object.freeze(selector) };
}
