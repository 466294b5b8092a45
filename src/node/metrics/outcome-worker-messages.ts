import type { OutcomeState } from "../../metrics/state/outcome-state.js";

/** What a worker of `foldOutcomeFileInWorkers` is given (structured-cloned: plain data only). */
export interface OutcomeWorkerSetup {
  /** The config as read from its file: the worker compiles it (a compiled config holds functions). */
  readonly config: unknown;
  readonly model: string | undefined;
  readonly path: string;
  readonly latenessMs: number;
  readonly maxLineBytes: number;
  readonly settleEvery: number | undefined;
  /** The parts it folds, one after the other (each alone in memory). */
  readonly partitions: readonly number[];
  readonly of: number;
}

/** The closed counts of a settled state: everything of it but its users and config. */
export type ClosedCounts = Omit<OutcomeState, "users" | "config">;

/** The most skipped lines a worker reports one by one per part (the count goes on): a part's first lines are among them. */
export const MAX_REPORTED_SKIPS = 100;

/** What a worker answers, once its parts are folded and settled. */
export type OutcomeWorkerReply =
  | {
      readonly ok: true;
      readonly counts: readonly ClosedCounts[];
      readonly lines: number;
      readonly notJson: number;
      readonly skipped: readonly (readonly [line: number, message: string])[];
    }
  | { readonly ok: false; readonly error: string };
