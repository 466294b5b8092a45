/**
 * The cap policy model: its JSON IR (what `compileCapPolicy` validates a policy into, and what a
 * prepared config stores) and `linkCapPolicy`, the one place a runnable `CapPolicy` is built from it.
 */
import type { CapScope } from "./cap-policy-schema.js";
import { scopePredicate, type ScopedMessage } from "./matches-scope.js";

export type CompiledWindow =
  | { readonly kind: "rolling"; readonly milliseconds: number }
  | { readonly kind: "calendar"; readonly unit: "day" | "week" | "month"; readonly weekStartsOn: number }
  | { readonly kind: "session" }
  | { readonly kind: "lifetime" };

/** A validated cap policy as JSON: no predicates, no sets. */
export interface CapPolicyIR {
  readonly caps: readonly { readonly id: string; readonly scope: CapScope; readonly limit: number; readonly window: CompiledWindow }[];
  readonly cooldowns: readonly { readonly id: string; readonly scope: CapScope; readonly milliseconds: number }[];
  readonly quietHours: readonly { readonly id: string; readonly channels: readonly string[]; readonly from: number; readonly to: number; readonly action: "defer" | "drop" }[];
}

export interface CompiledCap {
  readonly id: string;
  readonly scope: CapScope;
  /** The scope as a predicate. */
  readonly matches: (message: ScopedMessage) => boolean;
  readonly limit: number;
  readonly window: CompiledWindow;
}

export interface CompiledCooldown {
  readonly id: string;
  readonly scope: CapScope;
  readonly matches: (message: ScopedMessage) => boolean;
  readonly milliseconds: number;
}

export interface CompiledQuietHours {
  readonly id: string;
  readonly channels: ReadonlySet<string>;
  /** Minutes after local midnight. */
  readonly from: number;
  readonly to: number;
  readonly action: "defer" | "drop";
}

/** A validated cap policy. Immutable. */
export interface CapPolicy {
  readonly kind: "cap-policy";
  readonly caps: readonly CompiledCap[];
  readonly cooldowns: readonly CompiledCooldown[];
  readonly quietHours: readonly CompiledQuietHours[];
}

/** Marks policies built here: `compileCapPolicy` returns them as they are, unvalidated again. */
export const capPolicyBrand: unique symbol = Symbol("nudgekit.cap-policy");

/** The runnable policy of a validated IR (no validation here: `compileCapPolicy` or `loadEngine`'s checks made it). */
export function linkCapPolicy(ir: CapPolicyIR): CapPolicy {
  return Object.freeze({
    kind: "cap-policy" as const,
    caps: Object.freeze(ir.caps.map(({ id, scope, limit, window }) => Object.freeze({ id, scope, matches: scopePredicate(scope), limit, window: Object.freeze({ ...window }) }))),
    cooldowns: Object.freeze(ir.cooldowns.map(({ id, scope, milliseconds }) => Object.freeze({ id, scope, matches: scopePredicate(scope), milliseconds }))),
    quietHours: Object.freeze(ir.quietHours.map(({ id, channels, from, to, action }) => Object.freeze({ id, channels: new Set(channels), from, to, action }))),
    [capPolicyBrand]: true as const,
  });
}
