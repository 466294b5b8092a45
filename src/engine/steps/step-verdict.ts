import { isInstant } from "../../time/instant.js";

/** One step's answer for one campaign: pass, or a no with its reason (a value, never an exception). */
export type StepResult = { readonly pass: true; readonly detail: string } | StepRefusal;

export interface StepRefusal {
  readonly pass: false;
  readonly reason: string;
  readonly detail: string;
  /** When the step could pass (epoch ms), null when never, absent when it depends on something else than time. */
  readonly retryAt?: number | null;
}

export const passed = (detail: string): StepResult => ({ pass: true, detail });
/** A refusal; a `retryAt` that is no instant inside the Date range (one computed past its end) is null: it never comes. */
export const refused = (reason: string, detail: string, retryAt?: number | null): StepRefusal =>
  retryAt === undefined ? { pass: false, reason, detail } : { pass: false, reason, detail, retryAt: retryAt !== null && isInstant(retryAt) ? retryAt : null };
