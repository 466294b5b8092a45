/**
 * A compiled cap policy as plain JSON and back: what `prepareConfig` stores for a browser, and the
 * one place a `CapPolicy` object is built (so a policy loaded from data is the policy compiled).
 */
import type { CapScope } from "./cap-policy-schema.js";
import type { CapPolicy, CompiledWindow } from "./compile-cap-policy.js";
import { scopePredicate } from "./matches-scope.js";

/** A validated cap policy without its predicates and sets: JSON. */
export interface CapPolicyData {
  readonly caps: readonly { readonly id: string; readonly scope: CapScope; readonly limit: number; readonly window: CompiledWindow }[];
  readonly cooldowns: readonly { readonly id: string; readonly scope: CapScope; readonly milliseconds: number }[];
  readonly quietHours: readonly { readonly id: string; readonly channels: readonly string[]; readonly from: number; readonly to: number; readonly action: "defer" | "drop" }[];
}

/** Marks policies built here: `compileCapPolicy` returns them as they are, unvalidated again. */
export const capPolicyBrand: unique symbol = Symbol("nudgekit.cap-policy");

export function capPolicyToData(policy: CapPolicy): CapPolicyData {
  return {
    caps: policy.caps.map(({ id, scope, limit, window }) => ({ id, scope, limit, window })),
    cooldowns: policy.cooldowns.map(({ id, scope, milliseconds }) => ({ id, scope, milliseconds })),
    quietHours: policy.quietHours.map(({ id, channels, from, to, action }) => ({ id, channels: [...channels], from, to, action })),
  };
}

/** Builds the policy from validated data (no validation here: the data comes from a compiled policy). */
export function capPolicyFromData(data: CapPolicyData): CapPolicy {
  return Object.freeze({
    kind: "cap-policy" as const,
    caps: Object.freeze(data.caps.map(({ id, scope, limit, window }) => Object.freeze({ id, scope, matches: scopePredicate(scope), limit, window: Object.freeze({ ...window }) }))),
    cooldowns: Object.freeze(data.cooldowns.map(({ id, scope, milliseconds }) => Object.freeze({ id, scope, matches: scopePredicate(scope), milliseconds }))),
    quietHours: Object.freeze(data.quietHours.map(({ id, channels, from, to, action }) => Object.freeze({ id, channels: new Set(channels), from, to, action }))),
    [capPolicyBrand]: true as const,
  });
}
