import type { Channel } from "../../channels/channel.js";
import type { CompiledRule } from "../../rules/compile-options.js";

/** A compiled event condition: the event's name, and the rule on `{ event, user, now, journey }` (null: always). */
export interface EventCondition {
  readonly event: string;
  readonly where: CompiledRule | null;
}

/** When a scheduled entry occurs: once (an instant, or a wall time in the user's zone), or every day (or weekday) at a local time. */
export interface ScheduledEntry {
  readonly kind: "scheduled";
  /** Once, at this instant. */
  readonly at: number | null;
  /** Once, at this wall-clock time (ms since 1970-01-01T00:00 on the local clock) in the user's zone. */
  readonly wall: number | null;
  /** Every day, or on these weekdays (0 = Sunday), at this local time. */
  readonly every: { readonly minuteOfDay: number; readonly weekdays: readonly number[] | null } | null;
  /** How long after an occurrence an input may still enter the user. */
  readonly windowMs: number;
}

/** How users enter a journey: an event (where its rule holds), coming into a segment, or a schedule. */
export type JourneyEntry = ({ readonly kind: "event" } & EventCondition) | { readonly kind: "segment"; readonly segment: string } | ScheduledEntry;

export type CompiledNode =
  | { readonly type: "message"; readonly id: string; readonly content: Readonly<Record<string, unknown>>; readonly channels: readonly Channel[] | null; readonly category: string | null; readonly next: string | null }
  | {
      readonly type: "delay";
      readonly id: string;
      readonly forMs: number | null;
      readonly until: { readonly minuteOfDay: number; readonly weekdays: readonly number[] | null } | null;
      /** The instant at a path of `{ user, event, journey }`, shifted by `offsetMs`; `otherwise` when there is none (null: leave). */
      readonly at: { readonly path: readonly string[]; readonly offsetMs: number; readonly otherwise: string | null } | null;
      readonly next: string;
    }
  | { readonly type: "waitFor"; readonly id: string; readonly event: EventCondition | null; readonly condition: CompiledRule | null; readonly segment: string | null; readonly timeoutMs: number; readonly next: string; readonly onTimeout: string }
  | { readonly type: "branch"; readonly id: string; readonly branches: readonly { readonly when: CompiledRule; readonly next: string }[]; readonly else: string }
  | {
      readonly type: "split";
      readonly id: string;
      readonly paths: readonly { readonly id: string; readonly end: number; readonly next: string }[];
      readonly total: number;
      readonly sticky: boolean;
      /** Weighed by the shares the caller passes, when it passes some (else by weight). */
      readonly bandit: boolean;
    }
  | { readonly type: "exit"; readonly id: string };

/** A journey checked and compiled once (`compileJourney`): what `journeyStep` runs. */
export interface CompiledJourney {
  readonly id: string;
  readonly entry: JourneyEntry;
  readonly audience: CompiledRule | null;
  readonly reentry:
    | { readonly policy: "never" | "after-exit" }
    | { readonly policy: "cooldown"; readonly cooldownMs: number }
    /** Up to `max` runs at once, one per value at `key` (a path into `{ event }`). */
    | { readonly policy: "concurrent"; readonly max: number; readonly key: readonly string[] };
  readonly goal: (EventCondition & { readonly windowMs: number }) | null;
  readonly exits: readonly { readonly event: string | null; readonly where: CompiledRule | null }[];
  readonly lateWake: { readonly toleranceMs: number; readonly policy: "send" | "skip" | "exit" };
  readonly start: string;
  readonly nodes: ReadonlyMap<string, CompiledNode>;
}

/** A rule as written (JSON Logic), in a journey's IR. */
type RuleSource = unknown;

/** A journey node as JSON: what `CompiledNode` is, with rules as written. */
export type JourneyNodeIR =
  | Extract<CompiledNode, { type: "message" | "delay" | "split" | "exit" }>
  | { readonly type: "waitFor"; readonly id: string; readonly event: { readonly event: string; readonly where: RuleSource | null } | null; readonly condition: RuleSource | null; readonly segment: string | null; readonly timeoutMs: number; readonly next: string; readonly onTimeout: string }
  | { readonly type: "branch"; readonly id: string; readonly branches: readonly { readonly when: RuleSource; readonly next: string }[]; readonly else: string };

/**
 * A checked journey as JSON (what an engine's prepared config holds): durations in milliseconds,
 * local times as minutes of the day, rules as written (null: none). `linkJourney` makes it runnable.
 */
export interface JourneyIR {
  readonly id: string;
  readonly entry: { readonly kind: "event"; readonly event: string; readonly where: RuleSource | null } | Exclude<JourneyEntry, { kind: "event" }>;
  readonly audience: RuleSource | null;
  readonly reentry: CompiledJourney["reentry"];
  readonly goal: { readonly event: string; readonly where: RuleSource | null; readonly windowMs: number } | null;
  readonly exits: readonly { readonly event: string | null; readonly where: RuleSource | null }[];
  readonly lateWake: CompiledJourney["lateWake"];
  readonly start: string;
  readonly nodes: readonly JourneyNodeIR[];
}
